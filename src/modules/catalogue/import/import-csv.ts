import { Readable } from 'node:stream'
import { CsvError, parse, type Options } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { DomainError } from '../../../shared/errors.js'
import type { ImportCell, ImportRecord } from './import-fields.js'

/**
 * CSV import files through csv-parse (RFC 4180): decoded text chunks in (import-files.ts decodes
 * UTF-8 or GB18030 and csv-parse drops a leading BOM), records out, each with the line it starts on
 * (quoted fields may span lines), so the report names the line a reader sees in an editor.
 */

/** Lenient where older systems' exports are sloppy: ragged rows, stray quotes, mixed line ends. */
const OPTIONS: Options = {
  bom: true,
  raw: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  record_delimiter: ['\r\n', '\n', '\r'],
}

/** What csv-parse gives per record with `raw`: the fields and the source text they came from. */
interface RawRecord {
  record: string[]
  raw: string
}

/** One record as fields with the line it starts on. */
export interface CsvLine {
  line: number
  fields: string[]
}

const BREAK = /\r\n|\r|\n/g

/**
 * The line each record starts on, from the raw text of the records in order. csv-parse's own line
 * count is the line a record ends on and counts a CRLF inside quotes twice; the raw text holds the
 * skipped empty lines before a record and the record's own line breaks (CRLF once, also when a CR
 * ends one raw text and its LF starts the next).
 */
class LineCounter {
  private line = 1
  private pendingCr = false

  startOf(raw: string): number {
    let i = 0
    if (this.pendingCr && raw.charCodeAt(0) === 10) {
      i = 1
    }
    this.pendingCr = false
    while (i < raw.length) {
      const c = raw.charCodeAt(i)
      if (c === 13) {
        i += raw.charCodeAt(i + 1) === 10 ? 2 : 1
      } else if (c === 10) {
        i += 1
      } else {
        break
      }
      this.line += 1
    }
    const start = this.line
    const body = raw.slice(i)
    BREAK.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = BREAK.exec(body)) !== null) {
      this.line += 1
      if (m[0] === '\r' && m.index === body.length - 1) {
        this.pendingCr = true
      }
    }
    return start
  }
}

/** A malformed file, with the line csv-parse stopped at. */
function invalidCsv(err: CsvError): DomainError {
  const line = (err as CsvError & { lines?: number }).lines
  return new DomainError('IMPORT_FILE_INVALID', `malformed CSV near line ${line ?? '?'}: ${err.message}`, {
    cause: err,
    userMessage: `CSV 文件格式错误（约第 ${line ?? '?'} 行）：${err.code}`,
  })
}

/** A CSV record → an import record, keyed by the header. */
export function csvToRecord(header: readonly string[], rec: CsvLine): ImportRecord {
  const values: Record<string, ImportCell> = {}
  header.forEach((h, i) => {
    values[h] = rec.fields[i] ?? null
  })
  return { line: rec.line, values }
}

/** Parses a whole CSV text into records with their first lines (small texts, tests). */
export function parseCsv(text: string): CsvLine[] {
  const lines = new LineCounter()
  try {
    const recs = parseSync(text, OPTIONS) as unknown as RawRecord[]
    return recs.map((r) => ({ line: lines.startOf(r.raw), fields: r.record }))
  } catch (err) {
    throw err instanceof CsvError ? invalidCsv(err) : err
  }
}

/** Streams the records of a CSV text given in chunks. @throws DomainError IMPORT_FILE_INVALID */
export async function* csvLines(chunks: AsyncIterable<string>): AsyncGenerator<CsvLine> {
  const parser = parse(OPTIONS)
  const source = Readable.from(chunks)
  source.on('error', (err) => parser.destroy(err))
  source.pipe(parser)
  const lines = new LineCounter()
  try {
    for await (const r of parser as AsyncIterable<RawRecord>) {
      yield { line: lines.startOf(r.raw), fields: r.record }
    }
  } catch (err) {
    throw err instanceof CsvError ? invalidCsv(err) : err
  } finally {
    source.destroy()
    parser.destroy()
  }
}

/** The import records of a CSV file's text, the first record being the header. */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<ImportRecord> {
  let header: string[] | null = null
  for await (const rec of csvLines(chunks)) {
    if (header === null) {
      header = rec.fields.map((h) => h.trim())
      continue
    }
    yield csvToRecord(header, rec)
  }
  if (header === null) {
    throw new DomainError('IMPORT_FILE_INVALID', 'the CSV file is empty (no header row)', {
      userMessage: 'CSV 文件为空（缺少表头行）。',
    })
  }
}

/** Data records (after the header) of a CSV text, for a progress total. */
export async function countCsvRecords(chunks: AsyncIterable<string>): Promise<number> {
  let n = 0
  for await (const _ of csvLines(chunks)) {
    n += 1
  }
  return Math.max(0, n - 1)
}
