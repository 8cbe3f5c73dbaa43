import { DomainError } from '../../shared/errors.js'
import type { AuditKeyring } from './audit-keys.js'

/**
 * The process's audit keyring and the anchor writer's wake-up call. `recordAudit(trx, clock, …)`
 * is called from every service with a transaction only, so the key cannot travel with it: each
 * composition root (`main.ts`, `cli/context.ts`, the test set-up) installs the keyring once,
 * before the first entry is written. One process serves one installation, hence one keyring.
 */
let keyring: AuditKeyring | undefined
let appended: ((seq: number) => void) | undefined

/** Installs the keyring that seals new entries and verifies old ones; returns the previous one. */
export function installAuditKeyring(next: AuditKeyring | undefined): AuditKeyring | undefined {
  const before = keyring
  keyring = next
  return before
}

/**
 * The installed keyring.
 * @throws DomainError AUDIT_KEY_MISSING when no composition root installed one (fails closed:
 *   nothing is written with an unkeyed seal)
 */
export function auditKeyring(): AuditKeyring {
  if (!keyring) {
    throw new DomainError('AUDIT_KEY_MISSING', 'no audit keyring installed in this process')
  }
  return keyring
}

/** Called by recordAudit after each appended entry (inside the transaction: must not block). */
export function onAuditAppended(listener: ((seq: number) => void) | undefined): void {
  appended = listener
}

export function notifyAuditAppended(seq: number): void {
  appended?.(seq)
}
