// Vitest set-up (every test file): the audit keyring that the composition roots install in the
// web process and the CLI, here a random key per test file. Tests that need a known key (CLI
// processes, SM3) install their own with installAuditKeyring.
import { randomBytes } from 'node:crypto'
import { installAuditKeyring, keyringOf, parseKey } from '../src/modules/audit/index.js'

installAuditKeyring(
  keyringOf([parseKey(randomBytes(32).toString('hex'), 'test key')], 'sha256', 'test set-up'),
)
