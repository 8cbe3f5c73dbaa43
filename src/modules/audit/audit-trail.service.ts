import type { Config } from '../../config.js'
import type { Kdb } from '../../db/database.js'
import type { Clock } from '../../shared/clock.js'
import { AuditAnchor } from './audit-checkpoint.service.js'
import type { AuditKeyring } from './audit-keys.js'
import { loadAuditKeyring, stderrAuditLog, type AuditLog } from './audit-keys.service.js'
import { installAuditKeyring, onAuditAppended } from './audit-runtime.js'

/** The audit trail of a running process: its keyring and its anchor writer. */
export interface AuditTrail {
  keys: AuditKeyring
  /** Stops the anchor writer after a last checkpoint (call before closing the database). */
  close(): Promise<void>
  /** Resolves when no checkpoint is being written. */
  settled(): Promise<void>
}

/**
 * Sets up the audit trail at a composition root: loads the keyring (refusing a malformed or
 * missing configured key), installs it for recordAudit, and starts the anchor writer when a
 * checkpoint file is configured: on a timer for the web process (`timer`), at close for a
 * command.
 * @throws DomainError AUDIT_KEY_INVALID
 */
export async function openAuditTrail(
  config: Config,
  db: Kdb,
  clock: Clock,
  options: { timer: boolean; log?: AuditLog },
): Promise<AuditTrail> {
  const log = options.log ?? stderrAuditLog
  const keys = loadAuditKeyring(config.audit, log)
  installAuditKeyring(keys)
  const file = config.audit.checkpointFile
  if (!file) {
    return { keys, close: () => Promise.resolve(), settled: () => Promise.resolve() }
  }
  const anchor = new AuditAnchor(
    db,
    keys,
    clock,
    {
      file,
      every: config.audit.checkpointEvery,
      minutes: config.audit.checkpointMinutes,
      timer: options.timer,
    },
    log,
  )
  await anchor.start()
  onAuditAppended((seq) => anchor.appended(seq))
  return {
    keys,
    settled: () => anchor.settled(),
    close: async () => {
      onAuditAppended(undefined)
      await anchor.close()
    },
  }
}
