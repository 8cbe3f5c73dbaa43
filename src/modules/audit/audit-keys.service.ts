import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AuditConfig } from '../../config.js'
import { DomainError } from '../../shared/errors.js'
import { keyringOf, parseKey, parseKeyList, type AuditKey, type AuditKeyring } from './audit-keys.js'

/** Where key loading reports what it did (one line each). */
export type AuditLog = (level: 'info' | 'warn' | 'error', message: string) => void

export const stderrAuditLog: AuditLog = (level, message) => {
  process.stderr.write(`${level === 'info' ? '' : `${level}: `}${message}\n`)
}

function invalid(detail: string): DomainError {
  return new DomainError('AUDIT_KEY_INVALID', detail)
}

function readKeyFile(path: string, log: AuditLog): AuditKey[] {
  const mode = statSync(path).mode & 0o777
  if ((mode & 0o077) !== 0) {
    log('warn', `audit key file ${path} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`)
  }
  return parseKeyList(readFileSync(path, 'utf8'), `AUDIT_KEY_FILE ${path}`)
}

/** Creates the development key file with a random 256-bit key, mode 0600; false if it exists. */
function createKeyFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true })
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return false
    }
    throw err
  }
  try {
    writeSync(
      fd,
      `# Gongkai audit chain key (HMAC), newest first; keep retired keys below the current one.\n${randomBytes(32).toString('hex')}\n`,
    )
  } finally {
    closeSync(fd)
  }
  return true
}

/**
 * The keyring the configuration names: the keys of `AUDIT_KEY` (newest first), then those of an
 * explicitly set `AUDIT_KEY_FILE`; or else the development key file beside the database, created
 * with a random key on first use; or, for an in-memory database, a one-off key.
 * (`loadConfig` already refused production without AUDIT_KEY or AUDIT_KEY_FILE.)
 * @throws DomainError AUDIT_KEY_INVALID for a malformed key or a configured file that is missing
 */
export function loadAuditKeyring(config: AuditConfig, log: AuditLog = stderrAuditLog): AuditKeyring {
  try {
    const keys: AuditKey[] = []
    const sources: string[] = []
    if (config.key) {
      keys.push(...parseKeyList(config.key, 'AUDIT_KEY'))
      sources.push('AUDIT_KEY')
    }
    if (config.keyFile && !(config.key && config.keyFileIsDefault)) {
      let exists = true
      try {
        statSync(config.keyFile)
      } catch {
        exists = false
      }
      if (!exists && !config.keyFileIsDefault) {
        throw invalid(`AUDIT_KEY_FILE ${config.keyFile} does not exist`)
      }
      if (!exists && createKeyFile(config.keyFile)) {
        log(
          'warn',
          `audit: created a random audit key in ${config.keyFile} (mode 0600) for development; in production set AUDIT_KEY or AUDIT_KEY_FILE and keep the key away from the database and its backups`,
        )
      }
      keys.push(...readKeyFile(config.keyFile, log))
      sources.push(config.keyFile)
    }
    if (keys.length === 0) {
      keys.push(parseKey(randomBytes(32).toString('hex'), 'one-off key'))
      sources.push('a one-off key (in-memory database)')
    }
    return keyringOf(keys, config.hmac, sources.join(' + '))
  } catch (err) {
    if (err instanceof DomainError) {
      throw err
    }
    throw invalid(err instanceof Error ? err.message : String(err))
  }
}
