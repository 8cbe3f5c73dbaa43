/**
 * Import of catalogue items (pure part): what a file's rows and cells are, how its headers map
 * to item fields, and what counts as an empty cell.
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
