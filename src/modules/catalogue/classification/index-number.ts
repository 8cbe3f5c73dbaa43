import type { IndexNumberFormat } from '../../../config.js'

/**
 * 索引号 (index numbers) of disclosure items (pure).
 *
 * 《政府信息公开目录系统实施指引（试行）》 (国务院办公厅秘书局, 2008): 「索引号采用"前段码/后段码"的格式」,
 * 前段码 = the publisher's 9-character 组织机构代码, 后段码 = 4-digit year + "-" + 5-digit serial;
 * 「是每条信息唯一不变的标识」: once issued it never changes. Many sites now use the 18-character
 * 统一社会信用代码 with a `YYYYMM` suffix instead (as seen on provincial portals; 政府信息公开目录系统实施指引（试行） for the 2008 format). The format is an installation
 * setting (`config.indexNumberFormat`). Serials count per publishing organ per calendar year of
 * publication, in both formats.
 */

/** The digits a serial is padded to (2008 指引: 「5位数字流水号」). */
export const INDEX_SERIAL_DIGITS = 5

/** What the formatter needs to know about the publishing organ. */
export interface IndexNumberOrgan {
  /** 18-char USCC or 9-char organization code, normalised (see organ.table.ts). */
  code: string
  codeType: 'uscc' | 'org9'
  /** The 9-char 组织机构代码 (for a USCC, its characters 9–17). */
  orgCode: string
}

export interface IndexNumberParts {
  /** 前段码: a 9-char organization code or an 18-char USCC. */
  prefix: string
  year: number
  /** Month of publication, for the `YYYYMM` suffix; null in the `YYYY` format. */
  month: number | null
  serial: number
}

/** Zero-pads a serial to 5 digits; beyond 99,999 in one year it widens rather than failing. */
export function formatIndexSerial(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1) {
    throw new RangeError(`index serial must be a positive integer, got ${serial}`)
  }
  return String(serial).padStart(INDEX_SERIAL_DIGITS, '0')
}

/**
 * Formats the 索引号 of an item published on `publishedDate` (YYYY-MM-DD) with the organ's
 * `serial` for that year.
 * - `org9-year`: `{组织机构代码}/{YYYY}-{NNNNN}`, e.g. `000014349/2017-00110`;
 * - `uscc18-yearmonth`: `{统一社会信用代码}/{YYYYMM}-{NNNNN}`, e.g. `11341702486344515H/202110-00013`.
 *   An organ registered only with a 9-char code cannot have a USCC prefix; it gets the
 *   `org9-year` form (the 2008 national format) rather than an invented code.
 */
export function formatIndexNumber(
  format: IndexNumberFormat,
  organ: IndexNumberOrgan,
  publishedDate: string,
  serial: number,
): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(publishedDate)
  if (!m) {
    throw new RangeError(`published date must be YYYY-MM-DD, got ${publishedDate}`)
  }
  const [, year, month] = m as unknown as [string, string, string]
  const serialText = formatIndexSerial(serial)
  if (format === 'uscc18-yearmonth' && organ.codeType === 'uscc' && organ.code.length === 18) {
    return `${organ.code}/${year}${month}-${serialText}`
  }
  return `${organ.orgCode}/${year}-${serialText}`
}

const INDEX_RE = /^([0-9A-Z]{9}|[0-9A-Z]{18})\/(\d{4})(\d{2})?-(\d{5,})$/

/**
 * Reads a 索引号 in either format (upper-cases and trims; tolerates a full-width slash and an
 * en/em dash, as pasted from web pages). Returns null when it is not one.
 */
export function parseIndexNumber(raw: string): IndexNumberParts | null {
  const s = raw
    .trim()
    .toUpperCase()
    .replace(/／/g, '/')
    .replace(/[—–－]/g, '-')
  const m = INDEX_RE.exec(s)
  if (!m) {
    return null
  }
  const [, prefix, year, month, serial] = m as unknown as [string, string, string, string | undefined, string]
  const isUscc = prefix.length === 18
  // The YYYYMM suffix goes with the USCC prefix and YYYY with the 9-char code.
  if (isUscc !== (month !== undefined)) {
    return null
  }
  const monthNo = month === undefined ? null : Number(month)
  if (monthNo !== null && (monthNo < 1 || monthNo > 12)) {
    return null
  }
  return { prefix, year: Number(year), month: monthNo, serial: Number(serial) }
}

/** The canonical text of a parsed 索引号 (inverse of parseIndexNumber). */
export function indexNumberText(p: IndexNumberParts): string {
  const suffix = p.month === null ? String(p.year) : `${p.year}${String(p.month).padStart(2, '0')}`
  return `${p.prefix}/${suffix}-${formatIndexSerial(p.serial)}`
}

/** Name of the `counter` row holding an organ's last serial for a year. */
export function indexCounterName(organId: string, year: number): string {
  return `item.index_serial:${organId}:${year}`
}

/** Name of the `counter` row holding the last item.doc_no handed out. */
export const DOC_NO_COUNTER = 'item.doc_no'
