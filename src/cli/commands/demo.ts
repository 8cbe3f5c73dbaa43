import type { Command } from 'commander'
import type { DemoReport } from '../../modules/demo/index.js'
import { loadDemo } from '../../modules/demo/index.js'
import { say, withDeps } from '../context.js'

/** Prints what the demo loader did and the demo accounts (DEMO ONLY). */
export function printDemoReport(r: DemoReport): void {
  say(
    r.organsCreated.length + r.usersCreated.length + r.grantsAdded + r.catalogue.created === 0
      ? '演示数据已存在，未作改动 (demo data already present: nothing changed)'
      : `已载入演示数据 (demo data loaded): ${r.organsCreated.length} organs, ${r.usersCreated.length} accounts, ${r.grantsAdded} role grants, ${r.catalogue.created} disclosure items`,
  )
  say('')
  say('演示账号 (DEMO ONLY — never use these passwords on a real installation):')
  const width = Math.max(...r.accounts.map((a) => a.username.length))
  for (const a of r.accounts) {
    say(`  ${a.username.padEnd(width)}  ${a.password}  ${a.roles}`)
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load the demo organs (张店区) and one account per role; running it again changes nothing')
    .action(async () => {
      printDemoReport(await withDeps((deps) => loadDemo(deps)))
    })
}
