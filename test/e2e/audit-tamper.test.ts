import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createDb, type Db } from '../../src/db/database.js'
import type { DialectName } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { installAuditKeyring, writeCheckpoint, type AuditKeyring } from '../../src/modules/audit/index.js'
import { systemClock } from '../../src/shared/clock.js'
import { TEST_DIALECTS, TEST_PG_URL, pgSchemaUrl } from '../db.js'
import { uniqueUscc } from '../factories.js'
import {
  keyringFor,
  plainSha256,
  randomKeyHex,
  rewriteFrom,
  truncate,
  writeChain,
} from '../audit-attacker.js'

// What a probe did to landed main (issue 8 §3.2): with database access, rewrite entry #300 and
// recompute #300–#601, or delete the newest 5 entries and lower the counter. `gongkai audit
// verify`, a real process holding the key (AUDIT_KEY) and the checkpoint file, must name both.

const CLI = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url))
const KEY = randomKeyHex()
const CHAIN = 601

// A CLI process takes seconds on a busy machine; these tests start a few each.
vi.setConfig({ testTimeout: 180_000 })

interface Target {
  url: string
  db: Db
  drop(): Promise<void>
}

/** A migrated database the CLI process can open too: an SQLite file, or a PostgreSQL schema. */
async function openTarget(dialect: DialectName, dir: string, name: string): Promise<Target> {
  if (dialect === 'sqlite') {
    const path = join(dir, `${name}.db`)
    const db = createDb({ kind: 'sqlite', path })
    await migrateToLatest(db)
    return { url: `sqlite:${path}`, db, drop: () => db.close() }
  }
  const schema = `t_tamper_${name}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const admin = new pg.Client({ connectionString: TEST_PG_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const url = pgSchemaUrl(schema)
  const db = createDb({ kind: 'postgres', url: url })
  await migrateToLatest(db)
  return {
    url: url,
    db,
    drop: async () => {
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(db.kysely)
      await db.close()
    },
  }
}

function gongkai(
  args: string[],
  env: Record<string, string | undefined>,
): { status: number | null; stdout: string; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, NODE_ENV: 'development', AUDIT_KEY: undefined, AUDIT_KEY_FILE: undefined, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}` }
}

describe.each(TEST_DIALECTS)('gongkai audit verify as a CLI process, keyed and anchored (%s)', (dialect) => {
  let dir: string
  let previous: AuditKeyring | undefined
  const targets: Target[] = []

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-audit-'))
    previous = installAuditKeyring(keyringFor(KEY))
  })
  afterAll(async () => {
    installAuditKeyring(previous)
    for (const t of targets) {
      await t.drop()
    }
    rmSync(dir, { recursive: true, force: true })
  })

  /** A 601-entry chain with a checkpoint of its head, as the anchor writer takes it. */
  async function anchoredChain(name: string) {
    const t = await openTarget(dialect, dir, name)
    targets.push(t)
    await writeChain(t.db, CHAIN)
    const file = join(dir, `${dialect}-${name}.jsonl`)
    const env = { DATABASE_URL: t.url, AUDIT_KEY: KEY, AUDIT_CHECKPOINT_FILE: file }
    return { t, env, file }
  }

  it('takes a checkpoint with `gongkai audit checkpoint`, then reports chain and anchor intact with exit 0', async () => {
    const { env } = await anchoredChain('intact')
    const cp = gongkai(['audit', 'checkpoint'], env)
    expect(cp.out).toContain(`checkpoint written): #${CHAIN}`)
    expect(cp.status).toBe(0)
    const r = gongkai(['audit', 'verify'], env)
    expect(r.out).toContain(`${CHAIN} entries verified`)
    expect(r.out).toContain('1 of 1 checkpoints')
    expect(r.status).toBe(0)
  })

  it('exits 2 naming #300 when #300 is edited and #300–#601 re-hashed the way the old code did', async () => {
    const { t, env, file } = await anchoredChain('rewrite')
    await writeCheckpoint(t.db.kysely, file, keyringFor(KEY), systemClock)
    await rewriteFrom(t.db, 300, plainSha256)
    const r = gongkai(['audit', 'verify'], env)
    expect(r.status).toBe(2)
    expect(r.out).toContain('audit chain broken) at entry #300')
    expect(r.out).toContain(`checkpoint #${CHAIN}`)
    expect(r.out).toContain('rewrite')
  })

  it('exits 2 naming the truncation against the checkpoint when the last 5 entries are deleted and the counter lowered', async () => {
    const { t, env, file } = await anchoredChain('truncate')
    await writeCheckpoint(t.db.kysely, file, keyringFor(KEY), systemClock)
    await truncate(t.db, 5)
    const r = gongkai(['audit', 'verify'], env)
    expect(r.status).toBe(2)
    expect(r.out).toContain('596 entries verified')
    expect(r.out).toContain(`checkpoint #${CHAIN}): truncation`)
    expect(r.out).toContain(`entries #597–#${CHAIN} were removed`)
  })

  it('exits 2 naming entry #1 and the checkpoint when verified with a wrong key (JSON report)', async () => {
    const { t, env, file } = await anchoredChain('wrongkey')
    await writeCheckpoint(t.db.kysely, file, keyringFor(KEY), systemClock)
    const json = gongkai(['audit', 'verify', '--json'], { ...env, AUDIT_KEY: randomKeyHex() })
    expect(json.status).toBe(2)
    const report = JSON.parse(json.stdout) as {
      ok: boolean
      checked: number
      firstBroken: { seq: number; problem: string }
      anchors: { ok: boolean; problems: { seq: number; problem: string }[] }
    }
    expect(report).toMatchObject({ ok: false, checked: 0, firstBroken: { seq: 1 }, anchors: { ok: false } })
    expect(report.firstBroken.problem).toContain('not configured')
    expect(report.anchors.problems[0]?.problem).toContain('not configured')
  })
})

describe('gongkai audit key configuration (CLI process)', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-audit-key-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a malformed key in one line, without echoing it', () => {
    const r = gongkai(['audit', 'verify'], {
      DATABASE_URL: `sqlite:${join(dir, 'bad.db')}`,
      AUDIT_KEY: 'not-a-key!',
    })
    expect(r.status).toBe(1)
    expect(r.out).toContain('AUDIT_KEY_INVALID')
    expect(r.out.trim().split('\n')).toHaveLength(1)
    expect(r.out).not.toContain('not-a-key!')
  })

  it('refuses to start in production without a configured key: one line, non-zero exit', () => {
    const r = gongkai(['audit', 'verify'], {
      DATABASE_URL: `sqlite:${join(dir, 'prod.db')}`,
      NODE_ENV: 'production',
    })
    expect(r.status).toBe(1)
    expect(r.out.trim().split('\n')).toHaveLength(1)
    expect(r.out).toContain('AUDIT_KEY or AUDIT_KEY_FILE is required in production')
  })

  it('creates the development key file beside an SQLite database once with mode 0600 and says so once; entries written with it verify in the next process', async () => {
    const path = join(dir, 'dev.db')
    const env = { DATABASE_URL: `sqlite:${path}` }
    const first = gongkai(['org', 'add', '--name', '密钥测试政府', '--code', uniqueUscc()], env)
    expect(first.status).toBe(0)
    expect(first.out).toContain(`created a random audit key in ${path}.audit-key`)
    expect(statSync(`${path}.audit-key`).mode & 0o777).toBe(0o600)

    const second = gongkai(['audit', 'verify'], env)
    expect(second.out).toContain('1 entries verified')
    expect(second.out).toContain(`1 of 1 checkpoints in ${path}.audit-checkpoints.jsonl hold`)
    expect(second.status).toBe(0)
    expect(second.out).not.toContain('created a random audit key')
  })
})
