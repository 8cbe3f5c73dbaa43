import type { Command } from 'commander'
import { serve } from '../../main.js'

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the platform over HTTP')
    .option('--port <n>', 'port to listen on (default: $PORT or 3000)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { port?: number }) => {
      await serve({ port: opts.port })
    })
}
