import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import type { PersonalDataConfig } from '../../config.js'
import { DomainError } from '../../shared/errors.js'
import type { PersonalDataCipher } from '../../shared/personal-data.js'
import {
  createFieldCipher,
  parsePersonalDataKey,
  parsePersonalDataKeys,
  PERSONAL_DATA_KEY_BYTES,
  type PersonalDataKey,
} from './field-cipher.js'

/**
 * Loads the personal-data keys the configuration names and builds the cipher, in the shape of the
 * audit key loader (modules/audit/audit-keys.service.ts): `PERSONAL_DATA_KEY` (newest first), then
 * an explicitly set `PERSONAL_DATA_KEY_FILE`; else, in development, a key file beside the database
 * created with a random key on first use; for an in-memory database a one-off key. In production
 * a missing key is a configuration error.
 */

export type PersonalDataLog = (level: 'info' | 'warn' | 'error', message: string) => void

export const stderrPersonalDataLog: PersonalDataLog = (level, message) => {
  process.stderr.write(`${level === 'info' ? '' : `${level}: `}${message}\n`)
}

function invalid(detail: string): DomainError {
  return new DomainError('PERSONAL_DATA_KEY_INVALID', detail)
}

function exists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}

function readKeyFile(path: string, log: PersonalDataLog): PersonalDataKey[] {
  const mode = statSync(path).mode & 0o777
  if ((mode & 0o077) !== 0) {
    log(
      'warn',
      `personal-data key file ${path} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`,
    )
  }
  return parsePersonalDataKeys(readFileSync(path, 'utf8'), `PERSONAL_DATA_KEY_FILE ${path}`)
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
      `# Gongkai personal-data key (encryption at rest), newest first; keep retired keys below the current one.\n${randomBytes(PERSONAL_DATA_KEY_BYTES).toString('hex')}\n`,
    )
  } finally {
    closeSync(fd)
  }
  return true
}

/**
 * The keys the configuration names, newest first.
 * @throws DomainError CONFIG_INVALID in production without a key; PERSONAL_DATA_KEY_INVALID for a
 *   malformed key or a configured file that is missing
 */
export function loadPersonalDataKeys(
  config: PersonalDataConfig,
  log: PersonalDataLog = stderrPersonalDataLog,
): PersonalDataKey[] {
  if (config.required && !config.key && !config.keyFile) {
    throw new DomainError(
      'CONFIG_INVALID',
      'invalid configuration: PERSONAL_DATA_KEY or PERSONAL_DATA_KEY_FILE is required in production (the key that encrypts personal data, kept outside the database; make one with openssl rand -hex 32, see docs/security.md)',
    )
  }
  try {
    const keys: PersonalDataKey[] = []
    if (config.key) {
      keys.push(...parsePersonalDataKeys(config.key, 'PERSONAL_DATA_KEY'))
    }
    if (config.keyFile && !(config.key && config.keyFileIsDefault)) {
      const there = exists(config.keyFile)
      if (!there && !config.keyFileIsDefault) {
        throw invalid(`PERSONAL_DATA_KEY_FILE ${config.keyFile} does not exist`)
      }
      if (!there && createKeyFile(config.keyFile)) {
        log(
          'warn',
          `personal data: created a random key in ${config.keyFile} (mode 0600) for development; in production set PERSONAL_DATA_KEY or PERSONAL_DATA_KEY_FILE and keep the key away from the database and its backups`,
        )
      }
      keys.push(...readKeyFile(config.keyFile, log))
    }
    if (keys.length === 0) {
      keys.push(parsePersonalDataKey(randomBytes(PERSONAL_DATA_KEY_BYTES).toString('hex'), 'one-off key'))
    }
    return keys
  } catch (err) {
    if (err instanceof DomainError) {
      throw err
    }
    throw invalid(err instanceof Error ? err.message : String(err))
  }
}

/** The cipher of the configuration (see loadPersonalDataKeys), built once at a composition root. */
export function loadFieldCipher(
  config: PersonalDataConfig,
  log: PersonalDataLog = stderrPersonalDataLog,
): PersonalDataCipher {
  const keys = loadPersonalDataKeys(config, log)
  try {
    return createFieldCipher({ keys, cipher: config.cipher })
  } catch (err) {
    throw new DomainError('CONFIG_INVALID', `invalid configuration: personal data: ${(err as Error).message}`)
  }
}
