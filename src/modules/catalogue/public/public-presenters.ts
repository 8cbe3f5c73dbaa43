import { renderableBodyHtml } from '../body/index.js'
import {
  type AttachmentRow,
  type DisclosureMode,
  type ItemRow,
  type Scope,
  type Term,
  type Validity,
} from '../catalogue.table.js'
import { TOPIC_SEPARATOR, art20Item, art20Label, topicLabel } from '../classification/index.js'
import { DISCLOSURE_MODE_LABELS, SCOPE_LABELS, TERM_LABELS, VALIDITY_LABELS } from './public-query.js'

/**
 * The public face of an item (pure): which fields the public may see, as list entries, item pages and the pinned API JSON. Only items in status 'published' ever reach these presenters; the repository selects the public columns only (never drafts' reviewers, return or withdrawal reasons, import sources).
 */

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
