import type { Command } from 'commander'
import { isEmptyInstallation, loadDemo } from '../../modules/demo/index.js'
import { serve } from '../../main.js'
import { say, withDeps } from '../context.js'
import { printDemoReport } from './demo.js'

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('migrate, load the demo data into an empty database, then serve (what `npm start` runs)')
    .option('--port <n>', 'port to listen on (default: $PORT or 3000)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { port?: number }) => {
      const loaded = await withDeps(async (deps) => {
        if (!(await isEmptyInstallation(deps))) {
          return null
        }
        return loadDemo(deps)
      })
      if (loaded) {
        printDemoReport(loaded)
        say('')
      }
      await serve({ port: opts.port })
    })
}
