/**
 * CSV export of catalogue views (pure).
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
const NEEDS_QUOTES = /[",\r\n]/

export type CsvValue = string | number | null | undefined

/** One cell, neutralised against formula injection and quoted when needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) {
    return ''
  }
  let s = typeof value === 'number' ? String(value) : value
  if (FORMULA_START.test(s)) {
    s = `'${s}`
  }
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One record, terminated by CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}

/** A whole document: BOM, header record, data records. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let out = CSV_BOM + csvRecord(header)
  for (const row of rows) {
    out += csvRecord(row)
  }
  return out
}

/**
 * A `Content-Disposition` value for a download with a Chinese file name: an ASCII fallback plus
 * the RFC 5987 `filename*` form.
 */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  const safeAscii = asciiFallback.replace(/[^\w.-]/g, '_')
  return `attachment; filename="${safeAscii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}
