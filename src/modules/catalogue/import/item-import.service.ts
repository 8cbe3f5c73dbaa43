import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type ExcelJS from 'exceljs'
import type { Insertable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import { actorFields, type Actor } from '../../audit/index.js'
import { recordAudit } from '../../audit/index.js'
import { getOrganById } from '../../organs/index.js'
import type { Organ } from '../../organs/index.js'
import type { ItemRevisionTable, NewItemRow } from '../catalogue.table.js'
import { formatIndexNumber, indexCounterName } from '../classification/index.js'
import * as repo from './item-import.repository.js'
import {
  CsvParser,
  countDocNumber,
  countReasons,
  csvToRecords,
  dedupeKey,
  duplicateIssue,
  emptyDocNumberStats,
  indexTakenIssue,
  isIssue,
  jsonLineToRecord,
  mapColumns,
  rowIssue,
  type ColumnMapping,
  type DocNumberStats,
  type ImportCell,
  type ImportIssue,
  type ImportRecord,
  type ValidImportRow,
  validateImportRow,
} from './item-import.js'
import { reserveDocNos, reserveIndexSerials } from '../items/item.repository.js'
import type { SearchDoc } from '../../../shared/search-index.js'

/**
 * Import of catalogue items from an older system (条例 Art. 19 主动公开 items published before the
 * platform existed). Rows are validated first, in memory; valid rows are written in batches, each
 * batch in one transaction together with its 索引号 counters and search-index entries, so an item
 * is either fully there (row, index entry, revision snapshot) or not at all. A batch the database
 * refuses is retried row by row, so one bad row never takes good rows down with it.
 */

export interface ImportProgress {
  read: number
  imported: number
  rejected: number
  /** Data rows in the file, when known in advance. */
  total: number | null
}

export interface ImportOptions {
  /** Validate and check against the database, write nothing. */
  dryRun?: boolean
  /** Called after each batch. */
  onProgress?: (p: ImportProgress) => void
  /** Called for every issue as it is found (for streaming a report). */
  onIssue?: (i: ImportIssue) => void
  /** Rows per transaction (default 1000). */
  batchSize?: number
  /** File name recorded as each item's source (`name:line`). */
  sourceName?: string
  total?: number | null
}

export interface ImportSummary {
  source: string
  dryRun: boolean
  read: number
  imported: number
  rejected: number
  warnings: number
  durationMs: number
  rowsPerSecond: number
  rejectedByReason: Record<string, number>
  warningsByReason: Record<string, number>
  /** 文号 of the imported (or, on a dry run, importable) rows. */
  docNumbers: DocNumberStats
  /** 索引号 kept from the file and newly assigned. */
  indexNumbers: { kept: number; assigned: number }
  ignoredColumns: string[]
  /** The first MAX_KEPT_ISSUES issues (all of them go to `onIssue`). */
  issues: ImportIssue[]
}

const MAX_KEPT_ISSUES = 100_000
const DEFAULT_BATCH = 1000

/** 53 bits of SHA-1: duplicate detection over millions of rows without keeping the keys. */
function keyHash(key: string): number {
  const d = createHash('sha1').update(key).digest()
  return d.readUIntBE(0, 6) * 32 + (d[6] as number) / 8
}

/** 00:00 on the publication day in China time (UTC+8), as an instant. */
function publishedInstant(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString()
}

/** Today's calendar date in China time. */
function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** What the search index holds for an item: title; summary, 文号 and body (as item.service.ts builds it). */
function searchDocOf(docNo: number, row: ValidImportRow): SearchDoc {
  const parts = [row.summary, row.docNumber?.normalised, row.docNumber?.raw, row.bodyText]
  return { docNo, title: row.title, body: parts.filter((p): p is string => !!p).join('\n') }
}

/** The revision-1 snapshot, in the shape item.service.ts keeps in item_revision. */
function snapshotOf(row: NewItemRow, r: ValidImportRow): string {
  return JSON.stringify({
    indexNo: row.index_no,
    revision: 1,
    title: row.title,
    summary: row.summary,
    bodyHtml: row.body_html,
    docNumberRaw: row.doc_number_raw,
    docNumber: row.doc_number,
    jointIssuers: r.jointIssuers,
    writtenDate: row.written_date,
    formedDate: row.formed_date,
    publishedDate: row.published_date,
    revisedDate: null,
    topic: row.topic,
    genre: row.genre,
    art20Item: null,
    art21Item: null,
    keyAreas: [],
    scope: row.scope,
    term: row.term,
    validity: row.validity,
    validityDate: null,
  })
}

/** The 前段码 that 索引号 issued for this organ begin with (both formats). */
function organPrefixes(organ: Organ): Set<string> {
  return new Set([organ.code, organ.orgCode])
}

class ImportRun {
  readonly issues: ImportIssue[] = []
  read = 0
  imported = 0
  rejectedRows = 0
  warningCount = 0
  keptIndex = 0
  assignedIndex = 0
  readonly docNumbers = emptyDocNumberStats()
  readonly ignored = new Set<string>()
  /** keyHash(dedupeKey) → the line it was first seen on (0 = already in the database). */
  readonly seen = new Map<number, number>()
  /** 索引号 claimed by earlier rows of this run. */
  readonly claimedIndex = new Set<string>()
  private readonly mappings = new Map<string, ColumnMapping>()

  constructor(
    private readonly deps: AppDeps,
    private readonly actor: Actor,
    readonly organ: Organ,
    readonly opts: ImportOptions,
    readonly source: string,
  ) {}

  note(i: ImportIssue): void {
    if (i.severity === 'warning') {
      this.warningCount += 1
    }
    if (this.issues.length < MAX_KEPT_ISSUES) {
      this.issues.push(i)
    }
    this.opts.onIssue?.(i)
  }

  reject(issues: readonly ImportIssue[]): void {
    this.rejectedRows += 1
    for (const i of issues) {
      this.note(i)
    }
  }

  mappingFor(values: Record<string, ImportCell>): ColumnMapping {
    const headers = Object.keys(values)
    const sig = headers.join('\u0001')
    let m = this.mappings.get(sig)
    if (!m) {
      m = mapColumns(headers)
      this.mappings.set(sig, m)
      for (const h of m.ignored) {
        this.ignored.add(h)
      }
    }
    return m
  }

  progress(): void {
    this.opts.onProgress?.({
      read: this.read,
      imported: this.imported,
      rejected: this.rejectedRows,
      total: this.opts.total ?? null,
    })
  }

  /** Drops original 索引号 already used in the database or earlier in the file (with a warning). */
  async settleIndexNumbers(batch: Array<{ row: ValidImportRow }>): Promise<void> {
    const wanted = batch.map((b) => b.row.indexNoText).filter((x): x is string => x !== null)
    if (wanted.length === 0) {
      return
    }
    const taken = await repo.takenIndexNos(this.deps.db.kysely, wanted)
    for (const b of batch) {
      const text = b.row.indexNoText
      if (text === null) {
        continue
      }
      if (taken.has(text) || this.claimedIndex.has(text)) {
        this.note(indexTakenIssue(b.row))
        b.row.indexNo = null
        b.row.indexNoText = null
      } else {
        this.claimedIndex.add(text)
      }
    }
  }

  /** Writes one batch in one transaction; returns how many index numbers were kept/assigned. */
  private async writeBatch(rows: readonly ValidImportRow[]): Promise<{ kept: number; assigned: number }> {
    const { db, clock, config, search } = this.deps
    const organ = this.organ
    const now = clock.now().toISOString()
    return db.kysely.transaction().execute(async (trx: Trx) => {
      const firstDocNo = await reserveDocNos(trx, rows.length)
      // New 索引号: per year of publication, in the file's row order.
      const needing = new Map<number, number>()
      const maxKept = new Map<number, number>()
      const prefixes = organPrefixes(organ)
      for (const r of rows) {
        if (r.indexNo === null) {
          const y = Number(r.publishedDate.slice(0, 4))
          needing.set(y, (needing.get(y) ?? 0) + 1)
        } else if (prefixes.has(r.indexNo.prefix)) {
          maxKept.set(r.indexNo.year, Math.max(maxKept.get(r.indexNo.year) ?? 0, r.indexNo.serial))
        }
      }
      // Serials issued later must not collide with the kept ones.
      for (const [year, serial] of maxKept) {
        await repo.raiseCounterTo(trx, indexCounterName(organ.id, year), serial, db.dialect)
      }
      const nextSerial = new Map<number, number>()
      for (const [year, count] of needing) {
        nextSerial.set(year, await reserveIndexSerials(trx, organ.id, year, count))
      }

      let kept = 0
      let assigned = 0
      const items: NewItemRow[] = []
      const revisions: Array<Insertable<ItemRevisionTable>> = []
      const docs: SearchDoc[] = []
      rows.forEach((r, i) => {
        const docNo = firstDocNo + i
        let indexNo: string
        let indexYear: number
        let indexSerial: number
        if (r.indexNo !== null && r.indexNoText !== null) {
          indexNo = r.indexNoText
          indexYear = r.indexNo.year
          indexSerial = r.indexNo.serial
          kept += 1
        } else {
          indexYear = Number(r.publishedDate.slice(0, 4))
          indexSerial = nextSerial.get(indexYear) as number
          nextSerial.set(indexYear, indexSerial + 1)
          indexNo = formatIndexNumber(config.indexNumberFormat, organ, r.publishedDate, indexSerial)
          assigned += 1
        }
        const dn = r.docNumber
        const item: NewItemRow = {
          id: newId(),
          doc_no: docNo,
          organ_id: organ.id,
          index_no: indexNo,
          index_year: indexYear,
          index_serial: indexSerial,
          title: r.title,
          summary: r.summary,
          body_html: r.bodyHtml,
          body_text: r.bodyText,
          doc_number_raw: dn?.raw ?? null,
          doc_number: dn?.normalised ?? null,
          doc_number_agency: dn?.agency ?? null,
          doc_number_year: dn?.year ?? null,
          doc_number_serial: dn?.serial ?? null,
          joint_issuers: JSON.stringify(r.jointIssuers),
          written_date: r.writtenDate,
          formed_date: r.writtenDate,
          published_date: r.publishedDate,
          published_year: Number(r.publishedDate.slice(0, 4)),
          published_at: publishedInstant(r.publishedDate),
          topic: r.topic,
          genre: r.genre,
          art20_item: null,
          art21_item: null,
          key_areas: '[]',
          disclosure_mode: 'proactive',
          withheld_reason: null,
          scope: 'public',
          term: 'long',
          validity: r.validity,
          validity_date: null,
          replaced_by_id: null,
          status: 'published',
          return_reason: null,
          withdraw_reason: null,
          drafted_by: null,
          first_reviewer_id: null,
          final_approver_id: null,
          sample: 0,
          source: `${this.source}:${r.line}`,
          revision: 1,
          version: 1,
          created_at: now,
          updated_at: now,
        }
        items.push(item)
        revisions.push({
          id: newId(),
          item_id: item.id,
          revision: 1,
          snapshot: snapshotOf(item, r),
          note: `导入：${this.source}:${r.line}`,
          created_by: this.actor.id,
          created_at: now,
        })
        docs.push(searchDocOf(docNo, r))
      })
      await repo.insertItemRows(trx, items, db.sqlite)
      await repo.insertRevisionRows(trx, revisions, db.sqlite)
      await search.upsert(trx, docs)
      return { kept, assigned }
    })
  }

  /** Writes a batch; if the database refuses it, writes its rows one by one and rejects only the failing ones. */
  async flush(batch: Array<{ row: ValidImportRow }>): Promise<void> {
    if (batch.length === 0) {
      return
    }
    await this.settleIndexNumbers(batch)
    const rows = batch.map((b) => b.row)
    if (this.opts.dryRun) {
      this.imported += rows.length
      for (const r of rows) {
        countDocNumber(this.docNumbers, r.docNumber)
      }
      return
    }
    try {
      const r = await this.writeBatch(rows)
      this.count(rows, r)
    } catch (err) {
      if (rows.length === 1) {
        const row = rows[0] as ValidImportRow
        this.reject([rowIssue(row.line, 'write_failed', err instanceof Error ? err.message : String(err))])
        return
      }
      const failures: Array<{ row: ValidImportRow; message: string }> = []
      let last: unknown = err
      for (const row of rows) {
        try {
          this.count([row], await this.writeBatch([row]))
        } catch (e) {
          last = e
          failures.push({ row, message: e instanceof Error ? e.message : String(e) })
        }
      }
      // Every row refused for one and the same reason: the database is at fault (a missing
      // table, a full disk), not the data. Stop rather than reject the rest of the file row by row.
      if (failures.length === rows.length && new Set(failures.map((f) => f.message)).size === 1) {
        throw last
      }
      for (const f of failures) {
        this.reject([rowIssue(f.row.line, 'write_failed', f.message)])
      }
    }
  }

  private count(rows: readonly ValidImportRow[], r: { kept: number; assigned: number }): void {
    this.imported += rows.length
    this.keptIndex += r.kept
    this.assignedIndex += r.assigned
    for (const row of rows) {
      countDocNumber(this.docNumbers, row.docNumber)
    }
  }

  async audit(summary: Omit<ImportSummary, 'issues'>, aborted?: string): Promise<void> {
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await recordAudit(trx, this.deps.clock, {
        ...actorFields(this.actor),
        organId: this.organ.id,
        action: 'item.imported',
        targetType: 'organ',
        targetId: this.organ.id,
        summary: {
          source: summary.source,
          read: summary.read,
          imported: summary.imported,
          rejected: summary.rejected,
          warnings: summary.warnings,
          rejectedByReason: summary.rejectedByReason,
          indexNumbers: summary.indexNumbers,
          durationMs: summary.durationMs,
          ...(aborted === undefined ? {} : { aborted }),
        },
      })
    })
  }
}

/**
 * Imports catalogue rows as published items of an organ.
 *
 * `records` may be any (async) iterable — the file readers below, or generated rows (benchmark).
 * An `ImportIssue` in the stream (a line that could not be read at all) counts as a rejected row.
 * One audit entry records the run (counts, not rows); a dry run writes nothing at all.
 */
export async function importItems(
  deps: AppDeps,
  actor: Actor,
  organId: string,
  records: Iterable<ImportRecord | ImportIssue> | AsyncIterable<ImportRecord | ImportIssue>,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now()
  const organ = await getOrganById(deps.db.kysely, organId)
  const source = opts.sourceName ?? 'import'
  const run = new ImportRun(deps, actor, organ, opts, source)
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH)
  const ctx = { organName: organ.name, today: chinaToday(deps.clock.now()) }

  for await (const it of repo.organItemIdentities(deps.db.kysely, organ.id)) {
    run.seen.set(keyHash(dedupeKey(it.title, it.publishedDate, it.docNumber)), 0)
  }

  const summarise = (): ImportSummary => {
    const durationMs = Math.round(performance.now() - started)
    return {
      source,
      dryRun: opts.dryRun === true,
      read: run.read,
      imported: run.imported,
      rejected: run.rejectedRows,
      warnings: run.warningCount,
      durationMs,
      rowsPerSecond: durationMs > 0 ? Math.round((run.read / durationMs) * 1000) : run.read,
      rejectedByReason: countReasons(run.issues, 'error'),
      warningsByReason: countReasons(run.issues, 'warning'),
      docNumbers: run.docNumbers,
      indexNumbers: { kept: run.keptIndex, assigned: run.assignedIndex },
      ignoredColumns: [...run.ignored],
      issues: run.issues,
    }
  }
  let batch: Array<{ row: ValidImportRow }> = []
  try {
    for await (const rec of records) {
      run.read += 1
      if (isIssue(rec)) {
        run.reject([rec])
        continue
      }
      const result = validateImportRow(rec, run.mappingFor(rec.values), ctx)
      if (!result.ok) {
        run.reject(result.issues)
        continue
      }
      const h = keyHash(result.row.dedupeKey)
      const first = run.seen.get(h)
      if (first !== undefined) {
        run.reject([duplicateIssue(result.row, first === 0 ? null : first)])
        continue
      }
      run.seen.set(h, result.row.line)
      for (const w of result.warnings) {
        run.note(w)
      }
      batch.push({ row: result.row })
      if (batch.length >= batchSize) {
        await run.flush(batch)
        batch = []
        run.progress()
      }
    }
    await run.flush(batch)
    run.progress()
  } catch (err) {
    // Rows already committed stay; the audit trail records the run and why it stopped.
    if (opts.dryRun !== true && run.imported > 0) {
      // If the audit cannot be written either, the original failure is the one to report.
      await run.audit(summarise(), err instanceof Error ? err.message : String(err)).catch(() => undefined)
    }
    throw err
  }
  const summary = summarise()
  if (!summary.dryRun) {
    await run.audit(summary)
  }
  return summary
}

// ---------------------------------------------------------------------------------------------
// File readers

export type ImportFormat = 'csv' | 'xlsx' | 'jsonl'

export interface ImportFile {
  format: ImportFormat
  /** Data rows, when known before reading (progress bars). */
  total: number | null
  records: AsyncIterable<ImportRecord | ImportIssue>
}

/** The format of an import file, by extension. @throws DomainError IMPORT_FILE_INVALID */
export function importFormatOf(path: string): ImportFormat {
  const ext = extname(path).toLowerCase()
  if (ext === '.csv' || ext === '.txt') {
    return 'csv'
  }
  if (ext === '.xlsx') {
    return 'xlsx'
  }
  if (ext === '.jsonl' || ext === '.ndjson') {
    return 'jsonl'
  }
  throw new DomainError(
    'IMPORT_FILE_INVALID',
    `unsupported file type ${ext || '(none)'}: use .csv, .xlsx or .jsonl`,
    {
      userMessage: '只支持 CSV、XLSX 和 JSONL 文件。',
    },
  )
}

/**
 * Decodes a text file chunk by chunk: UTF-8 (with or without BOM), or GB18030 (GBK) — the
 * encoding Excel on Chinese Windows saves CSV in — when the start of the file is not UTF-8.
 */
async function* textChunks(path: string): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (!decoder) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(
          chunk.subarray(0, Math.min(chunk.length, 64 * 1024 - 4)),
          {
            stream: true,
          },
        )
        decoder = new TextDecoder('utf-8')
      } catch {
        decoder = new TextDecoder('gb18030')
      }
    }
    yield decoder.decode(chunk, { stream: true })
  }
  if (decoder) {
    const rest = decoder.decode()
    if (rest !== '') {
      yield rest
    }
  }
}

async function countCsvRecords(path: string): Promise<number> {
  const parser = new CsvParser()
  let n = 0
  for await (const text of textChunks(path)) {
    n += parser.push(text).length
  }
  n += parser.end().length
  return Math.max(0, n - 1)
}

async function* csvRecords(path: string): AsyncGenerator<ImportRecord> {
  const parser = new CsvParser()
  let header: string[] | null = null
  const emit = function* (recs: Array<{ line: number; fields: string[] }>): Generator<ImportRecord> {
    for (const r of recs) {
      if (header === null) {
        header = r.fields.map((h) => h.trim())
        continue
      }
      yield csvToRecords(header, r)
    }
  }
  for await (const text of textChunks(path)) {
    yield* emit(parser.push(text))
  }
  yield* emit(parser.end())
  if (header === null) {
    throw new DomainError('IMPORT_FILE_INVALID', 'the CSV file is empty (no header row)', {
      userMessage: 'CSV 文件为空（缺少表头行）。',
    })
  }
}

async function* jsonlRecords(path: string): AsyncGenerator<ImportRecord | ImportIssue> {
  let rest = ''
  let line = 0
  const lines = function* (text: string): Generator<ImportRecord | ImportIssue> {
    for (const l of text.split('\n')) {
      line += 1
      const r = jsonLineToRecord(line, l)
      if (r) {
        yield r
      }
    }
  }
  for await (const text of textChunks(path)) {
    const all = rest + text
    const cut = all.lastIndexOf('\n')
    if (cut < 0) {
      rest = all
      continue
    }
    rest = all.slice(cut + 1)
    yield* lines(all.slice(0, cut))
  }
  if (rest !== '') {
    yield* lines(rest)
  }
}

/** A spreadsheet cell as a plain value (rich text, links and formula results unwrapped). */
function excelCell(v: ExcelJS.CellValue): ImportCell {
  if (v === null || v === undefined) {
    return null
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) {
    return v
  }
  if (typeof v === 'object') {
    if ('richText' in v) {
      return v.richText.map((t) => t.text).join('')
    }
    if ('hyperlink' in v) {
      return typeof v.text === 'string' ? v.text : v.hyperlink
    }
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result
      return result === undefined || typeof result === 'object' ? null : (result as ImportCell)
    }
    if ('error' in v) {
      return null
    }
  }
  return String(v)
}

async function readXlsx(path: string): Promise<{ total: number; records: ImportRecord[] }> {
  // Loaded on demand: exceljs is large and only XLSX imports need it.
  const { default: Excel } = await import('exceljs')
  const wb = new Excel.Workbook()
  try {
    await wb.xlsx.readFile(path)
  } catch (err) {
    throw new DomainError(
      'IMPORT_FILE_INVALID',
      `cannot read ${basename(path)} as XLSX: ${(err as Error).message}`,
      {
        cause: err,
      },
    )
  }
  const sheet = wb.worksheets[0]
  if (!sheet) {
    throw new DomainError('IMPORT_FILE_INVALID', 'the workbook has no worksheet')
  }
  const headerRow = sheet.getRow(1)
  const header: string[] = []
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = String(excelCell(cell.value) ?? '').trim()
  })
  const records: ImportRecord[] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo === 1) {
      return
    }
    const values: Record<string, ImportCell> = {}
    header.forEach((h, i) => {
      if (h !== '') {
        values[h] = excelCell(row.getCell(i + 1).value)
      }
    })
    records.push({ line: rowNo, values })
  })
  return { total: records.length, records }
}

/** Opens an import file by extension. @throws DomainError IMPORT_FILE_INVALID */
export async function openImportFile(path: string): Promise<ImportFile> {
  const format = importFormatOf(path)
  try {
    await stat(path)
  } catch (err) {
    throw new DomainError('IMPORT_FILE_INVALID', `cannot open ${path}: ${(err as Error).message}`, {
      cause: err,
      userMessage: '导入文件不存在或无法读取。',
    })
  }
  if (format === 'xlsx') {
    const { total, records } = await readXlsx(path)
    return { format, total, records: toAsync(records) }
  }
  if (format === 'csv') {
    return { format, total: await countCsvRecords(path), records: csvRecords(path) }
  }
  return { format, total: null, records: jsonlRecords(path) }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}
