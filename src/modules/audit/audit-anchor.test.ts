import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyringFor, randomKeyHex, writeChain } from '../../../test/audit-attacker.js'
import { TEST_DIALECTS, createTestDb } from '../../../test/db.js'
import { loadConfig } from '../../config.js'
import { systemClock } from '../../shared/clock.js'
import { installAuditKeyring } from './audit-runtime.js'
import { lastCheckpointFailure, readCheckpointFile } from './audit-checkpoint.service.js'
import { openAuditTrail } from './audit-trail.service.js'
import { verifyAuditChain } from './audit-verify.service.js'

describe.each(TEST_DIALECTS)('the anchor writer (%s)', (dialect) => {
  let dir: string
  const key = randomKeyHex()
  let previous: ReturnType<typeof installAuditKeyring>

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-anchor-'))
    previous = installAuditKeyring(keyringFor(key))
  })
  afterAll(() => {
    installAuditKeyring(previous)
    rmSync(dir, { recursive: true, force: true })
  })

  function config(file: string) {
    return loadConfig({
      DATABASE_URL: ':memory:',
      AUDIT_KEY: key,
      AUDIT_CHECKPOINT_FILE: file,
      AUDIT_CHECKPOINT_EVERY: '10',
    })
  }

  it('writes a checkpoint after every N entries, after the commit, and one more when closed', async () => {
    const db = await createTestDb(dialect)
    const file = join(dir, `${dialect}-every.jsonl`)
    const trail = await openAuditTrail(config(file), db.kysely, systemClock, { timer: false, log: () => {} })
    try {
      for (let i = 0; i < 25; i++) {
        await writeChain(db, 1, i + 1)
        await trail.settled()
      }
      await trail.close()
      const seqs = ((await readCheckpointFile(file)) ?? []).map((l) =>
        'checkpoint' in l ? l.checkpoint.seq : -1,
      )
      // Each checkpoint covers the entry that triggered it (after its commit), and one more at close.
      expect(seqs).toEqual([10, 20, 25])
      expect((await verifyAuditChain(db.kysely, { checkpointFile: file })).anchors).toMatchObject({
        ok: true,
        held: seqs.length,
      })
    } finally {
      await db.close()
    }
  })

  it('keeps the data change when the checkpoint file cannot be written, logs the error and reports it', async () => {
    const db = await createTestDb(dialect)
    const blocker = join(dir, `${dialect}-not-a-dir`)
    writeFileSync(blocker, 'a file where a folder should be')
    const file = join(blocker, 'checkpoints.jsonl')
    const logged: string[] = []
    const trail = await openAuditTrail(config(file), db.kysely, systemClock, {
      timer: false,
      log: (level, m) => logged.push(`${level}: ${m}`),
    })
    try {
      await writeChain(db, 12)
      await trail.close()
      const rows = await db.kysely.selectFrom('audit_log').select('seq').execute()
      expect(rows).toHaveLength(12)
      expect(logged.some((l) => l.startsWith('error: audit: could not write a checkpoint'))).toBe(true)
      expect(lastCheckpointFailure()?.message).toMatch(/EEXIST|ENOTDIR/)
      expect(readFileSync(blocker, 'utf8')).toBe('a file where a folder should be')
    } finally {
      await db.close()
    }
  })
})
