import { cellText, type ImportCell } from './import-fields.js'

/**
 * Dates of imported rows (pure): every form older systems and the real data write a calendar
 * date in, read to `YYYY-MM-DD` (条例 Art. 19 主动公开 items keep their own 成文日期 and 发布日期).
 */

const MIN_YEAR = 1900
const MAX_YEAR = 2100

function isoDate(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) {
    return null
  }
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  if (d > days) {
    return null
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  O: 0,
  o: 0,
  Ｏ: 0,
  '○': 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}

/** 二〇〇七 → 2007 (digit by digit); 十八 / 二十 / 三十一 → 18 / 20 / 31. */
function chineseNumber(s: string, positional: boolean): number | null {
  if (positional) {
    let n = 0
    for (const c of s) {
      const d = CN_DIGITS[c]
      if (d === undefined) {
        return null
      }
      n = n * 10 + d
    }
    return n
  }
  const m = /^([一二三]?)十([一二三四五六七八九]?)$/.exec(s)
  if (!m) {
    return s.length === 1 ? (CN_DIGITS[s] ?? null) : null
  }
  const [, tens = '', ones = ''] = m
  return (tens === '' ? 1 : (CN_DIGITS[tens] ?? 0)) * 10 + (ones === '' ? 0 : (CN_DIGITS[ones] ?? 0))
}

/** What parseImportDate answers for a value that is there but is not a date. */
export const INVALID_DATE: unique symbol = Symbol('invalid date')

/** Excel's day 0 of the 1900 date system (serial 60 is the phantom 1900-02-29). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

/**
 * Reads a calendar date in every form the data and older systems use: 2023-09-14, 2023/09/14,
 * 2023.9.14, 2023年9月14日, 20230914, 2023-09-14 10:30:00, label prefixes (成文日期 ：2023-06-14,
 * 发文日期：…), Chinese numerals (二〇〇七年一月十八日), spreadsheet dates and Excel serial numbers.
 * Returns `YYYY-MM-DD`, null for an empty cell, or INVALID_DATE.
 */
export function parseImportDate(cell: ImportCell): string | null | typeof INVALID_DATE {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) {
      return INVALID_DATE
    }
    // Spreadsheet dates arrive as UTC midnight of the calendar day.
    return isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()) ?? INVALID_DATE
  }
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 21001231) {
      return isoDate(Math.floor(cell / 10000), Math.floor(cell / 100) % 100, cell % 100) ?? INVALID_DATE
    }
    if (cell > 0 && cell < 80000) {
      const d = new Date(EXCEL_EPOCH_MS + Math.floor(cell) * 86_400_000)
      return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) ?? INVALID_DATE
    }
    return INVALID_DATE
  }
  const text = cellText(cell)
  if (text === null) {
    return null
  }
  const s = text
    .normalize('NFKC')
    .replace(/^[\p{Script=Han}\s]{1,8}[:：]\s*/u, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (s === '') {
    return null
  }
  let m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      s,
    )
  if (m) {
    return isoDate(Number(m[1]), Number(m[2]), Number(m[3])) ?? INVALID_DATE
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (m) {
    return isoDate(Number(m[1]), Number(m[2]), Number(m[3])) ?? INVALID_DATE
  }
  m =
    /^([〇零Oo○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/.exec(
      s,
    )
  if (m) {
    const y = chineseNumber(m[1] ?? '', true)
    const mo = chineseNumber(m[2] ?? '', false)
    const d = chineseNumber(m[3] ?? '', false)
    return y !== null && mo !== null && d !== null ? (isoDate(y, mo, d) ?? INVALID_DATE) : INVALID_DATE
  }
  if (/^\d{5}(?:\.\d+)?$/.test(s)) {
    // An Excel serial saved as text (a date cell exported as "General").
    return parseImportDate(Number(s))
  }
  return INVALID_DATE
}
