import { parseDocNumber, type DocNumberKind, type ParsedDocNumber } from '../classification/index.js'
import { indexNumberText, parseIndexNumber, type IndexNumberParts } from '../classification/index.js'
import { htmlToText, looksLikeHtml, sanitizeBodyHtml, textToBodyHtml } from '../body/index.js'
import { GENRES, TOPIC_SEPARATOR, TOPIC_VALUES, isGenre, normaliseTopic } from '../classification/index.js'
import type { Validity } from '../catalogue.table.js'

/**
 * Import of catalogue items from an older system (pure part): column mapping, cell parsing,
 * row validation, a streaming CSV parser and the error report. No I/O; the service reads
 * files and writes the database.
 *
 * Imported rows become published items: the older system published them already (条例 Art. 19
 * 主动公开), so they enter the catalogue with their own 发布日期 and keep their 索引号 when it is
 * valid and unique (the 2008 目录系统实施指引: 「唯一不变的标识」).
 */

/** One spreadsheet/CSV/JSON cell as read from the file. */
export type ImportCell = string | number | boolean | Date | null | undefined

/** One data row of the file, with the line (or sheet row) it starts on. */
export interface ImportRecord {
  line: number
  values: Record<string, ImportCell>
}

/** The fields an import can fill. */
export const IMPORT_FIELDS = [
  'title',
  'summary',
  'body',
  'docNumber',
  'writtenDate',
  'publishedDate',
  'indexNo',
  'topic',
  'genre',
  'issuer',
  'validity',
  'url',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

/** Chinese field names, as the error report shows them. */
export const FIELD_LABELS: Record<ImportField | 'row', string> = {
  title: '名称',
  summary: '内容概述',
  body: '正文',
  docNumber: '文号',
  writtenDate: '成文日期',
  publishedDate: '发布日期',
  indexNo: '索引号',
  topic: '主题分类',
  genre: '体裁',
  issuer: '发布机构',
  validity: '有效性',
  url: '原文链接',
  row: '整行',
}

/** Header spellings seen in older systems' exports and in the real data (compared after `headerKey`). */
const ALIASES: Record<ImportField, string[]> = {
  title: ['title', 'name', '名称', '标题', '文件名称', '信息名称', '题名', '文件标题', '信息标题'],
  summary: ['summary', 'description', 'abstract', '内容概述', '概述', '摘要', '内容摘要', '简介'],
  body: ['body', 'content', 'bodyhtml', 'html', 'text', 'fulltext', '正文', '内容', '全文', '正文内容'],
  docNumber: [
    'docnumber',
    'documentnumber',
    'documentnumberparsed',
    'docno',
    '文号',
    '发文字号',
    '发文文号',
    '字号',
    '文件编号',
    '发文编号',
  ],
  writtenDate: [
    'writtendate',
    'issuedate',
    'iss',
    'date',
    '成文日期',
    '成文时间',
    '生成日期',
    '印发日期',
    '发文日期',
  ],
  publishedDate: [
    'publisheddate',
    'publishdate',
    'publishingdate',
    'publishingdateparsed',
    'pub',
    'pubdate',
    'pubdateparsed',
    '发布日期',
    '发布时间',
    '公开日期',
    '公开时间',
  ],
  indexNo: ['indexno', 'indexnumber', 'index', '索引号', '索引'],
  topic: ['topic', 'category', 'subject', '主题分类', '主题', '分类', '主题类别'],
  genre: ['genre', 'doctype', '体裁', '文种', '体裁分类', '公文种类', '信息类别'],
  issuer: ['issuer', 'publisher', 'organ', '发布机构', '发文机关', '发布单位', '发文单位', '发布机关'],
  validity: ['validity', 'status', '有效性', '效力状态', '时效性', '效力'],
  url: ['url', 'link', 'href', '链接', '原文链接', '网址', '原文地址'],
}

/** Header text → comparison key: width-folded, lower case, without spaces, underscores, hyphens or colons. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-:：()（）]/g, '')
}

const FIELD_BY_KEY = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((f) => ALIASES[f].map((a) => [headerKey(a), f] as const)),
)

export interface ColumnMapping {
  /** Header as written → field. */
  fields: Map<string, ImportField>
  /** Headers that map to nothing (ignored, reported once). */
  ignored: string[]
}

/** Maps a file's headers to fields; the first header mapping to a field wins. */
export function mapColumns(headers: readonly string[]): ColumnMapping {
  const fields = new Map<string, ImportField>()
  const taken = new Set<ImportField>()
  const ignored: string[] = []
  for (const h of headers) {
    const f = FIELD_BY_KEY.get(headerKey(h))
    if (f && !taken.has(f)) {
      fields.set(h, f)
      taken.add(f)
    } else if (h.trim() !== '') {
      ignored.push(h)
    }
  }
  return { fields, ignored }
}

/** Placeholders that tools (pandas, scrapers) write for "no value". */
const NULLISH = new Set(['nan', 'none', 'null', 'nat', 'n/a', '#n/a', 'undefined', '-', '—', '无'])

const INVISIBLE_CHARS = /[\u200b-\u200f\u2060\ufeff]/
const INVISIBLE_CHARS_G = /[\u200b-\u200f\u2060\ufeff]/g

/** A cell as trimmed text, or null when empty or a "no value" placeholder. */
export function cellText(cell: ImportCell): string | null {
  if (cell === null || cell === undefined) {
    return null
  }
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? null : cell.toISOString()
  }
  let s = typeof cell === 'string' ? cell : String(cell)
  if (INVISIBLE_CHARS.test(s)) {
    s = s.replace(INVISIBLE_CHARS_G, '')
  }
  s = s.trim()
  return s === '' || (s.length <= 9 && NULLISH.has(s.toLowerCase())) ? null : s
}

// ---------------------------------------------------------------------------------------------
// Dates

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

// ---------------------------------------------------------------------------------------------
// Validation

export type IssueSeverity = 'error' | 'warning'

/** A problem with one row: an error rejects the row, a warning is reported and the row imported. */
export interface ImportIssue {
  line: number
  field: ImportField | 'row'
  severity: IssueSeverity
  /** Stable short reason key (for counting), e.g. 'date_invalid'. */
  reason: string
  /** Chinese explanation for the report. */
  message: string
  /** The offending value, cut to 100 characters. */
  value: string | null
}

/** Chinese labels of the reason keys, for summaries. */
export const REASON_LABELS: Record<string, string> = {
  title_missing: '缺少名称',
  title_too_long: '名称过长',
  published_date_missing: '缺少发布日期',
  date_invalid: '日期无法识别',
  body_too_long: '正文过长',
  summary_too_long: '内容概述过长',
  duplicate_in_file: '文件内重复',
  duplicate_existing: '已导入过',
  write_failed: '数据库写入失败',
  row_unreadable: '整行无法读取',
  doc_number_unparsed: '文号无法识别（保留原文）',
  doc_number_year_mismatch: '文号年份与成文日期不符',
  written_after_published: '成文日期晚于发布日期',
  published_in_future: '发布日期晚于今天',
  index_no_invalid: '索引号格式无效（已重新编号）',
  index_no_taken: '索引号已被占用（已重新编号）',
  topic_unknown: '主题分类不在目录中（已留空）',
  genre_unknown: '体裁不在目录中（已留空）',
  validity_unknown: '有效性无法识别（按有效处理）',
  body_scrape_error: '正文为抓取错误标记（已留空）',
  url_invalid: '原文链接无效（已忽略）',
}

export const TITLE_MAX = 500
export const SUMMARY_MAX = 5_000
export const BODY_MAX = 2_000_000

/** A row that passed validation, ready to become an item. */
export interface ValidImportRow {
  line: number
  title: string
  summary: string | null
  bodyHtml: string
  bodyText: string
  docNumber: ParsedDocNumber | null
  writtenDate: string | null
  publishedDate: string
  /** The original 索引号 when valid (uniqueness is checked against the database later). */
  indexNo: IndexNumberParts | null
  indexNoText: string | null
  topic: string | null
  genre: string | null
  jointIssuers: string[]
  validity: Validity
  /** Identity for duplicate detection: title, 发布日期 and 文号. */
  dedupeKey: string
}

export type RowResult =
  { ok: true; row: ValidImportRow; warnings: ImportIssue[] } | { ok: false; issues: ImportIssue[] }

export interface ValidationContext {
  /** The importing organ's name (dropped from 发布机构 lists; the rest are joint issuers). */
  organName: string
  /** Today, YYYY-MM-DD (China time), for the future-date warning. */
  today: string
}

function cut(s: string | null): string | null {
  return s === null ? null : s.length > 100 ? `${s.slice(0, 100)}…` : s
}

function issue(
  line: number,
  field: ImportField | 'row',
  severity: IssueSeverity,
  reason: string,
  value: string | null,
  detail?: string,
): ImportIssue {
  const label = REASON_LABELS[reason] ?? reason
  return { line, field, severity, reason, message: detail ? `${label}：${detail}` : label, value: cut(value) }
}

/** Picks the mapped fields of a record. */
export function pickFields(
  record: ImportRecord,
  mapping: ColumnMapping,
): Partial<Record<ImportField, ImportCell>> {
  const out: Partial<Record<ImportField, ImportCell>> = {}
  for (const [header, field] of mapping.fields) {
    out[field] = record.values[header]
  }
  return out
}

const VALIDITY_WORDS: Array<[RegExp, Validity]> = [
  [/^(?:有效|现行有效|现行|生效|valid)$/i, 'valid'],
  [/^(?:失效|已失效|expired)$/i, 'expired'],
  [/^(?:废止|已废止|repealed)$/i, 'repealed'],
  [/^(?:已修订|修订|已修改|修改|revised)$/i, 'revised'],
]

/** Page chrome that scraped bodies begin or end with. */
const CHROME_LINE =
  /^(?:字号[:：]?\s*[大中小\s]+|分享[:：]?|打印本页|关闭窗口|【?打印】?|【?关闭】?|扫一扫在手机打开当前页|文件下载(?:及相关附件)?[:：]?)$/

/** Control characters (NUL, tabs, line breaks) have no place in a title. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g

function cleanTitle(s: string): string {
  return s.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim()
}

function findTopic(raw: string): string | null {
  const exact = normaliseTopic(raw)
  if (exact) {
    return exact
  }
  // A second-level name alone (e.g. 税务) when it names exactly one topic.
  const s = raw.trim()
  const matches = TOPIC_VALUES.filter((t) => t === s || t.endsWith(`${TOPIC_SEPARATOR}${s}`))
  return matches.length === 1 ? (matches[0] as string) : null
}

function findGenre(raw: string): string | null {
  const s = raw.trim()
  if (isGenre(s)) {
    return s
  }
  if (s === '令' || s === '命令') {
    return '命令（令）'
  }
  return GENRES.find((g) => g.replace(/（.*）/, '') === s) ?? null
}

/** Body cell → sanitised HTML and its text (plain-text bodies become paragraphs, chrome lines dropped). */
export function importBody(raw: string): { html: string; text: string } {
  if (looksLikeHtml(raw)) {
    const html = sanitizeBodyHtml(raw)
    return { html, text: htmlToText(html) }
  }
  const lines = raw
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !CHROME_LINE.test(l))
  return { html: textToBodyHtml(lines.join('\n')), text: lines.join('\n') }
}

/** Validates and converts one record. Pure: database checks (duplicates, 索引号 taken) come later. */
export function validateImportRow(
  record: ImportRecord,
  mapping: ColumnMapping,
  ctx: ValidationContext,
): RowResult {
  const line = record.line
  const f = pickFields(record, mapping)
  const errors: ImportIssue[] = []
  const warnings: ImportIssue[] = []

  const rawTitle = cellText(f.title)
  const title = rawTitle === null ? '' : cleanTitle(rawTitle)
  if (title === '') {
    errors.push(issue(line, 'title', 'error', 'title_missing', rawTitle))
  } else if (title.length > TITLE_MAX) {
    errors.push(issue(line, 'title', 'error', 'title_too_long', title, `超过 ${TITLE_MAX} 字`))
  }

  const publishedDate = parseImportDate(f.publishedDate ?? null)
  if (publishedDate === null) {
    errors.push(issue(line, 'publishedDate', 'error', 'published_date_missing', null))
  } else if (publishedDate === INVALID_DATE) {
    errors.push(issue(line, 'publishedDate', 'error', 'date_invalid', cellText(f.publishedDate ?? null)))
  }
  const writtenDate = parseImportDate(f.writtenDate ?? null)
  if (writtenDate === INVALID_DATE) {
    errors.push(issue(line, 'writtenDate', 'error', 'date_invalid', cellText(f.writtenDate ?? null)))
  }

  let summary = cellText(f.summary ?? null)
  if (summary !== null && looksLikeHtml(summary)) {
    summary = htmlToText(summary)
  }
  if (summary !== null && summary.length > SUMMARY_MAX) {
    errors.push(issue(line, 'summary', 'error', 'summary_too_long', summary, `超过 ${SUMMARY_MAX} 字`))
  }

  let body = { html: '', text: '' }
  const rawBody = cellText(f.body ?? null)
  if (rawBody !== null && rawBody.length > BODY_MAX) {
    errors.push(issue(line, 'body', 'error', 'body_too_long', null, `超过 ${BODY_MAX} 字`))
  } else if (rawBody !== null && rawBody.toLowerCase() === 'error') {
    warnings.push(issue(line, 'body', 'warning', 'body_scrape_error', rawBody))
  } else if (rawBody !== null) {
    body = importBody(rawBody)
  }

  if (errors.length > 0) {
    return { ok: false, issues: errors }
  }
  const published = publishedDate as string
  const written = writtenDate === INVALID_DATE ? null : writtenDate

  const rawUrl = cellText(f.url ?? null)
  if (rawUrl !== null) {
    if (!/^https?:\/\/[^\s<>"]+$/i.test(rawUrl)) {
      warnings.push(issue(line, 'url', 'warning', 'url_invalid', rawUrl))
    } else if (body.html === '') {
      // No body in the file: the item links to the original page instead.
      // Built here from a checked http(s) URL, escaped: the same markup the sanitiser would keep.
      const link = escapeHtml(rawUrl)
      body = { html: `<p>原文链接：<a href="${link}" rel="noopener noreferrer">${link}</a></p>`, text: '' }
    }
  }

  const docNumber = parseDocNumber(cellText(f.docNumber ?? null))
  if (docNumber?.kind === 'unparsed') {
    warnings.push(issue(line, 'docNumber', 'warning', 'doc_number_unparsed', docNumber.raw))
  } else if (docNumber?.kind === 'standard' && written !== null && docNumber.year !== null) {
    const wy = Number(written.slice(0, 4))
    if (Math.abs(wy - docNumber.year) > 1) {
      warnings.push(
        issue(line, 'docNumber', 'warning', 'doc_number_year_mismatch', docNumber.raw, `成文日期 ${written}`),
      )
    }
  }

  if (written !== null && written > published) {
    warnings.push(
      issue(line, 'writtenDate', 'warning', 'written_after_published', written, `发布日期 ${published}`),
    )
  }
  if (published > ctx.today) {
    warnings.push(issue(line, 'publishedDate', 'warning', 'published_in_future', published))
  }

  const rawIndex = cellText(f.indexNo ?? null)
  let indexNo: IndexNumberParts | null = null
  if (rawIndex !== null) {
    indexNo = parseIndexNumber(rawIndex)
    if (indexNo === null) {
      warnings.push(issue(line, 'indexNo', 'warning', 'index_no_invalid', rawIndex))
    }
  }

  let topic: string | null = null
  const rawTopic = cellText(f.topic ?? null)
  if (rawTopic !== null) {
    topic = findTopic(rawTopic)
    if (topic === null) {
      warnings.push(issue(line, 'topic', 'warning', 'topic_unknown', rawTopic))
    }
  }

  let genre: string | null = null
  const rawGenre = cellText(f.genre ?? null)
  if (rawGenre !== null) {
    genre = findGenre(rawGenre)
    if (genre === null) {
      warnings.push(issue(line, 'genre', 'warning', 'genre_unknown', rawGenre))
    }
  }

  let validity: Validity = 'valid'
  const rawValidity = cellText(f.validity ?? null)
  if (rawValidity !== null) {
    const hit = VALIDITY_WORDS.find(([re]) => re.test(rawValidity.trim()))
    if (hit) {
      validity = hit[1]
    } else {
      warnings.push(issue(line, 'validity', 'warning', 'validity_unknown', rawValidity))
    }
  }

  const issuers = (cellText(f.issuer ?? null) ?? '')
    .split(/[、,，;；\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== ctx.organName)
  const jointIssuers = [...new Set(issuers)]

  return {
    ok: true,
    warnings,
    row: {
      line,
      title,
      summary,
      bodyHtml: body.html,
      bodyText: body.text,
      docNumber,
      writtenDate: written,
      publishedDate: published,
      indexNo,
      indexNoText: indexNo === null ? null : indexNumberText(indexNo),
      topic,
      genre,
      jointIssuers,
      validity,
      dedupeKey: dedupeKey(title, published, docNumber?.normalised ?? docNumber?.raw ?? null),
    },
  }
}

/** The identity of an item for duplicate detection (same title, 发布日期 and 文号). */
export function dedupeKey(title: string, publishedDate: string | null, docNumber: string | null): string {
  return `${title}\u0001${publishedDate ?? ''}\u0001${docNumber ?? ''}`
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Builds an issue for a row the database refused or a line that could not be read at all. */
export function rowIssue(line: number, reason: string, detail?: string, value?: string | null): ImportIssue {
  return issue(line, 'row', 'error', reason, value ?? null, detail)
}

/** A duplicate rejection, pointing at the first occurrence. */
export function duplicateIssue(row: ValidImportRow, firstLine: number | null): ImportIssue {
  return firstLine === null
    ? issue(row.line, 'row', 'error', 'duplicate_existing', row.title, '名称、发布日期和文号与已有信息相同')
    : issue(
        row.line,
        'row',
        'error',
        'duplicate_in_file',
        row.title,
        `与第 ${firstLine} 行的名称、发布日期和文号相同`,
      )
}

/** The warning given when an original 索引号 is already used (in the database or earlier in the file). */
export function indexTakenIssue(row: ValidImportRow): ImportIssue {
  return issue(row.line, 'indexNo', 'warning', 'index_no_taken', row.indexNoText)
}

// ---------------------------------------------------------------------------------------------
// Summary

export interface DocNumberStats {
  /** Rows with a 文号. */
  present: number
  /** Of those, normalised (kind other than unparsed). */
  normalised: number
  byKind: Record<DocNumberKind, number>
}

export function emptyDocNumberStats(): DocNumberStats {
  return { present: 0, normalised: 0, byKind: { standard: 0, order: 0, announcement: 0, unparsed: 0 } }
}

export function countDocNumber(stats: DocNumberStats, p: ParsedDocNumber | null): void {
  if (!p) {
    return
  }
  stats.present += 1
  stats.byKind[p.kind] += 1
  if (p.kind !== 'unparsed') {
    stats.normalised += 1
  }
}

/** Counts of issues by reason key, errors and warnings separately. */
export function countReasons(
  issues: readonly ImportIssue[],
  severity: IssueSeverity,
): Record<string, number> {
  const out: Record<string, number> = {}
  for (const i of issues) {
    if (i.severity === severity) {
      out[i.reason] = (out[i.reason] ?? 0) + 1
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180, streaming)

/**
 * A streaming CSV parser: feed decoded text chunks, get complete records with the line each
 * starts on (quoted fields may span lines). Handles CRLF/LF/CR, a leading BOM and doubled quotes.
 */
export class CsvParser {
  private field = ''
  private record: string[] = []
  private inQuotes = false
  private quoteClosed = false
  private line = 1
  private recordLine = 1
  private pendingCr = false
  private quotedCr = false
  private started = false
  private readonly out: Array<{ line: number; fields: string[] }> = []

  private readonly special: RegExp

  constructor(private readonly delimiter = ',') {
    this.special = new RegExp(`["\r\n${delimiter.replace(/[\\^\]-]/g, '\\$&')}]`, 'g')
  }

  private endField(): void {
    this.record.push(this.field)
    this.field = ''
    this.quoteClosed = false
  }

  private endRecord(): void {
    this.endField()
    const blank = this.record.length === 1 && this.record[0] === ''
    if (!blank) {
      this.out.push({ line: this.recordLine, fields: this.record })
    }
    this.record = []
  }

  /** Parses a chunk; returns the records completed by it. */
  push(chunk: string): Array<{ line: number; fields: string[] }> {
    let text = chunk
    if (!this.started) {
      this.started = true
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1)
      }
    }
    const n = text.length
    let i = 0
    if (this.pendingCr) {
      this.pendingCr = false
      if (text[0] === '\n') {
        i = 1
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i)
        const stop = q < 0 ? n : q
        const part = text.slice(i, stop)
        this.countQuotedLines(part)
        this.field += part
        if (q < 0) {
          break
        }
        if (text[q + 1] === '"') {
          this.field += '"'
          i = q + 2
        } else {
          // Closed — unless the next chunk starts with '"' (a doubled quote split across chunks).
          this.inQuotes = false
          this.quoteClosed = true
          i = q + 1
        }
        continue
      }
      this.special.lastIndex = i
      const m = this.special.exec(text)
      const stop = m ? m.index : n
      if (stop > i) {
        this.field += text.slice(i, stop)
        this.quoteClosed = false
      }
      if (!m) {
        break
      }
      const c = text[stop]
      i = stop + 1
      if (c === '"') {
        if (this.quoteClosed) {
          this.field += '"'
          this.inQuotes = true
          this.quoteClosed = false
        } else if (this.field === '') {
          this.inQuotes = true
        } else {
          this.field += '"'
        }
      } else if (c === this.delimiter) {
        this.endField()
      } else {
        this.endRecord()
        this.line += 1
        this.recordLine = this.line
        if (c === '\r') {
          if (i < n) {
            if (text[i] === '\n') {
              i += 1
            }
          } else {
            this.pendingCr = true
          }
        }
      }
    }
    return this.out.splice(0, this.out.length)
  }

  /** Counts line breaks inside a quoted field (CRLF once), across chunk boundaries. */
  private countQuotedLines(part: string): void {
    if (part.indexOf('\n') < 0 && part.indexOf('\r') < 0) {
      if (part !== '') {
        this.quotedCr = false
      }
      return
    }
    for (const ch of part) {
      if (ch === '\r' || (ch === '\n' && !this.quotedCr)) {
        this.line += 1
      }
      this.quotedCr = ch === '\r'
    }
  }

  /** Flushes the last record (a file need not end with a newline). */
  end(): Array<{ line: number; fields: string[] }> {
    if (this.field !== '' || this.record.length > 0 || this.quoteClosed) {
      this.endRecord()
    }
    return this.out.splice(0, this.out.length)
  }
}

/** Parses a whole CSV text (small files, tests). */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const p = new CsvParser()
  return [...p.push(text), ...p.end()]
}

/** CSV records → import records, the first record being the header. */
export function csvToRecords(
  header: readonly string[],
  rec: { line: number; fields: string[] },
): ImportRecord {
  const values: Record<string, ImportCell> = {}
  header.forEach((h, i) => {
    values[h] = rec.fields[i] ?? null
  })
  return { line: rec.line, values }
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

/** True for a value that is an issue rather than a record. */
export function isIssue(x: ImportRecord | ImportIssue): x is ImportIssue {
  return 'reason' in x
}

/** The report's header and rows (Chinese column names; the CSV writer adds quoting). */
export const REPORT_HEADER = ['行号', '字段', '级别', '原因', '原值'] as const

export function reportRow(i: ImportIssue): [number, string, string, string, string] {
  return [i.line, FIELD_LABELS[i.field], i.severity === 'error' ? '拒绝' : '提示', i.message, i.value ?? '']
}
