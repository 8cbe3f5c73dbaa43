import type { Command } from 'commander'
import { verifyAuditChain } from '../../modules/audit/index.js'
import { say, withDeps } from '../context.js'

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('audit trail tools')
  audit
    .command('verify')
    .description('check the hash chain; exits non-zero naming the first broken entry')
    .action(async () => {
      const result = await withDeps((deps) => verifyAuditChain(deps.db.kysely))
      if (!result.ok && result.firstBroken) {
        process.stderr.write(
          `审计日志校验失败 (audit chain broken) at entry #${result.firstBroken.seq}: ${result.firstBroken.problem}\n`,
        )
        process.exitCode = 2
        return
      }
      say(`审计日志完整 (audit chain intact): ${result.checked} entries verified`)
    })
}
