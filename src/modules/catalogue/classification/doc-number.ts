/**
 * 文号 (document number) parsing and normalisation. Pure; no I/O.
 *
 * The standard form of a 发文字号 is 机关代字〔年份〕序号号, e.g. 国办发〔2023〕12号 (GB/T 9704-2012
 * 党政机关公文格式 §7.2.4: the year in 六角括号 〔〕, the serial without leading zeros and without
 * 第). Orders (令) and announcements (公告) are numbered differently: 国务院令第711号,
 * 国家税务总局公告2015年第41号. Real catalogues write all of them with dirt: label prefixes
 * (文号：, 发文字号:), ASCII or full-width brackets, spaces, zero-width characters, full-width
 * digits, a missing 号 — see `gov-policy-catalogue/README.md`. The parser tolerates that dirt,
 * keeps the original text, and reports what it could not read as `unparsed`.
 */

export type DocNumberKind = 'standard' | 'order' | 'announcement' | 'unparsed'

export interface ParsedDocNumber {
  /** The value as written (trimmed of surrounding whitespace only). */
  raw: string
  /** Canonical form: 机关代字〔年份〕序号号, 机关令第N号 / 机关令YYYY年第N号, 机关公告YYYY年第N号; null when unparsed. */
  normalised: string | null
  /** 机关代字 (standard) or the issuing organ's name (order, announcement) when written. */
  agency: string | null
  year: number | null
  serial: number | null
  kind: DocNumberKind
}

/** Label prefixes that scrapers and older systems leave inside the value. */
const LABEL = /^(?:发文字号|发文文号|发文编号|文件编号|文件字号|发文号|文号|字号|编号)[:：]?/

/** Zero-width and BOM characters (seen as \u200b / \u200d inside real values). */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff]/g

/** Opening and closing brackets accepted around the year, after NFKC folding. */
const OPEN = '〔\\[(【［（〈《{'
const CLOSE = '〕\\])】］）〉》}'

/** Empty bracket pairs left behind by templates, e.g. 渝府发〔2000〕48号〔〕. */
const EMPTY_BRACKETS = new RegExp(`[${OPEN}][${CLOSE}]`, 'g')

/** A 机关代字 or an organ name: CJK characters, possibly with Latin letters (e.g. 国卫办 or 沪G). */
const AGENCY = '[\\u3400-\\u9fffA-Za-z·]+'
const AGENCY_OPT = '[\\u3400-\\u9fffA-Za-z·]*'

const STANDARD = new RegExp(`^(${AGENCY})[${OPEN}](\\d{4})[${CLOSE}]第?(\\d{1,6})号?$`)
/** 晋政发〔2014〕号16: 号 typed before the serial. */
const STANDARD_SWAPPED = new RegExp(`^(${AGENCY})[${OPEN}](\\d{4})[${CLOSE}]号(\\d{1,6})$`)
/** 国务院令第711号, 重庆市人民政府令第 359 号, 省政府令 第219号, 交通运输部令2016年第62号. */
const ORDER = new RegExp(`^(${AGENCY_OPT})令(?:(\\d{4})年)?第?(\\d{1,6})号$`)
/** 国家发展和改革委员会第16号令. */
const ORDER_SUFFIX = new RegExp(`^(${AGENCY_OPT})第(\\d{1,6})号令$`)
/** 国家税务总局公告2015年第41号, 公告2018年第14号, 财政部公告〔2015〕3号. */
const ANNOUNCEMENT = new RegExp(
  `^(${AGENCY_OPT})公告(?:(\\d{4})年|[${OPEN}](\\d{4})[${CLOSE}])?第?(\\d{1,6})号$`,
)
/** 国家发展改革委2017年第9号: an organ's yearly numbered series without the word 公告. */
const YEAR_SERIES = new RegExp(`^(${AGENCY})(\\d{4})年第(\\d{1,6})号$`)

/**
 * Text a scraper's fixed-width window copied in front of the 机关代字, e.g. 的通知沪府发〔…〕,
 * 关于废止沪府办发〔…〕, 根据国办公开办函〔…〕, 省人民政府川府发〔…〕. A 机关代字 never contains these
 * words, so everything up to the last of them is dropped.
 */
const AGENCY_LEAD_IN =
  /^.*(?:的通知|的批复|的通告|的意见|的决定|的函|关于废止|废止|依据|根据|已按照|应认真按照|按照|以及按|已发布|人民政府(?=.{2,}$))/

/** Lead-ins before an organ name in 令/公告 forms: 据国家卫生健康委…, 号市人大公告… (fragment of a previous number). */
const NAME_LEAD_IN = /^(?:号|据|根据|依据|按照|已发布)/

const MIN_YEAR = 1949
const MAX_YEAR = 2100

function unparsed(raw: string): ParsedDocNumber {
  return { raw, normalised: null, agency: null, year: null, serial: null, kind: 'unparsed' }
}

function plausibleYear(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR
}

/** Folds width variants (full-width digits, brackets, colon) and removes spaces and invisibles. */
export function cleanDocNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, '')
    .replace(LABEL, '')
    .replace(EMPTY_BRACKETS, '')
    .replace(/[。．.,，;；、]+$/, '')
}

function standard(raw: string, agency: string, year: number, serial: number): ParsedDocNumber {
  const cleanAgency = agency.replace(AGENCY_LEAD_IN, '')
  const code = cleanAgency === '' ? agency : cleanAgency
  if (!plausibleYear(year) || serial <= 0) {
    return unparsed(raw)
  }
  return { raw, normalised: `${code}〔${year}〕${serial}号`, agency: code, year, serial, kind: 'standard' }
}

function organName(name: string): string | null {
  const cleaned = name.replace(NAME_LEAD_IN, '')
  return cleaned === '' ? null : cleaned
}

/**
 * Parses a 文号 as written into its parts and a canonical form. Never throws; what cannot be read
 * comes back as `kind: 'unparsed'` with the raw value kept. Empty input gives null.
 */
export function parseDocNumber(input: string | null | undefined): ParsedDocNumber | null {
  if (input === null || input === undefined) {
    return null
  }
  const raw = input.replace(INVISIBLE, '').trim()
  const s = cleanDocNumber(raw)
  if (s === '') {
    return null
  }

  let m = STANDARD.exec(s) ?? STANDARD_SWAPPED.exec(s)
  if (m) {
    return standard(raw, m[1] as string, Number(m[2]), Number(m[3]))
  }

  m = ANNOUNCEMENT.exec(s)
  if (m) {
    const agency = organName(m[1] as string)
    const yearText = m[2] ?? m[3]
    const year = yearText === undefined ? null : Number(yearText)
    const serial = Number(m[4])
    if ((year !== null && !plausibleYear(year)) || serial <= 0) {
      return unparsed(raw)
    }
    const normalised = `${agency ?? ''}公告${year === null ? '' : `${year}年`}第${serial}号`
    return { raw, normalised, agency, year, serial, kind: 'announcement' }
  }

  m = ORDER.exec(s)
  if (m) {
    const agency = organName(m[1] as string)
    const year = m[2] === undefined ? null : Number(m[2])
    const serial = Number(m[3])
    if ((year !== null && !plausibleYear(year)) || serial <= 0) {
      return unparsed(raw)
    }
    const normalised = `${agency ?? ''}令${year === null ? '' : `${year}年`}第${serial}号`
    return { raw, normalised, agency, year, serial, kind: 'order' }
  }

  m = ORDER_SUFFIX.exec(s)
  if (m) {
    const agency = organName(m[1] as string)
    const serial = Number(m[2])
    if (serial <= 0) {
      return unparsed(raw)
    }
    return { raw, normalised: `${agency ?? ''}令第${serial}号`, agency, year: null, serial, kind: 'order' }
  }

  m = YEAR_SERIES.exec(s)
  if (m) {
    const agency = organName(m[1] as string)
    const year = Number(m[2])
    const serial = Number(m[3])
    if (!plausibleYear(year) || serial <= 0) {
      return unparsed(raw)
    }
    // Ministries number their 公告 (and some 令) per year, e.g. 国家发展改革委2017年第9号. The word
    // is missing, so the series counts as an announcement but is normalised without inventing it.
    const normalised = `${agency ?? ''}${year}年第${serial}号`
    return { raw, normalised, agency, year, serial, kind: 'announcement' }
  }

  return unparsed(raw)
}
