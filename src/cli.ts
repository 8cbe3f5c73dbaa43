import { Command, CommanderError } from 'commander'
import { readFileSync } from 'node:fs'
import { registerCommands } from './cli/commands/index.js'
import { isDomainError, type ErrorCode } from './shared/errors.js'

/** The version in package.json (`gongkai --version`). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}

/** Exit status of a configuration the CLI refuses before it opens or creates anything. */
export const EXIT_CONFIG_INVALID = 2

/** The one map from error codes to exit statuses; any other failure exits 1. */
export const EXIT_CODES: Partial<Record<ErrorCode, number>> = {
  CONFIG_INVALID: EXIT_CONFIG_INVALID,
  // bad arguments, including an impossible sequence of events given to `gongkai deadline`
  CLI_ARGUMENT_INVALID: 2,
  CLOCK_EVENT_BEFORE_RECEIPT: 2,
  CLOCK_CORRECTION_BEFORE_REQUEST: 2,
  CLOCK_CORRECTION_CONFLICT: 2,
  CLOCK_EXTENSION_REPEATED: 2,
  CLOCK_EXTENSION_OVER_MAXIMUM: 2,
  CLOCK_CONSULTATION_REPLY_BEFORE_SENT: 2,
  CLOCK_FEE_PAID_BEFORE_NOTICE: 2,
  // the working-day calendar lacks a year a count needs
  CALENDAR_YEAR_NOT_COVERED: 3,
}

/** Builds the `gongkai` command line; every command honours DATABASE_URL. */
export function buildProgram(): Command {
  const program = new Command()
  program
    .name('gongkai')
    .description('Gongkai (公开): government information disclosure platform')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--verbose', 'print stack traces on errors')
    .exitOverride()
    .showHelpAfterError()
  registerCommands(program)
  return program
}

/** Runs the CLI: errors become one plain line and a non-zero exit; the stack only with --verbose. */
export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram()
  const verbose = argv.includes('--verbose')
  try {
    await program.parseAsync(argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode
      return
    }
    const message = isDomainError(err)
      ? `${err.userMessage} (${err.code}: ${err.message})`
      : err instanceof Error
        ? err.message
        : String(err)
    process.stderr.write(`错误 (error): ${message}\n`)
    if (verbose && err instanceof Error && err.stack) {
      process.stderr.write(`${err.stack}\n`)
    }
    process.exitCode = isDomainError(err) ? (EXIT_CODES[err.code] ?? 1) : 1
  }
}

// `gongkai org list | head` closes stdout early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') {
    process.exit(process.exitCode ?? 0)
  }
  throw err
})

await runCli(process.argv)
