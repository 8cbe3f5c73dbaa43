import { z } from 'zod'
import type { FieldErrors } from '../../../shared/errors.js'
import { zodToFieldErrors } from '../../../shared/validation.js'
import { VALIDITIES, type DisclosureMode, type Scope, type Term, type Validity } from '../catalogue.table.js'
import { TOPIC_GROUPS, TOPIC_SEPARATOR, isTopic, topicLabel } from '../classification/index.js'

/**
 * The public catalogue's labels, filters and their URLs (pure).
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

const ORGAN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The organ picked among the filter's "did you mean" choices (OrganField's radio `organPick`:
 * an organ id), which wins over the text typed in `organ`; undefined when none was picked.
 */
export function pickedOrgan(query: unknown): string | undefined {
  const pick = (query as Record<string, unknown> | undefined)?.organPick
  return typeof pick === 'string' && ORGAN_ID.test(pick) ? pick : undefined
}
