import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrator.js'
import { buildOrgan } from '../factories.js'

const CLI = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url))
const SAMPLE = fileURLToPath(new URL('../fixtures/catalogue-sample.csv', import.meta.url))

function gongkai(
  databaseUrl: string,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('gongkai import items (CLI process)', () => {
  let dir: string
  let url: string
  let code: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-import-'))
    const path = join(dir, 'g.db')
    url = `sqlite:${path}`
    const db = createDb({ kind: 'sqlite', path })
    await migrateToLatest(db)
    code = (await buildOrgan(db, { name: '测试市人民政府' })).code
    await db.close()
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  const itemCount = async () => {
    const db = createDb({ kind: 'sqlite', path: join(dir, 'g.db') })
    const n = await db.kysely
      .selectFrom('item')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst()
    await db.close()
    return Number(n?.n ?? 0)
  }

  it('dry-runs, then imports: rejections on stderr with line and field, a report file, summary figures', async () => {
    const dryReport = join(dir, 'dry.csv')
    const dry = gongkai(url, 'import', 'items', SAMPLE, '--organ', code, '--dry-run', '--report', dryReport)
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('试运行（未写入任何数据）')
    expect(dry.stdout).toContain('读取 21 行，可导入 18 行，拒绝 3 行')
    expect(await itemCount()).toBe(0)

    const report = join(dir, 'report.csv')
    const run = gongkai(url, 'import', 'items', SAMPLE, '--organ', code, '--report', report)
    expect(run.status).toBe(0)
    // Progress is plain lines when stderr is not a terminal; rejections name line and field.
    expect(run.stderr).toContain('第 20 行 [发布日期] 缺少发布日期')
    expect(run.stderr).toContain('第 8 行 [整行] 文件内重复：与第 7 行的名称、发布日期和文号相同')
    expect(run.stdout).toContain('读取 21 行，已导入 18 行，拒绝 3 行')
    expect(run.stdout).toMatch(/用时 [\d.]+ 秒，\d+ 行\/秒/)
    expect(run.stdout).toContain('文号：13 条，规范化 13 条（100.00%）')
    expect(run.stdout).toContain('拒绝原因：缺少发布日期 2，文件内重复 1')
    expect(await itemCount()).toBe(18)

    const lines = readFileSync(report, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/)
    expect(lines[0]).toBe('行号,字段,级别,原因,原值')
    expect(lines).toContain('20,发布日期,拒绝,缺少发布日期,')
    expect(lines.some((l) => l.startsWith('14,成文日期,提示,成文日期晚于发布日期'))).toBe(true)
  })

  it('exits non-zero with a clear message for an unknown organ or file type', () => {
    const organ = gongkai(url, 'import', 'items', SAMPLE, '--organ', 'NOPE', '--report', join(dir, 'x.csv'))
    expect(organ.status).not.toBe(0)
    expect(organ.stderr).toContain('ORGAN_NOT_FOUND')
    const type = gongkai(
      url,
      'import',
      'items',
      join(dir, 'g.db'),
      '--organ',
      code,
      '--report',
      join(dir, 'y.csv'),
    )
    expect(type.status).not.toBe(0)
    expect(type.stderr).toContain('只支持 CSV、XLSX 和 JSONL 文件')
    // Neither failed run leaves a report behind (issue 8 §1.7).
    expect(existsSync(join(dir, 'x.csv'))).toBe(false)
    expect(existsSync(join(dir, 'y.csv'))).toBe(false)
  })

  it('leaves no empty report when the file is malformed or holds no data row, and exits non-zero', () => {
    const headerOnly = join(dir, 'header-only.csv')
    writeFileSync(headerOnly, '名称,发布日期\r\n')
    const empty = gongkai(url, 'import', 'items', headerOnly, '--organ', code, '--report', join(dir, 'e.csv'))
    expect(empty.status).not.toBe(0)
    expect(empty.stderr).toContain('IMPORT_FILE_INVALID')
    expect(existsSync(join(dir, 'e.csv'))).toBe(false)

    const broken = join(dir, 'broken.csv')
    writeFileSync(broken, '名称,发布日期\r\n"未闭合的引号,2020-01-01\r\n')
    const bad = gongkai(url, 'import', 'items', broken, '--organ', code, '--report', join(dir, 'b.csv'))
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain('IMPORT_FILE_INVALID')
    expect(existsSync(join(dir, 'b.csv'))).toBe(false)
  })
})
