import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../src/db/database.js'
import type { DialectName } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { csvRecords, CSV_BOM, csvRecord } from '../../src/shared/csv.js'
import { randomKeyHex } from '../audit-attacker.js'
import { TEST_DIALECTS, TEST_PG_URL, pgSchemaUrl } from '../db.js'
import { buildOrgan } from '../factories.js'
import { importAuditGaps } from '../import-audit.js'

// Issue 8 §3.1: kill -9 three seconds into a 19,999-row import left 4,000 published items and no
// `item.imported` entry, and `audit verify` still said intact. Now each batch commits with its
// entry: whatever a killed `gongkai import items` left is audited, and the chain verifies.

const CLI = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url))
const ROWS = 19_999
const KEY = randomKeyHex()

/** A migrated database a CLI process can open too: an SQLite file, or a PostgreSQL schema. */
async function openTarget(
  dialect: DialectName,
  dir: string,
): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const path = join(dir, 'kill.db')
    const db = createDb({ kind: 'sqlite', path })
    await migrateToLatest(db)
    return { url: `sqlite:${path}`, db, drop: () => db.close() }
  }
  const schema = `t_import_kill_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
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

/** A catalogue export of `n` distinct rows with plain-text bodies, as an older system writes it. */
function catalogueCsv(n: number): string {
  const body = '根据《中华人民共和国政府信息公开条例》第十九条，现将有关事项通知如下。'.repeat(12)
  const rows = Array.from({ length: n }, (_, k) => [
    `关于做好第${k + 1}批政务公开工作的通知`,
    `20${String(10 + (k % 14))}-0${(k % 9) + 1}-1${k % 10}`,
    `测政发〔20${String(10 + (k % 14))}〕${k + 1}号`,
    `第${k + 1}批事项的概述`,
    body,
  ])
  return CSV_BOM + csvRecord(['名称', '发布日期', '文号', '内容概述', '正文']) + csvRecords(rows)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.each(TEST_DIALECTS)('gongkai import items killed with SIGKILL (%s)', (dialect) => {
  let dir: string
  let target: Awaited<ReturnType<typeof openTarget>>
  let file: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-import-kill-'))
    target = await openTarget(dialect, dir)
    file = join(dir, 'catalogue.csv')
    writeFileSync(file, catalogueCsv(ROWS))
  })
  afterAll(async () => {
    await target.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  it(
    'leaves every imported item covered by an audit entry and a chain that `gongkai audit verify` passes',
    { timeout: 120_000 },
    async () => {
      const { db, url } = target
      const organ = await buildOrgan(db, { name: '测试市人民政府' })
      const env = {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: url,
        AUDIT_KEY: KEY,
        AUDIT_KEY_FILE: undefined,
        AUDIT_CHECKPOINT_FILE: join(dir, 'checkpoints.jsonl'),
      }
      const child = spawn(
        process.execPath,
        [CLI, 'import', 'items', file, '--organ', organ.code, '--report', join(dir, 'report.csv')],
        { env, stdio: 'ignore' },
      )
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      const items = async () =>
        Number(
          (
            await db.kysely
              .selectFrom('item')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('organ_id', '=', organ.id)
              .executeTakeFirst()
          )?.n ?? 0,
        )
      // Kill as soon as the first batch is visible, at the latest 60 s in.
      const started = Date.now()
      while ((await items()) === 0 && child.exitCode === null && Date.now() - started < 60_000) {
        await sleep(50)
      }
      expect(child.exitCode, 'the import was still running when killed').toBeNull()
      child.kill('SIGKILL')
      await exited
      expect(child.signalCode).toBe('SIGKILL')

      const gaps = await importAuditGaps(db.kysely, organ.id)
      expect(gaps.items).toBeGreaterThan(0)
      expect(gaps.items).toBeLessThan(ROWS)
      expect(gaps.uncovered).toEqual([])
      expect(gaps.emptyRanges).toEqual([])
      // Revisions and items committed together too.
      const revisions = await db.kysely
        .selectFrom('item_revision')
        .innerJoin('item', 'item.id', 'item_revision.item_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('item.organ_id', '=', organ.id)
        .executeTakeFirst()
      expect(Number(revisions?.n)).toBe(gaps.items)

      const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify'], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(`${verify.stdout}${verify.stderr}`).toContain('entries verified')
      expect(verify.status).toBe(0)
      // The report is only created with its first issue: these rows are all clean.
      expect(existsSync(join(dir, 'report.csv'))).toBe(false)
    },
  )
})
