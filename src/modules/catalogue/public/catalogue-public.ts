import sanitizeHtml from 'sanitize-html'
import { z } from 'zod'
import type { FieldErrors } from '../../../shared/errors.js'
import { zodToFieldErrors } from '../../../shared/validation.js'
import { art20Item, art20Label } from '../classification/index.js'
import {
  VALIDITIES,
  type AttachmentRow,
  type DisclosureMode,
  type ItemRow,
  type Scope,
  type Term,
  type Validity,
} from '../catalogue.table.js'
import { TOPIC_GROUPS, TOPIC_SEPARATOR, isTopic, topicLabel } from '../classification/index.js'

/**
 * The public face of the catalogue (pure): which fields of an item the public may see, their
 * Chinese labels, filters and their URLs, pagination, and the output-side HTML sanitiser.
 * Only items in status 'published' ever reach these presenters; the repository selects the
 * public columns only (never drafts' reviewers, return or withdrawal reasons, import sources).
 */

// ─── labels ────────────────────────────────────────────────────────────────────────────────

export const VALIDITY_LABELS: Record<Validity, string> = {
  valid: '有效',
  expired: '失效',
  repealed: '废止',
  revised: '已修订',
}

export const DISCLOSURE_MODE_LABELS: Record<DisclosureMode, string> = {
  proactive: '主动公开',
  on_request: '依申请公开',
  withheld: '不予公开',
}

export const SCOPE_LABELS: Record<Scope, string> = {
  public: '面向社会',
  applicant: '面向申请人',
  group: '面向特定群体',
}

export const TERM_LABELS: Record<Term, string> = {
  long: '长期公开',
  limited: '限时公开',
}

/** Catalogue page size (fixed, so page links stay stable). */
export const PAGE_SIZE = 20
/** Largest page size the JSON API accepts. */
export const API_MAX_PER_PAGE = 100
/** Most rows one CSV export writes. */
export const CSV_EXPORT_MAX = 100_000
/** Items per feed. */
export const FEED_SIZE = 50

// ─── filters ───────────────────────────────────────────────────────────────────────────────

export type CatalogueSort = 'new' | 'old'

/** A catalogue view: which published items, in which order. */
export interface CatalogueFilter {
  /** Publishing organs (one organ's column, or the organ chosen on the installation page). */
  organIds?: string[] | undefined
  /** A stored topic ("一级\二级"), or a first-level group name (matches all its topics). */
  topic?: string | undefined
  genre?: string | undefined
  year?: number | undefined
  art20Item?: number | undefined
  validity?: Validity | undefined
}

/** The query-string form of a view (organ by code), as the GET form submits it. */
export interface CatalogueParams {
  organ?: string | undefined
  topic?: string | undefined
  genre?: string | undefined
  year?: number | undefined
  art20?: number | undefined
  validity?: Validity | undefined
  sort?: CatalogueSort | undefined
  page?: number | undefined
}

/** Deepest page a catalogue view links to (deep offsets are slow and nobody reads page 5,000). */
export const MAX_PAGE = 1000

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v)

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional())
}

/** The filter fields of the query string, shared by pages, the search page and the JSON API. */
export const filterFieldsSchema = {
  /** An organ's code (pages also accept its full name). */
  organ: optional(z.string({ error: '机关无效' }).trim().max(100, { error: '机关名称或代码过长' })),
  topic: optional(
    z
      .string({ error: '请选择列表中的主题分类' })
      .trim()
      .refine((t) => isTopicFilter(t), { error: '请选择列表中的主题分类' }),
  ),
  genre: optional(z.string({ error: '体裁无效' }).trim().max(30, { error: '体裁无效' })),
  year: optional(
    z.coerce
      .number({ error: '年份应为四位数字' })
      .int({ error: '年份应为四位数字' })
      .min(1949, { error: '年份应在 1949 年至 2100 年之间' })
      .max(2100, { error: '年份应在 1949 年至 2100 年之间' }),
  ),
  art20: optional(
    z.coerce
      .number({ error: '条例第二十条事项应为 1 至 15' })
      .int({ error: '条例第二十条事项应为 1 至 15' })
      .min(1, { error: '条例第二十条事项应为 1 至 15' })
      .max(15, { error: '条例第二十条事项应为 1 至 15' }),
  ),
  validity: optional(z.enum(VALIDITIES, { error: '有效性应为 有效、失效、废止 或 已修订' })),
}

const pageField = optional(
  z.coerce
    .number({ error: '页码应为正整数' })
    .int({ error: '页码应为正整数' })
    .min(1, { error: '页码应为正整数' })
    .max(MAX_PAGE, { error: `页码不能超过 ${MAX_PAGE}` }),
)

/** The query string of a catalogue page. */
export const catalogueParamsSchema = z.object({
  ...filterFieldsSchema,
  sort: optional(z.enum(['new', 'old'], { error: '排序方式无效' })),
  page: pageField,
  format: optional(z.enum(['html', 'csv'], { error: '格式无效' })),
})

export type CatalogueQueryInput = z.output<typeof catalogueParamsSchema>

/**
 * Parses a page's query string leniently: wrong fields are reported and dropped, the rest is
 * kept, so the page can still show results next to the messages.
 */
export function parseLenient<S extends z.ZodObject>(
  schema: S,
  query: unknown,
): { value: z.output<S>; errors: FieldErrors | null } {
  const input = { ...((query ?? {}) as Record<string, unknown>) }
  const first = schema.safeParse(input)
  if (first.success) {
    return { value: first.data, errors: null }
  }
  const errors = zodToFieldErrors(first.error)
  for (const key of Object.keys(errors)) {
    delete input[key.split('.')[0] as string]
  }
  const second = schema.safeParse(input)
  return { value: second.success ? second.data : schema.parse({}), errors }
}

/** The stored topics a topic filter matches: itself, or every topic of a first-level group. */
export function topicsMatching(topic: string): string[] {
  const group = TOPIC_GROUPS.find((g) => g.name === topic)
  if (group) {
    return group.children.length === 0
      ? [group.name]
      : [group.name, ...group.children.map((c) => `${group.name}${TOPIC_SEPARATOR}${c}`)]
  }
  return [topic]
}

/** True when `topic` may be used as a filter (a stored topic or a group name). */
export function isTopicFilter(topic: string): boolean {
  return isTopic(topic) || TOPIC_GROUPS.some((g) => g.name === topic)
}

/** Label of a topic filter value: a group shows as "一级（全部）". */
export function topicFilterLabel(topic: string): string {
  return TOPIC_GROUPS.some((g) => g.name === topic && g.children.length > 0)
    ? `${topic}（全部）`
    : topicLabel(topic)
}

/**
 * The query string of a view (without '?'); empty values are left out, page 1 is implicit and
 * `extra` (e.g. format=csv) is appended. Keys keep a fixed order so links are stable.
 */
export function catalogueQuery(p: CatalogueParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams()
  if (p.organ) {
    q.set('organ', p.organ)
  }
  if (p.topic) {
    q.set('topic', p.topic)
  }
  if (p.genre) {
    q.set('genre', p.genre)
  }
  if (p.year !== undefined) {
    q.set('year', String(p.year))
  }
  if (p.art20 !== undefined) {
    q.set('art20', String(p.art20))
  }
  if (p.validity) {
    q.set('validity', p.validity)
  }
  if (p.sort && p.sort !== 'new') {
    q.set('sort', p.sort)
  }
  if (p.page !== undefined && p.page > 1) {
    q.set('page', String(p.page))
  }
  for (const [k, v] of Object.entries(extra)) {
    q.set(k, v)
  }
  return q.toString()
}

/** `base` with the view's query string, if any. */
export function withQuery(base: string, query: string): string {
  return query ? `${base}?${query}` : base
}

// ─── pagination ────────────────────────────────────────────────────────────────────────────

export interface Pagination {
  page: number
  perPage: number
  /** Matching items (a lower bound when `totalIsLowerBound`). */
  total: number
  totalIsLowerBound: boolean
  /** Pages known to exist. */
  pageCount: number
  hasPrev: boolean
  hasNext: boolean
}

export function paginate(
  page: number,
  perPage: number,
  total: number,
  totalIsLowerBound: boolean,
  hasMore: boolean,
): Pagination {
  const pageCount = Math.max(1, Math.ceil(total / perPage))
  return {
    page,
    perPage,
    total,
    totalIsLowerBound,
    pageCount,
    hasPrev: page > 1,
    hasNext: hasMore || page < pageCount,
  }
}

/**
 * The result count as a sentence: "共 90 条"; a capped catalogue count "共 10000+ 条"; a search
 * engine's lower bound "约 300 条".
 */
export function formatCount(p: Pick<Pagination, 'total' | 'totalIsLowerBound'>, approx: boolean): string {
  if (!p.totalIsLowerBound) {
    return `共 ${p.total} 条`
  }
  return approx ? `约 ${p.total} 条` : `共 ${p.total}+ 条`
}

/**
 * The page numbers to link: first, last, and a window around the current page; `null` marks a
 * gap (rendered as an ellipsis).
 */
export function pageWindow(p: Pick<Pagination, 'page' | 'pageCount'>, radius = 2): Array<number | null> {
  const last = Math.max(p.pageCount, p.page)
  const want = new Set<number>([1, last])
  for (let i = p.page - radius; i <= p.page + radius; i++) {
    if (i >= 1 && i <= last) {
      want.add(i)
    }
  }
  const sorted = [...want].sort((a, b) => a - b)
  const out: Array<number | null> = []
  let prev = 0
  for (const n of sorted) {
    if (n - prev > 1) {
      out.push(null)
    }
    out.push(n)
    prev = n
  }
  return out
}

// ─── rows → view models ────────────────────────────────────────────────────────────────────

/** The columns a catalogue list shows (also what the repository selects for lists). */
export type ItemListRow = Pick<
  ItemRow,
  | 'id'
  | 'doc_no'
  | 'organ_id'
  | 'index_no'
  | 'title'
  | 'summary'
  | 'doc_number'
  | 'doc_number_raw'
  | 'written_date'
  | 'published_date'
  | 'published_at'
  | 'updated_at'
  | 'topic'
  | 'genre'
  | 'art20_item'
  | 'validity'
  | 'sample'
>

/** The public columns of one item (what the item page and the API detail may show). */
export type ItemDetailRow = ItemListRow &
  Pick<
    ItemRow,
    | 'body_html'
    | 'joint_issuers'
    | 'art21_item'
    | 'key_areas'
    | 'disclosure_mode'
    | 'withheld_reason'
    | 'scope'
    | 'term'
    | 'validity_date'
    | 'replaced_by_id'
    | 'revision'
  >

export type AttachmentListRow = Pick<AttachmentRow, 'id' | 'filename' | 'media_type' | 'size'>

/** What the public is told about a publishing organ. */
export interface OrganRef {
  id: string
  code: string
  name: string
}

/** The stable public reference of an item: its 索引号, or its id before it has one. */
export function itemRef(row: Pick<ItemRow, 'id' | 'index_no'>): string {
  return row.index_no ?? row.id
}

/** The item page path; the 索引号 contains '/', which is percent-encoded. */
export function itemHref(row: Pick<ItemRow, 'id' | 'index_no'>): string {
  return `/items/${encodeURIComponent(itemRef(row))}`
}

export function attachmentHref(id: string): string {
  return `/attachments/${encodeURIComponent(id)}`
}

export function organCatalogueHref(code: string): string {
  return `/organs/${encodeURIComponent(code)}/catalogue`
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether an item reference is an id (UUID) rather than a 索引号. */
export function refIsId(ref: string): boolean {
  return UUID.test(ref)
}

/** One line of a catalogue list. */
export interface CatalogueEntry {
  id: string
  docNo: number
  href: string
  indexNo: string | null
  title: string
  summary: string | null
  organ: OrganRef | null
  /** 文号 as shown: normalised when it could be parsed, else as written. */
  docNumber: string | null
  writtenDate: string | null
  publishedDate: string | null
  topic: string | null
  topicLabel: string | null
  genre: string | null
  art20Item: number | null
  /** "（七）财政预算、决算信息" */
  art20Label: string | null
  validity: Validity
  validityLabel: string
  sample: boolean
  publishedAt: string | null
  updatedAt: string
}

/** The 文号 to display: the normalised form when there is one. */
export function displayDocNumber(row: Pick<ItemRow, 'doc_number' | 'doc_number_raw'>): string | null {
  return row.doc_number ?? (row.doc_number_raw?.trim() || null)
}

function shortArt20Label(no: number | null): string | null {
  if (no === null) {
    return null
  }
  const item = art20Item(no)
  return item ? `${item.label}${item.text}` : null
}

export function presentEntry(row: ItemListRow, organ: OrganRef | null): CatalogueEntry {
  return {
    id: row.id,
    docNo: Number(row.doc_no),
    href: itemHref(row),
    indexNo: row.index_no,
    title: row.title,
    summary: row.summary,
    organ,
    docNumber: displayDocNumber(row),
    writtenDate: row.written_date,
    publishedDate: row.published_date,
    topic: row.topic,
    topicLabel: row.topic ? topicLabel(row.topic) : null,
    genre: row.genre,
    art20Item: row.art20_item,
    art20Label: shortArt20Label(row.art20_item),
    validity: row.validity,
    validityLabel: VALIDITY_LABELS[row.validity] ?? row.validity,
    sample: Number(row.sample) === 1,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
  }
}

/** Parses a JSON array-of-strings column; anything else yields []. */
export function parseStringList(json: string | null | undefined): string[] {
  if (!json) {
    return []
  }
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []
  } catch {
    return []
  }
}

export interface PublicAttachment {
  id: string
  href: string
  filename: string
  mediaType: string
  size: number
  sizeLabel: string
}

/** "1.2 MB", "35 KB", "512 B". */
export function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n} B`
  }
  if (n < 1024 * 1024) {
    return `${Math.round(n / 1024)} KB`
  }
  return `${(n / (1024 * 1024)).toFixed(1)} MB`
}

export function presentAttachment(a: AttachmentListRow): PublicAttachment {
  const size = Number(a.size)
  return {
    id: a.id,
    href: attachmentHref(a.id),
    filename: a.filename,
    mediaType: a.media_type,
    size,
    sizeLabel: formatBytes(size),
  }
}

/** The item that replaced this one (有效性 已修订/废止), when it is public. */
export interface ReplacementRef {
  title: string
  href: string
  indexNo: string | null
}

/** The whole public item page. */
export interface PublicItem extends CatalogueEntry {
  docNumberRaw: string | null
  jointIssuers: string[]
  art20FullLabel: string | null
  art21Item: string | null
  keyAreas: string[]
  disclosureMode: DisclosureMode
  disclosureModeLabel: string
  withheldReason: string | null
  scope: Scope
  scopeLabel: string
  term: Term
  termLabel: string
  validityDate: string | null
  replacedBy: ReplacementRef | null
  revision: number
  /**
   * The body as allow-listed HTML, or null when the item is not proactively disclosed
   * (依申请公开 / 不予公开: the catalogue lists it, the content is not published).
   */
  bodyHtml: string | null
  attachments: PublicAttachment[]
}

export function presentItem(
  row: ItemDetailRow,
  organ: OrganRef | null,
  attachments: readonly AttachmentListRow[],
  replacedBy: ReplacementRef | null,
): PublicItem {
  const proactive = row.disclosure_mode === 'proactive'
  const e = presentEntry(row, organ)
  // One object literal, not `...e` followed by more keys: V8 builds that spread through a slow
  // path (about 30 µs here, a tenth of the item page's server time).
  return {
    id: e.id,
    docNo: e.docNo,
    href: e.href,
    indexNo: e.indexNo,
    title: e.title,
    summary: e.summary,
    organ: e.organ,
    docNumber: e.docNumber,
    writtenDate: e.writtenDate,
    publishedDate: e.publishedDate,
    topic: e.topic,
    topicLabel: e.topicLabel,
    genre: e.genre,
    art20Item: e.art20Item,
    art20Label: e.art20Label,
    validity: e.validity,
    validityLabel: e.validityLabel,
    sample: e.sample,
    publishedAt: e.publishedAt,
    updatedAt: e.updatedAt,
    docNumberRaw: row.doc_number_raw,
    jointIssuers: parseStringList(row.joint_issuers),
    art20FullLabel: row.art20_item === null ? null : art20Label(row.art20_item),
    art21Item: row.art21_item,
    keyAreas: parseStringList(row.key_areas),
    disclosureMode: row.disclosure_mode,
    disclosureModeLabel: DISCLOSURE_MODE_LABELS[row.disclosure_mode] ?? row.disclosure_mode,
    withheldReason: row.withheld_reason,
    scope: row.scope,
    scopeLabel: SCOPE_LABELS[row.scope] ?? row.scope,
    term: row.term,
    termLabel: TERM_LABELS[row.term] ?? row.term,
    validityDate: row.validity_date,
    replacedBy,
    revision: Number(row.revision),
    bodyHtml: proactive ? renderableBodyHtml(row.body_html) : null,
    attachments: proactive ? attachments.map(presentAttachment) : [],
  }
}

// ─── output-side HTML sanitiser ────────────────────────────────────────────────────────────

/** Tags an item body may contain on output; `a` and `img` are the only ones with attributes. */
const BODY_TAGS = [
  'p',
  'br',
  'hr',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'span',
  'div',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'code',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'a',
  'img',
] as const

/**
 * The strict allow-list the item body is rendered through. Bodies are sanitised on input
 * already; this is the second, independent line: no scripts, styles, event handlers, forms,
 * frames, SVG or MathML; links only to http(s)/mailto or relative paths, and marked nofollow;
 * h1 becomes h2 (the page has its own h1).
 */
const BODY_SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...BODY_TAGS],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'xmp', 'iframe'],
  transformTags: {
    h1: 'h2',
    a: (_tagName, attribs) => ({
      tagName: 'a',
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow' },
    }),
  },
}

/** Tags a body may use without attributes and still skip the full sanitiser (see plainStructure). */
const PLAIN_TAGS = new Set<string>(BODY_TAGS.filter((t) => t !== 'a' && t !== 'img'))
const VOID_TAGS = new Set(['br', 'hr'])
const PLAIN_TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\s*(\/?)>/g

/**
 * True when `html` is already in the sanitiser's output form and simple: every '<' opens or
 * closes an allow-listed tag without attributes, and the tags nest properly. Such a body is
 * emitted as is (text between tags is escaped or inert: no '<' can start anything else); any
 * other body goes through sanitize-html.
 */
export function plainStructure(html: string): boolean {
  const stack: string[] = []
  let at = 0
  for (const m of html.matchAll(PLAIN_TAG)) {
    if (html.slice(at, m.index).includes('<')) {
      return false
    }
    at = m.index + m[0].length
    const name = (m[2] as string).toLowerCase()
    if (!PLAIN_TAGS.has(name)) {
      return false
    }
    if (VOID_TAGS.has(name)) {
      if (m[1] === '/') {
        return false
      }
      continue
    }
    if (m[3] === '/') {
      return false
    }
    if (m[1] === '/') {
      if (stack.pop() !== name) {
        return false
      }
    } else {
      stack.push(name)
    }
  }
  return stack.length === 0 && !html.slice(at).includes('<')
}

const sanitizedCache = new Map<string, string>()
const SANITIZED_CACHE_MAX = 512

/**
 * Sanitises a stored body for output. Results are memoised by content (bounded, oldest evicted),
 * since a popular item's page is rendered many times with the same body.
 */
export function renderableBodyHtml(html: string): string {
  if (html === '') {
    return ''
  }
  if (plainStructure(html)) {
    return html
  }
  const hit = sanitizedCache.get(html)
  if (hit !== undefined) {
    return hit
  }
  const clean = sanitizeHtml(html, BODY_SANITIZE)
  if (sanitizedCache.size >= SANITIZED_CACHE_MAX) {
    const oldest = sanitizedCache.keys().next().value
    if (oldest !== undefined) {
      sanitizedCache.delete(oldest)
    }
  }
  sanitizedCache.set(html, clean)
  return clean
}

// ─── API presenters (the pinned public JSON shape) ─────────────────────────────────────────

export interface ApiItemSummary {
  id: string
  index_no: string | null
  title: string
  summary: string | null
  organ: { code: string; name: string } | null
  doc_number: string | null
  written_date: string | null
  published_date: string | null
  topic: string | null
  genre: string | null
  art20_item: number | null
  validity: Validity
  sample: boolean
  url: string
}

export interface ApiItemDetail extends ApiItemSummary {
  doc_number_raw: string | null
  joint_issuers: string[]
  art21_item: string | null
  key_areas: string[]
  disclosure_mode: DisclosureMode
  scope: Scope
  term: Term
  validity_date: string | null
  replaced_by: { index_no: string | null; title: string; url: string } | null
  revision: number
  body_html: string | null
  attachments: Array<{ id: string; filename: string; media_type: string; size: number; url: string }>
}

export function apiSummary(e: CatalogueEntry, publicUrl: string): ApiItemSummary {
  return {
    id: e.id,
    index_no: e.indexNo,
    title: e.title,
    summary: e.summary,
    organ: e.organ ? { code: e.organ.code, name: e.organ.name } : null,
    doc_number: e.docNumber,
    written_date: e.writtenDate,
    published_date: e.publishedDate,
    topic: e.topic,
    genre: e.genre,
    art20_item: e.art20Item,
    validity: e.validity,
    sample: e.sample,
    url: publicUrl + e.href,
  }
}

export function apiDetail(item: PublicItem, publicUrl: string): ApiItemDetail {
  return {
    ...apiSummary(item, publicUrl),
    doc_number_raw: item.docNumberRaw,
    joint_issuers: item.jointIssuers,
    art21_item: item.art21Item,
    key_areas: item.keyAreas,
    disclosure_mode: item.disclosureMode,
    scope: item.scope,
    term: item.term,
    validity_date: item.validityDate,
    replaced_by: item.replacedBy
      ? {
          index_no: item.replacedBy.indexNo,
          title: item.replacedBy.title,
          url: publicUrl + item.replacedBy.href,
        }
      : null,
    revision: item.revision,
    body_html: item.bodyHtml,
    attachments: item.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      media_type: a.mediaType,
      size: a.size,
      url: publicUrl + a.href,
    })),
  }
}

// ─── 政府信息公开制度 ───────────────────────────────────────────────────────────────────────

/**
 * Which published items form an organ's 政府信息公开制度 page: those filed under the topic
 * 综合政务\政务公开 whose 体裁 is a kind of rule. Stated on the page, so staff know how to file one.
 */
export const RULES_TOPIC = `综合政务${TOPIC_SEPARATOR}政务公开`
export const RULES_GENRES: readonly string[] = [
  '制度',
  '办法',
  '规定',
  '规则',
  '细则',
  '实施细则',
  '实施办法',
]

/**
 * The plain text a search result's snippet is cut from: the summary, then the body — but only
 * the body when it already opens with the summary (common in imported and demo items), so the
 * snippet does not show the same sentence twice.
 */
export function snippetSource(summary: string | null, bodyText: string): string {
  const s = (summary ?? '').trim()
  const b = bodyText.trim()
  if (s === '' || b.startsWith(s)) {
    return b
  }
  return b === '' ? s : `${s}\n${b}`
}
