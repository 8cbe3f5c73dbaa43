import type { Command } from 'commander'
import {
  auditKeyring,
  verifyAuditChain,
  writeCheckpoint,
  type AuditVerifyResult,
} from '../../modules/audit/index.js'
import { DomainError } from '../../shared/errors.js'
import { say, withDeps } from '../context.js'

/** Exit status when the chain or an anchor does not hold (1 is any other error). */
const EXIT_TAMPERED = 2

function printReport(r: AuditVerifyResult): void {
  if (r.firstBroken) {
    process.stderr.write(
      `审计日志校验失败 (audit chain broken) at entry #${r.firstBroken.seq}: ${r.firstBroken.problem}\n`,
    )
    say(`审计链 (chain): ${r.checked} of ${r.entries} entries verified before entry #${r.firstBroken.seq}`)
  } else {
    say(`审计日志完整 (audit chain intact): ${r.checked} entries verified`)
  }
  for (const e of r.epochs) {
    const how =
      e.alg === 'legacy-sha256' ? 'legacy, unkeyed plain SHA-256 (weaker)' : `${e.alg}, key ${e.keyId}`
    say(`  epoch #${e.fromSeq}–#${e.toSeq}: ${how}`)
  }
  if (r.legacyEntries > 0) {
    say(
      `  note: ${r.legacyEntries} entries predate the keyed chain; anyone with database access could recompute them`,
    )
  }
  const a = r.anchors
  if (!a.file) {
    say('锚点 (anchors): no checkpoint file configured (in-memory database); truncation cannot be detected')
    return
  }
  if (!a.present) {
    say(`锚点 (anchors): ${a.file} does not exist yet; truncation of the newest entries cannot be detected`)
    return
  }
  const latest = a.latest ? `; newest #${a.latest.seq} ${a.latest.hash.slice(0, 12)}… at ${a.latest.at}` : ''
  if (a.ok) {
    say(`锚点完整 (anchors hold): ${a.held} of ${a.total} checkpoints in ${a.file} hold${latest}`)
    return
  }
  process.stderr.write(
    `锚点校验失败 (anchor check failed): ${a.total - a.held} of ${a.total} checkpoints in ${a.file} do not hold\n`,
  )
  for (const p of a.problems) {
    process.stderr.write(
      `  line ${p.line}${p.seq !== undefined ? ` (checkpoint #${p.seq})` : ''}: ${p.problem}\n`,
    )
  }
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('audit trail tools')
  audit
    .command('verify')
    .description(
      'check the keyed hash chain and every checkpoint in the checkpoint file; exits 2 naming the first broken entry or failed anchor',
    )
    .option('--json', 'print the full report as JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDeps((deps) =>
        verifyAuditChain(deps.db.kysely, { checkpointFile: deps.config.audit.checkpointFile }),
      )
      if (opts.json) {
        say(JSON.stringify(result, null, 2))
      } else {
        printReport(result)
      }
      if (!result.ok) {
        process.exitCode = EXIT_TAMPERED
      }
    })
  audit
    .command('checkpoint')
    .description('sign the chain head (entry count + hash + time) and append it to the checkpoint file')
    .action(async () => {
      await withDeps(async (deps) => {
        const file = deps.config.audit.checkpointFile
        if (!file) {
          throw new DomainError('AUDIT_CHECKPOINT_UNAVAILABLE', 'set AUDIT_CHECKPOINT_FILE')
        }
        const c = await writeCheckpoint(deps.db.kysely, file, auditKeyring(), deps.clock)
        say(
          c
            ? `审计锚点已写入 (checkpoint written): #${c.seq} ${c.hash.slice(0, 12)}… at ${c.at}, key ${c.kid} (${c.alg}) → ${file}`
            : '审计日志为空，未写入锚点 (the chain is empty: no checkpoint written)',
        )
      })
    })
}
