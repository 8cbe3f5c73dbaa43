import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { auditHash } from '../../src/modules/audit/index.js'
import { recordAudit, verifyAuditChain } from '../../src/modules/audit/index.js'
import { systemClock } from '../../src/shared/clock.js'
import { TEST_DIALECTS, createTestDb } from '../db.js'

const CLI = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url))

/** Appends `n` entries through the service, as any staff action would. */
async function writeEntries(db: Db, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await db.kysely.transaction().execute((trx) =>
      recordAudit(trx, systemClock, {
        actorId: null,
        actorName: 'cli',
        organId: null,
        action: 'organ.updated',
        targetType: 'organ',
        targetId: `organ-${i}`,
        summary: { changed: { name: { before: `旧名称${i}`, after: `新名称${i}` } } },
      }),
    )
  }
}

/** Runs `gongkai audit verify` as a real process against an SQLite file. */
function auditVerify(dbPath: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, 'audit', 'verify'], {
    env: { ...process.env, DATABASE_URL: `sqlite:${dbPath}` },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

describe('gongkai audit verify (CLI process on an SQLite file)', () => {
  let dir: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-audit-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  async function chainFile(name: string, entries: number): Promise<string> {
    const path = join(dir, name)
    const db = createDb({ kind: 'sqlite', path })
    await migrateToLatest(db)
    await writeEntries(db, entries)
    await db.close()
    return path
  }

  async function tamper(path: string, statement: string): Promise<void> {
    const db = createDb({ kind: 'sqlite', path })
    await sql.raw(statement).execute(db.kysely)
    await db.close()
  }

  it('reports an intact chain with exit code 0', async () => {
    const path = await chainFile('intact.db', 5)
    const r = auditVerify(path)
    expect(r.out).toContain('5 entries verified')
    expect(r.status).toBe(0)
  })

  it('exits non-zero naming the first edited entry when a row is changed with raw SQL', async () => {
    const path = await chainFile('edited.db', 6)
    await tamper(path, `UPDATE audit_log SET summary = '{"changed":{}}' WHERE seq = 3`)
    const r = auditVerify(path)
    expect(r.status).not.toBe(0)
    expect(r.out).toMatch(/#3\b/)
    expect(r.out).toContain('modified')
  })

  it('exits non-zero naming the first missing entry when a row in the middle is deleted', async () => {
    const path = await chainFile('deleted.db', 6)
    await tamper(path, 'DELETE FROM audit_log WHERE seq = 4')
    const r = auditVerify(path)
    expect(r.status).not.toBe(0)
    expect(r.out).toMatch(/#4\b/)
  })

  it('exits non-zero when the newest entries are deleted from the end', async () => {
    const path = await chainFile('truncated.db', 6)
    await tamper(path, 'DELETE FROM audit_log WHERE seq >= 5')
    const r = auditVerify(path)
    expect(r.status).not.toBe(0)
    expect(r.out).toMatch(/#5\b/)
  })
})

describe.each(TEST_DIALECTS)('verifyAuditChain after raw-SQL tampering (%s)', (dialect) => {
  let db: Db

  beforeAll(async () => {
    db = await createTestDb(dialect)
  })
  afterAll(async () => {
    await db.close()
  })

  it('accepts the untouched chain, then names the edited entry, then the re-hashed forgery', async () => {
    await writeEntries(db, 5)
    expect(await verifyAuditChain(db.kysely)).toEqual({ ok: true, checked: 5 })

    await sql`UPDATE audit_log SET actor_name = ${'someone-else'} WHERE seq = 2`.execute(db.kysely)
    const edited = await verifyAuditChain(db.kysely)
    expect(edited.ok).toBe(false)
    expect(edited.firstBroken?.seq).toBe(2)
    expect(edited.firstBroken?.problem).toContain('#2')

    // A forger who also recomputes the edited entry's hash breaks the link of the next one.
    const row = await db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow()
    const { hash: _old, ...rest } = row
    await sql`UPDATE audit_log SET hash = ${auditHash(rest)} WHERE seq = 2`.execute(db.kysely)
    const forged = await verifyAuditChain(db.kysely)
    expect(forged.ok).toBe(false)
    expect(forged.firstBroken?.seq).toBe(3)
    expect(forged.firstBroken?.problem).toContain('does not link')
  })

  it('names the gap when an entry is deleted', async () => {
    const fresh = await createTestDb(dialect)
    try {
      await writeEntries(fresh, 4)
      await sql`DELETE FROM audit_log WHERE seq = 3`.execute(fresh.kysely)
      const r = await verifyAuditChain(fresh.kysely)
      expect(r.ok).toBe(false)
      expect(r.firstBroken?.seq).toBe(3)
    } finally {
      await fresh.close()
    }
  })
})
