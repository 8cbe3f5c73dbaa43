import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type ExcelJS from 'exceljs'
import { DomainError } from '../../../shared/errors.js'
import { countCsvRecords, csvRecords } from './import-csv.js'
import type { ImportCell, ImportRecord } from './import-fields.js'
import { rowIssue, type ImportIssue } from './import-issues.js'

/**
 * Reading import files: CSV (UTF-8 or GBK, through import-csv.ts), XLSX (exceljs) and JSON Lines,
 * each as a stream of records with the line (or sheet row) each starts on.
 */

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

/** One JSON Lines line → a record, or the reason it cannot be read. */
export function jsonLineToRecord(line: number, text: string): ImportRecord | ImportIssue | null {
  const s = text.trim()
  if (s === '') {
    return null
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(s)
  } catch (err) {
    return rowIssue(line, 'row_unreadable', `JSON 格式错误（${(err as Error).message}）`, s)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return rowIssue(line, 'row_unreadable', '每行须为一个 JSON 对象', s)
  }
  const values: Record<string, ImportCell> = {}
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    values[k] =
      v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? v
        : JSON.stringify(v)
  }
  return { line, values }
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

/**
 * CSV files up to this size are parsed once, into memory, which also gives the progress total;
 * larger ones are streamed and counted in a first pass (csv-parse reads ~5–10 MB/s, so a second
 * pass is what a large file costs most).
 */
const CSV_IN_MEMORY_BYTES = 32 * 1024 * 1024

/** Opens an import file by extension. @throws DomainError IMPORT_FILE_INVALID */
export async function openImportFile(path: string): Promise<ImportFile> {
  const format = importFormatOf(path)
  let size: number
  try {
    size = (await stat(path)).size
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
    if (size <= CSV_IN_MEMORY_BYTES) {
      const records: ImportRecord[] = []
      for await (const r of csvRecords(textChunks(path))) {
        records.push(r)
      }
      return { format, total: records.length, records: toAsync(records) }
    }
    return { format, total: await countCsvRecords(textChunks(path)), records: csvRecords(textChunks(path)) }
  }
  return { format, total: null, records: jsonlRecords(path) }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}
