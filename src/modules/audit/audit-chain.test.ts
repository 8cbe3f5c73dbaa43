import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  guessedKey,
  keyringFor,
  plainSha256,
  randomKeyHex,
  relabelLegacy,
  rewriteFrom,
  truncate,
  writeChain,
} from '../../../test/audit-attacker.js'
import { TEST_DIALECTS, createTestDb } from '../../../test/db.js'
import type { Db } from '../../db/database.js'
import { systemClock } from '../../shared/clock.js'
import { keyringOf, parseKey, type AuditKeyring } from './audit-keys.js'
import { installAuditKeyring } from './audit-runtime.js'
import { legacyAuditHash, GENESIS_HASH } from './audit.js'
import { writeCheckpoint } from './audit-checkpoint.service.js'
import { verifyAuditChain } from './audit-verify.service.js'

const CHAIN = 601

describe.each(TEST_DIALECTS)('the keyed, anchored audit chain (%s)', (dialect) => {
  let dir: string
  let previous: AuditKeyring | undefined
  let db: Db
  let file: string
  const key = randomKeyHex()
  const keys = keyringFor(key)

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-chain-'))
    previous = installAuditKeyring(keys)
  })
  afterAll(() => {
    installAuditKeyring(previous)
    rmSync(dir, { recursive: true, force: true })
  })
  beforeEach(async (ctx) => {
    db = await createTestDb(dialect)
    file = join(dir, `${ctx.task.id}.jsonl`)
    return () => db.close()
  })

  async function anchored601(): Promise<void> {
    await writeChain(db, CHAIN)
    await writeCheckpoint(db.kysely, file, keys, systemClock)
  }
  const verify = (k: AuditKeyring = keys) => verifyAuditChain(db.kysely, { checkpointFile: file, keys: k })

  it('seals every entry with HMAC-SHA-256 under the key id, and verifies chain and checkpoint', async () => {
    await anchored601()
    const r = await verify()
    expect(r).toMatchObject({ ok: true, checked: CHAIN, entries: CHAIN, legacyEntries: 0 })
    expect(r.epochs).toEqual([{ fromSeq: 1, toSeq: CHAIN, alg: 'hmac-sha256', keyId: keys.current.id }])
    expect(r.anchors).toMatchObject({ ok: true, present: true, total: 1, held: 1, latest: { seq: CHAIN } })
  })

  it('names #300 when an attacker edits it and re-hashes #300–#601 with plain SHA-256', async () => {
    await anchored601()
    await rewriteFrom(db, 300, plainSha256)
    const r = await verify()
    expect(r.ok).toBe(false)
    expect(r.firstBroken).toEqual({
      seq: 300,
      problem: expect.stringContaining('keyed seal mismatch') as string,
    })
    expect(r.checked).toBe(299)
    expect(r.anchors.problems).toEqual([
      expect.objectContaining({ seq: CHAIN, problem: expect.stringMatching(/^rewrite/) }),
    ])
  })

  it('names #300 when the attacker also labels the rewritten entries as unkeyed legacy ones', async () => {
    await anchored601()
    await rewriteFrom(db, 300, relabelLegacy)
    const r = await verify()
    expect(r.firstBroken?.seq).toBe(300)
    expect(r.firstBroken?.problem).toContain('downgrade')
  })

  it('names #300 when the attacker re-seals with HMAC under a guessed key, with the real or its own key id', async () => {
    await anchored601()
    await rewriteFrom(db, 300, guessedKey({ ownId: false }))
    expect((await verify()).firstBroken).toMatchObject({
      seq: 300,
      problem: expect.stringContaining('mismatch') as string,
    })
    await rewriteFrom(db, 300, guessedKey({ ownId: true }))
    expect((await verify()).firstBroken).toMatchObject({
      seq: 300,
      problem: expect.stringContaining('not configured') as string,
    })
  })

  it('names the truncation against the checkpoint when the last 5 entries are deleted and the counter lowered', async () => {
    await anchored601()
    await truncate(db, 5)
    const r = await verify()
    expect(r.checked).toBe(596)
    expect(r.firstBroken).toBeUndefined()
    expect(r.ok).toBe(false)
    expect(r.anchors.problems).toHaveLength(1)
    expect(r.anchors.problems[0]?.problem).toContain('truncation')
    expect(r.anchors.problems[0]?.problem).toContain('entries #597–#601 were removed')
  })

  it('without a checkpoint the same truncation goes unnoticed: what the anchors are for', async () => {
    await writeChain(db, CHAIN)
    await truncate(db, 5)
    const r = await verify()
    expect(r).toMatchObject({ ok: true, checked: 596, anchors: { present: false } })
  })

  it('catches the whole chain rewritten as unkeyed legacy entries through the checkpoint', async () => {
    await anchored601()
    await rewriteFrom(db, 1, relabelLegacy)
    await sql`UPDATE counter SET value = ${CHAIN} WHERE name = 'audit_log.legacy_through'`.execute(db.kysely)
    const r = await verify()
    expect(r.legacyEntries).toBe(CHAIN)
    expect(r.anchors.ok).toBe(false)
    expect(r.ok).toBe(false)
  })

  it('refuses a checkpoint line forged or altered without the key, and an unreadable line', async () => {
    await anchored601()
    const line = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    appendFileSync(file, `${JSON.stringify({ ...line, seq: 10 })}\nnot json\n`)
    const r = await verify()
    expect(r.anchors.held).toBe(1)
    expect(r.anchors.problems.map((p) => p.line)).toEqual([2, 3])
    expect(r.anchors.problems[0]?.problem).toContain('signature does not match')
    expect(r.ok).toBe(false)
  })

  it('in SM3 mode seals with HMAC-SM3, verifies, and detects the same rewrite and truncation', async () => {
    const sm3 = keyringFor(key, 'sm3')
    installAuditKeyring(sm3)
    try {
      await writeChain(db, CHAIN)
      await writeCheckpoint(db.kysely, file, sm3, systemClock)
      const ok = await verify(sm3)
      expect(ok.ok).toBe(true)
      expect(ok.epochs).toEqual([{ fromSeq: 1, toSeq: CHAIN, alg: 'hmac-sm3', keyId: sm3.current.id }])
      expect(ok.anchors.latest?.alg).toBe('hmac-sm3')
      const row = await db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', 1)
        .executeTakeFirstOrThrow()
      expect(row.mac_alg).toBe('hmac-sm3')

      await truncate(db, 5)
      const cut = await verify(sm3)
      expect(cut.anchors.problems[0]?.problem).toContain('entries #597–#601 were removed')
      await rewriteFrom(db, 300, guessedKey({ ownId: false }))
      expect((await verify(sm3)).firstBroken?.seq).toBe(300)
    } finally {
      installAuditKeyring(keys)
    }
  })

  it('starts a new epoch on key rotation; old entries verify with the retired key and name #1 without it', async () => {
    await writeChain(db, 3)
    const next = parseKey(randomKeyHex(), 'new')
    const rotated = keyringOf([next, keys.current], 'sm3', 'rotated')
    installAuditKeyring(rotated)
    try {
      await writeChain(db, 2, 4)
      const r = await verify(rotated)
      expect(r.ok).toBe(true)
      expect(r.epochs).toEqual([
        { fromSeq: 1, toSeq: 3, alg: 'hmac-sha256', keyId: keys.current.id },
        { fromSeq: 4, toSeq: 5, alg: 'hmac-sm3', keyId: next.id },
      ])
      const withoutRetired = await verify(keyringOf([next], 'sm3', 'new only'))
      expect(withoutRetired.firstBroken?.seq).toBe(1)
      expect(withoutRetired.firstBroken?.problem).toContain('not configured')
    } finally {
      installAuditKeyring(keys)
    }
  })

  it('verifies entries of the legacy (unkeyed) epoch before the keyed ones and reports them as weaker', async () => {
    // Two entries as the code before the keyed chain wrote them (the migration marks them legacy).
    let prev = GENESIS_HASH
    for (const seq of [1, 2]) {
      const row = {
        seq,
        id: `legacy-${seq}`,
        at: '2026-11-01T00:00:00.000Z',
        actor_id: null,
        actor_name: 'cli',
        organ_id: null,
        action: 'organ.created',
        target_type: 'organ',
        target_id: null,
        summary: '{}',
        prev_hash: prev,
      }
      prev = legacyAuditHash(row)
      await db.kysely
        .insertInto('audit_log')
        .values({ ...row, mac_alg: 'legacy-sha256', key_id: null, hash: prev })
        .execute()
    }
    await sql`UPDATE counter SET value = 2 WHERE name = 'audit_log.legacy_through'`.execute(db.kysely)
    await sql`INSERT INTO counter (name, value) VALUES ('audit_log.seq', 2)`.execute(db.kysely)
    await writeChain(db, 3)
    const r = await verify()
    expect(r).toMatchObject({ ok: true, checked: 5, legacyEntries: 2 })
    expect(r.epochs.map((e) => [e.fromSeq, e.toSeq, e.alg])).toEqual([
      [1, 2, 'legacy-sha256'],
      [3, 5, 'hmac-sha256'],
    ])
    // Nothing outside the legacy epoch may claim to be legacy.
    await sql`UPDATE counter SET value = 1 WHERE name = 'audit_log.legacy_through'`.execute(db.kysely)
    expect((await verify()).firstBroken?.problem).toContain('downgrade')
  })

  it('reports a key file with the key of another installation as a wrong key, not an intact chain', async () => {
    await anchored601()
    const other = join(dir, 'other.key')
    writeFileSync(other, `${randomKeyHex()}\n`, { mode: 0o600 })
    const r = await verify(keyringFor(readFileSync(other, 'utf8').trim()))
    expect(r.firstBroken?.seq).toBe(1)
    expect(r.anchors.ok).toBe(false)
  })
})
