import { stringify } from 'csv-stringify/sync'

/**
 * CSV writing (pure), through csv-stringify:
 *
 * - UTF-8 with a byte-order mark, so Excel opens Chinese text correctly;
 * - RFC 4180 quoting: a cell with a comma, quote, CR or LF is quoted and its quotes doubled;
 *   records end with CRLF;
 * - formula-injection safe (OWASP "CSV injection"): a cell starting with = + - @ TAB or CR is
 *   prefixed with an apostrophe, so spreadsheet software shows it as text instead of evaluating it.
 */

/** The UTF-8 byte-order mark Excel needs to detect the encoding. */
export const CSV_BOM = '\uFEFF'

const FORMULA_START = /^[=+\-@\t\r]/

export type CsvValue = string | number | null | undefined

/** csv-stringify quotes a lone CR or LF only when told to (its record delimiter is CRLF). */
const OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const

/** A cell's text, neutralised against formula injection (the guard, before any quoting). */
export function guardCell(value: CsvValue): string {
  if (value === null || value === undefined) {
    return ''
  }
  const s = typeof value === 'number' ? String(value) : value
  return FORMULA_START.test(s) ? `'${s}` : s
}

/** One record, guarded, quoted where needed and terminated by CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return stringify([values.map(guardCell)], OPTIONS)
}

/** Several records at once (one csv-stringify call). */
export function csvRecords(rows: Iterable<readonly CsvValue[]>): string {
  const guarded: string[][] = []
  for (const row of rows) {
    guarded.push(row.map(guardCell))
  }
  return guarded.length === 0 ? '' : stringify(guarded, OPTIONS)
}

/** One cell as it appears in a record (guarded and quoted when needed). */
export function csvCell(value: CsvValue): string {
  return csvRecord([value]).slice(0, -2)
}

/** A whole document: BOM, header record, data records. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  return CSV_BOM + csvRecord(header) + csvRecords(rows)
}

/**
 * A `Content-Disposition` value for a download with a Chinese file name: an ASCII fallback plus
 * the RFC 5987 `filename*` form.
 */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  const safeAscii = asciiFallback.replace(/[^\w.-]/g, '_')
  return `attachment; filename="${safeAscii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}
