import ExcelJS from 'exceljs'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import { fixedClock } from '../../../shared/clock.js'
import { verifyAuditChain } from '../../audit/index.js'
import type { OrganRow } from '../../organs/organ.table.js'
import { createTestDb, TEST_DIALECTS } from '../../../../test/db.js'
import { buildOrgan } from '../../../../test/factories.js'
import { testConfig } from '../../../../test/http.js'
import { openImportFile } from './import-files.js'
import { importItems, type ImportSummary } from './item-import.service.js'
import { indexCounterName } from '../classification/index.js'
import { nextIndexSerial, readCounter } from '../items/item.repository.js'
import { createSearchIndex } from '../search/index.js'
import { packagedCalendarProvider } from '../../../shared/calendar/provider.js'
import type { SearchIndex } from '../../../shared/search-index.js'
import { oneOffFieldCipher } from '../../privacy/index.js'

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/', import.meta.url))
const CATALOGUE_SAMPLE = join(FIXTURES, 'catalogue-sample.csv')
const BODY_SAMPLE = join(FIXTURES, 'docs-with-body-sample.jsonl')
const CLI = { id: null, name: 'cli' }

/** Line numbers in catalogue-sample.csv (21 real rows cut from catalogue_merged.csv). */
const NO_PUBLISH_DATE_LINES = [20, 21]
const DUPLICATE = { first: 7, second: 8 }

function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'))
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

async function importFile(
  deps: AppDeps,
  organId: string,
  path: string,
  dryRun = false,
): Promise<ImportSummary> {
  const file = await openImportFile(path)
  return importItems(deps, CLI, organId, file.records, {
    dryRun,
    sourceName: path.split('/').pop() as string,
    total: file.total,
  })
}

describe.each(TEST_DIALECTS)('import of catalogue items (%s)', (dialect) => {
  let db: Db
  let deps: AppDeps
  let organ: OrganRow

  beforeAll(async () => {
    db = await createTestDb(dialect)
    deps = {
      config: testConfig(),
      db,
      clock: fixedClock('2026-11-27T02:00:00Z'),
      search: createSearchIndex(db.dialect),
      calendar: packagedCalendarProvider(),
      personalData: oneOffFieldCipher(),
    }
  })
  afterAll(async () => {
    await db.close()
  })
  beforeEach(async () => {
    organ = await buildOrgan(db, { name: '测试市人民政府', kind: 'government' })
  })

  const itemsOf = (organId: string) =>
    db.kysely
      .selectFrom('item')
      .innerJoin('item_body', 'item_body.item_id', 'item.id')
      .selectAll()
      .where('organ_id', '=', organId)
      .orderBy('doc_no')
      .execute()
  const importAudits = (organId: string) =>
    db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('organ_id', '=', organId)
      .where('action', '=', 'item.imported')
      .execute()

  it('imports real catalogue rows as published items, rejecting the dirty ones with line and reason', async () => {
    const s = await importFile(deps, organ.id, CATALOGUE_SAMPLE)
    expect(s).toMatchObject({ read: 21, imported: 18, rejected: 3, dryRun: false })
    expect(s.rejectedByReason).toEqual({ published_date_missing: 2, duplicate_in_file: 1 })
    const rejections = s.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.field, i.reason])
    expect(rejections).toEqual([
      [DUPLICATE.second, 'row', 'duplicate_in_file'],
      ...NO_PUBLISH_DATE_LINES.map((l) => [l, 'publishedDate', 'published_date_missing']),
    ])
    expect(s.issues.find((i) => i.reason === 'duplicate_in_file')?.message).toContain(
      `第 ${DUPLICATE.first} 行`,
    )
    // Kept but flagged: 成文日期 2028 after 发布日期 2023 (and after its 文号's year); 川府发〔2018〕 written in 2020.
    expect(s.warningsByReason).toMatchObject({ written_after_published: 1, doc_number_year_mismatch: 2 })

    const items = await itemsOf(organ.id)
    expect(items).toHaveLength(18)
    expect(items.every((i) => i.status === 'published' && i.revision === 1 && i.published_at !== null)).toBe(
      true,
    )
    expect(s.indexNumbers).toEqual({ kept: 0, assigned: 18 })
    for (const i of items) {
      expect(i.index_no).toBe(
        `${organ.org_code}/${i.published_date?.slice(0, 4)}-${String(i.index_serial).padStart(5, '0')}`,
      )
      expect(i.source).toMatch(/^catalogue-sample\.csv:\d+$/)
    }
    // Serials per year run 1, 2, 3 … in file order.
    const y2023 = items.filter((i) => i.index_year === 2023).map((i) => i.index_serial)
    expect(y2023).toEqual(y2023.map((_, k) => k + 1))

    const byLine = new Map(items.map((i) => [Number(i.source?.split(':')[1]), i]))
    expect(byLine.get(2)).toMatchObject({
      title: '广东省人民政府关于调整一批省级行政职权事项的决定',
      written_date: '2023-09-13',
      published_date: '2023-09-25',
      published_year: 2023,
      doc_number: '粤府〔2023〕68号',
      doc_number_agency: '粤府',
      doc_number_year: 2023,
      doc_number_serial: 68,
    })
    expect(byLine.get(9)).toMatchObject({
      doc_number_raw: '豫政 〔1981〕184号',
      doc_number: '豫政〔1981〕184号',
    })
    expect(byLine.get(11)).toMatchObject({ doc_number_raw: '省政府令 第5号', doc_number: '省政府令第5号' })
    expect(byLine.get(15)).toMatchObject({ doc_number: '沪发改价管〔2023〕39号' })
    expect(byLine.get(16)).toMatchObject({ doc_number: '公告2018年第14号', doc_number_year: 2018 })
    expect(byLine.get(12)).toMatchObject({ doc_number_raw: null, doc_number: null })
    expect(byLine.get(2)?.body_html).toContain(
      'href="http://www.gd.gov.cn/zwgk/wjk/qbwj/yf/content/post_4258480.html"',
    )
    expect(s.docNumbers).toMatchObject({ present: 13, normalised: 13 })

    // Each item has its revision-1 snapshot and is found by a 2-character search.
    const revisions = await db.kysely
      .selectFrom('item_revision')
      .select(['item_id', 'revision', 'snapshot'])
      .where(
        'item_id',
        'in',
        items.map((i) => i.id),
      )
      .execute()
    expect(revisions).toHaveLength(18)
    expect(JSON.parse(revisions[0]?.snapshot ?? '{}')).toMatchObject({ revision: 1 })
    const hits = await deps.search.search(db.kysely, {
      q: '佛山',
      filters: { organIds: [organ.id] },
      limit: 10,
      offset: 0,
    })
    expect(hits.total).toBe(1)
    const byDoc = await deps.search.search(db.kysely, {
      q: '粤府',
      filters: { organIds: [organ.id] },
      limit: 10,
      offset: 0,
    })
    expect(byDoc.total).toBe(3)

    // One audit entry for the run, with its counts; the chain stays intact.
    const audits = await importAudits(organ.id)
    expect(audits).toHaveLength(1)
    expect(JSON.parse(audits[0]?.summary ?? '{}')).toMatchObject({ read: 21, imported: 18, rejected: 3 })
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })

  it('changes nothing on a dry run but reports the same figures', async () => {
    const countersBefore = await db.kysely.selectFrom('counter').selectAll().orderBy('name').execute()
    const s = await importFile(deps, organ.id, CATALOGUE_SAMPLE, true)
    expect(s).toMatchObject({ read: 21, imported: 18, rejected: 3, dryRun: true })
    expect(await itemsOf(organ.id)).toHaveLength(0)
    expect(await importAudits(organ.id)).toHaveLength(0)
    expect(await db.kysely.selectFrom('counter').selectAll().orderBy('name').execute()).toEqual(
      countersBefore,
    )
  })

  it('skips rows imported before, so a re-run after an interruption adds nothing twice', async () => {
    await importFile(deps, organ.id, CATALOGUE_SAMPLE)
    const again = await importFile(deps, organ.id, CATALOGUE_SAMPLE)
    expect(again.imported).toBe(0)
    expect(again.rejectedByReason).toEqual({
      // The row repeated inside the file is also in the database by now.
      duplicate_existing: 19,
      published_date_missing: 2,
    })
    expect(await itemsOf(organ.id)).toHaveLength(18)
  })

  it('keeps valid unique 索引号, renumbers invalid or taken ones, and later serials do not collide', async () => {
    const code = organ.org_code
    const csv = [
      '索引号,名称,发布日期,文号',
      `${code}/2019-00007,甲通知,2019-03-01,测政发〔2019〕1号`,
      `${code}/2019-00007,乙通知,2019-03-02,测政发〔2019〕2号`,
      `not-an-index,丙通知,2019-03-03,测政发〔2019〕3号`,
      `,丁通知,2019-03-04,测政发〔2019〕4号`,
    ].join('\n')
    const s = await importFile(deps, organ.id, tempFile('legacy.csv', csv))
    expect(s.imported).toBe(4)
    expect(s.indexNumbers).toEqual({ kept: 1, assigned: 3 })
    expect(s.warningsByReason).toEqual({ index_no_taken: 1, index_no_invalid: 1 })
    const items = await itemsOf(organ.id)
    expect(items.map((i) => i.index_no)).toEqual([
      `${code}/2019-00007`,
      `${code}/2019-00008`,
      `${code}/2019-00009`,
      `${code}/2019-00010`,
    ])
    expect(await readCounter(db.kysely, indexCounterName(organ.id, 2019))).toBe(10)
    const next = await db.kysely.transaction().execute((trx) => nextIndexSerial(trx, organ.id, 2019))
    expect(next).toBe(11)
  })

  it('reads an XLSX workbook: spreadsheet dates, rich text and links, sheet row numbers', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('目录')
    ws.addRow(['名称', '发文字号', '成文日期', '发布日期', '主题分类', '体裁', '内容概述'])
    ws.addRow([
      { richText: [{ text: '关于' }, { text: '广电', font: { bold: true } }, { text: '工作的通知' }] },
      '发文字号：张广电发[2013]5号',
      new Date(Date.UTC(2013, 2, 1)),
      new Date(Date.UTC(2013, 2, 5)),
      '文化、广电、新闻出版/广播、电影、电视',
      '通知',
      '<b>概述</b>内容',
    ])
    ws.addRow(['', '', '', '2013-03-06'])
    ws.addRow([{ text: '链接标题', hyperlink: 'https://example.gov.cn/' }, null, null, 41339])
    const path = join(mkdtempSync(join(tmpdir(), 'gongkai-import-')), 'legacy.xlsx')
    await wb.xlsx.writeFile(path)

    const s = await importFile(deps, organ.id, path)
    expect(s).toMatchObject({ read: 3, imported: 2, rejected: 1 })
    expect(s.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.reason])).toEqual([
      [3, 'title_missing'],
    ])
    const items = await itemsOf(organ.id)
    expect(items[0]).toMatchObject({
      title: '关于广电工作的通知',
      doc_number: '张广电发〔2013〕5号',
      written_date: '2013-03-01',
      published_date: '2013-03-05',
      topic: '文化、广电、新闻出版\\广播、电影、电视',
      genre: '通知',
      summary: '概述内容',
      source: 'legacy.xlsx:2',
    })
    expect(items[1]).toMatchObject({
      title: '链接标题',
      published_date: '2013-03-06',
      source: 'legacy.xlsx:4',
    })
  })

  it('reads JSON Lines with real bodies: page chrome dropped, scraper errors and unreadable lines reported', async () => {
    const text = `${readFileSync(BODY_SAMPLE, 'utf8')}{"Title": "断行\n`
    const s = await importFile(deps, organ.id, tempFile('bodies.jsonl', text))
    expect(s).toMatchObject({ read: 5, imported: 4, rejected: 1 })
    expect(s.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.reason])).toEqual([
      [5, 'row_unreadable'],
    ])
    expect(s.warningsByReason).toMatchObject({ body_scrape_error: 1 })
    const items = await itemsOf(organ.id)
    const miyun = items.find((i) => i.title.includes('密云'))
    expect(miyun?.body_html).toContain('<p>密政发〔2016〕20号</p>')
    expect(miyun?.body_text).not.toContain('字号')
    expect(miyun?.written_date).toBe('2016-04-20')
    const hits = await deps.search.search(db.kysely, {
      q: '震损',
      filters: { organIds: [organ.id] },
      limit: 10,
      offset: 0,
    })
    expect(hits.docNos).toEqual([Number(miyun?.doc_no)])
  })

  it('reads a GBK-encoded CSV as saved by Excel on Chinese Windows', async () => {
    const gbk = Buffer.concat([
      Buffer.from('title,publish_date\r\n'),
      Buffer.from('b9e3b5e7bed6b9abb8e6', 'hex'), // 广电局公告
      Buffer.from(',2013-05-01\r\n'),
    ])
    const s = await importFile(deps, organ.id, tempFile('gbk.csv', gbk))
    expect(s.imported).toBe(1)
    expect((await itemsOf(organ.id))[0]?.title).toBe('广电局公告')
  })

  it('does not let a row the database refuses take the rest of its batch down', async () => {
    const failing: SearchIndex = {
      ...deps.search,
      upsert: async (d, docs) => {
        if (docs.some((x) => x.title.includes('坏'))) {
          throw new Error('index refused')
        }
        await deps.search.upsert(d, docs)
      },
    }
    const records = ['好一', '坏二', '好三'].map((title, k) => ({
      line: k + 2,
      values: { 名称: title, 发布日期: '2020-01-0' + String(k + 1) },
    }))
    const s = await importItems({ ...deps, search: failing }, CLI, organ.id, records, { sourceName: 'gen' })
    expect(s).toMatchObject({ read: 3, imported: 2, rejected: 1 })
    expect(s.issues.map((i) => [i.line, i.reason])).toEqual([[3, 'write_failed']])
    const items = await itemsOf(organ.id)
    expect(items.map((i) => i.title)).toEqual(['好一', '好三'])
    // Nothing half-imported: no revision or index entry left for the refused row.
    const revs = await db.kysely
      .selectFrom('item_revision')
      .innerJoin('item', 'item.id', 'item_revision.item_id')
      .select('item.title')
      .where('item.organ_id', '=', organ.id)
      .execute()
    expect(revs.map((r) => r.title).sort()).toEqual(['好一', '好三'])
    expect(items.map((i) => i.index_serial)).toEqual([1, 2])
  })

  it('stops when the database refuses every row of a batch alike, keeping committed batches with their audit entries', async () => {
    const broken: SearchIndex = {
      ...deps.search,
      upsert: async (d, docs) => {
        if (docs.some((x) => x.title.startsWith('坏'))) {
          throw new Error('no such table: item_fts')
        }
        await deps.search.upsert(d, docs)
      },
    }
    const records = ['好一', '好二', '坏三', '坏四', '好五'].map((title, k) => ({
      line: k + 2,
      values: { 名称: title, 发布日期: `2020-02-0${k + 1}` },
    }))
    await expect(
      importItems({ ...deps, search: broken }, CLI, organ.id, records, { sourceName: 'gen', batchSize: 2 }),
    ).rejects.toThrow('no such table: item_fts')
    const items = await itemsOf(organ.id)
    expect(items.map((i) => i.title)).toEqual(['好一', '好二'])
    // The committed batch's entry names its lines and doc_no range; the refused batch left none.
    const audits = await importAudits(organ.id)
    expect(audits).toHaveLength(1)
    expect(JSON.parse(audits[0]?.summary ?? '{}')).toEqual({
      source: 'gen',
      batch: 1,
      firstLine: 2,
      lastLine: 3,
      firstDocNo: Number(items[0]?.doc_no),
      lastDocNo: Number(items[1]?.doc_no),
      imported: 2,
      indexNumbers: { kept: 0, assigned: 2 },
      read: 2,
      rejected: 0,
    })
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })

  it('refuses an unknown file type and an organ that does not exist', async () => {
    await expect(openImportFile(tempFile('x.pdf', 'x'))).rejects.toMatchObject({
      code: 'IMPORT_FILE_INVALID',
    })
    await expect(importItems(deps, CLI, 'no-such-organ', [], {})).rejects.toMatchObject({
      code: 'ORGAN_NOT_FOUND',
    })
  })
})
