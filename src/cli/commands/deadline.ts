import type { Command } from 'commander'
import {
  clockSummaryText,
  computeClock,
  explainDayText,
  type ClockInput,
} from '../../modules/requests/index.js'
import { dayNumber } from '../../shared/calendar/workdays.js'
import { DomainError } from '../../shared/errors.js'
import { say, withDeps } from '../context.js'

interface DeadlineOptions {
  received?: string
  correctionRequested?: string
  corrected?: string
  consultation: string[]
  extension: string[]
  json?: boolean
}

function bad(detail: string): never {
  throw new DomainError('CLI_ARGUMENT_INVALID', detail, { userMessage: `命令行参数有误：${detail}` })
}

function date(value: string | undefined, flag: string): string {
  if (value === undefined) {
    bad(`${flag} is required`)
  }
  try {
    dayNumber(value)
  } catch {
    bad(`${flag} must be a date YYYY-MM-DD, got ${value}`)
  }
  return value
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/** The clock's input from the command line; bad arguments throw CLI_ARGUMENT_INVALID (exit 2). */
export function deadlineInput(o: DeadlineOptions): ClockInput {
  const received = date(o.received, '--received')
  if ((o.correctionRequested === undefined) !== (o.corrected === undefined)) {
    bad('--correction-requested and --corrected go together')
  }
  const consultations = o.consultation.map((v) => {
    const [sent, replied, ...rest] = v.split(':')
    if (rest.length > 0 || replied === undefined) {
      bad(`--consultation must be SENT:REPLIED (YYYY-MM-DD:YYYY-MM-DD), got ${v}`)
    }
    return { sent: date(sent, '--consultation'), replied: date(replied, '--consultation') }
  })
  const extensions = o.extension.map((v) => {
    if (!/^\d+$/.test(v)) {
      bad(`--extension must be a whole number of working days, got ${v}`)
    }
    return Number(v)
  })
  return {
    received,
    correction:
      o.correctionRequested === undefined
        ? null
        : {
            requested: date(o.correctionRequested, '--correction-requested'),
            corrected: date(o.corrected, '--corrected'),
          },
    consultations,
    extensions,
  }
}

/** `gongkai deadline`: a request's statutory due date and every day of it explained. */
export function registerDeadline(program: Command): void {
  program
    .command('deadline')
    .description(
      "a request's reply due date on the installation's working-day calendar, each day explained (条例 Arts. 30-33)",
    )
    .option('--received <date>', 'date of receipt, YYYY-MM-DD (条例 Art. 31)')
    .option('--correction-requested <date>', 'day the 补正 notice was issued (with --corrected)')
    .option('--corrected <date>', 'day the corrected request was received: the clock restarts (Art. 30)')
    .option(
      '--consultation <sent:replied>',
      'a consultation, not counted (Art. 33 para. 2); repeatable',
      collect,
      [],
    )
    .option(
      '--extension <n>',
      'an approved extension in working days (once, ≤ the legal maximum)',
      collect,
      [],
    )
    .option('--json', 'print {"due": "YYYY-MM-DD", "explanation": [...]}')
    .action(async (o: DeadlineOptions) => {
      const input = deadlineInput(o)
      const result = await withDeps(async (deps) => computeClock(await deps.calendar.get(), input))
      if (o.json) {
        const { due, explanation, ...rest } = result
        say(JSON.stringify({ due, explanation, ...rest }, null, 2))
        return
      }
      for (const line of clockSummaryText(result)) {
        say(line)
      }
      say('逐日说明：')
      for (const d of result.explanation) {
        say(`  ${explainDayText(d)}`)
      }
    })
}
