import { parseDocNumber, type ParsedDocNumber } from '../classification/index.js'
import { indexNumberText, parseIndexNumber, type IndexNumberParts } from '../classification/index.js'
import { htmlToText, looksLikeHtml, sanitizeBodyHtml, textToBodyHtml } from '../body/index.js'
import { GENRES, TOPIC_SEPARATOR, TOPIC_VALUES, isGenre, normaliseTopic } from '../classification/index.js'
import type { Validity } from '../catalogue.table.js'
import { INVALID_DATE, parseImportDate } from './import-dates.js'
import { cellText, pickFields, type ColumnMapping, type ImportRecord } from './import-fields.js'
import { issue, type ImportIssue } from './import-issues.js'

/**
 * Import of catalogue items from an older system (pure part): row validation. No I/O: import-files.ts reads files, item-import.service.ts writes the
 * database. Fields and cells are in import-fields.ts, dates in import-dates.ts, issues and the
 * report in import-issues.ts.
 *
 * Imported rows become published items: the older system published them already (条例 Art. 19
 * 主动公开), so they enter the catalogue with their own 发布日期 and keep their 索引号 when it is
 * valid and unique (the 2008 目录系统实施指引: 「唯一不变的标识」).
 */

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
