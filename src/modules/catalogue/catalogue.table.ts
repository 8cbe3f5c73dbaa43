import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely'

/** Lifecycle under 先审查、后公开 (保守国家秘密法实施条例 Art. 42). */
export const ITEM_STATUSES = ['draft', 'first_review', 'final_review', 'published', 'withdrawn'] as const
export type ItemStatus = (typeof ITEM_STATUSES)[number]

/** 公开方式: 主动公开 / 依申请公开 / 不予公开 (with a reason). */
export const DISCLOSURE_MODES = ['proactive', 'on_request', 'withheld'] as const
export type DisclosureMode = (typeof DISCLOSURE_MODES)[number]

/** 有效性: 有效 / 失效 / 废止 / 已修订. */
export const VALIDITIES = ['valid', 'expired', 'repealed', 'revised'] as const
export type Validity = (typeof VALIDITIES)[number]

/** 公开范围: 面向社会 / 面向申请人 / 面向特定群体. */
export const SCOPES = ['public', 'applicant', 'group'] as const
export type Scope = (typeof SCOPES)[number]

/** 公开时限: 长期公开 / 限时公开. */
export const TERMS = ['long', 'limited'] as const
export type Term = (typeof TERMS)[number]

/** A government information item (政府信息) in an organ's catalogue. */
export interface ItemTable {
  id: string
  /** Dense integer key, used as the full-text index rowid. */
  doc_no: number
  organ_id: string
  /** 索引号; assigned once at first publication and never changed. */
  index_no: string | null
  index_year: number | null
  index_serial: number | null
  title: string
  summary: string | null
  /** 文号 as written, and its normalised form 机关代字〔年份〕序号号 with its parts. */
  doc_number_raw: string | null
  doc_number: string | null
  doc_number_agency: string | null
  doc_number_year: number | null
  doc_number_serial: number | null
  /** JSON array of joint issuers' names (联合发文). */
  joint_issuers: string
  /** 成文日期, YYYY-MM-DD. */
  written_date: string | null
  /** Date the information was formed or changed (Art. 26 clock start), YYYY-MM-DD. */
  formed_date: string | null
  /** 发布日期, YYYY-MM-DD (and its year, for filters). */
  published_date: string | null
  published_year: number | null
  published_at: string | null
  /** 主题分类 as "一级\二级". */
  topic: string | null
  /** 体裁/文种. */
  genre: string | null
  /** 条例 Art. 20 item number 1–15, or null. */
  art20_item: number | null
  /** 条例 Art. 21 local item label, or null. */
  art21_item: string | null
  /** JSON array of 重点领域 tags. */
  key_areas: string
  disclosure_mode: DisclosureMode
  withheld_reason: string | null
  scope: Scope
  term: Term
  validity: Validity
  validity_date: string | null
  replaced_by_id: string | null
  status: ItemStatus
  return_reason: string | null
  withdraw_reason: string | null
  drafted_by: string | null
  /**
   * JSON array of the user ids of everyone who wrote any of this working copy's content (the
   * drafter and each later editor); none of them may review it. '[]' when unknown (imports).
   */
  editors: ColumnType<string, string | undefined, string>
  first_reviewer_id: string | null
  final_approver_id: string | null
  /** 1 for clearly marked demo samples. */
  sample: number
  /** Where an imported item came from (file name and line), else null. */
  source: string | null
  /** Published revision number (1 at first publication; +1 per revision). */
  revision: number
  /** Optimistic-concurrency counter. */
  version: number
  created_at: string
  updated_at: string
  /** Who sent the current round to review (separation of duties covers them as well as the drafter). */
  submitted_by: string | null
  /** Set on a working copy that revises a published item (see item.service.ts). */
  revision_of_id: string | null
  /** Date the current revision was published (null for revision 1), YYYY-MM-DD. */
  revised_date: string | null
}

/**
 * The body of an item, one row per item, kept out of `item` so that list queries read small rows
 * (migration 2026-12-03T1820_item_body). Repositories join it where a whole item is read.
 */
export interface ItemBodyTable {
  item_id: string
  /** Sanitised HTML body; escaped again on output where shown as text. */
  body_html: string
  /** Plain text of the body, for search and summaries. */
  body_text: string
}

/** A snapshot of an item at each publication or revision (history visible to staff). */
export interface ItemRevisionTable {
  id: string
  item_id: string
  revision: number
  /** JSON snapshot of the item's public fields. */
  snapshot: string
  note: string | null
  created_by: string | null
  created_at: string
}

/** The recorded confidentiality review (保密审查) of an item, stage by stage. */
export interface ItemReviewTable {
  id: string
  item_id: string
  /** 'first' (信息员 初审) or 'final' (分管领导 复核). */
  stage: 'first' | 'final'
  reviewer_id: string
  decision: 'approved' | 'returned'
  /** JSON: checklist key → { answer: 'no' | 'yes', note? }. */
  checklist: string
  comment: string | null
  at: string
}

/** A file attached to an item. */
export interface AttachmentTable {
  id: string
  item_id: string
  filename: string
  media_type: string
  size: number
  sha256: string
  /** Key of the blob in the file store. */
  storage_key: string
  /** Extracted text for search, when a library can read the format. */
  text: string | null
  created_by: string | null
  created_at: string
}

/** Staff-editable texts of an organ's disclosure column (guide supplement, rules intro). */
export interface OrganTextTable {
  organ_id: string
  /** 'guide' (指南 supplement) or 'rules_intro'. */
  kind: string
  /** The published text ('' until a first text is published). */
  body: string
  /** Who published `body`, and when. */
  updated_by: string | null
  updated_at: string
  /** Optimistic-concurrency counter over the whole row (text and review state). */
  version: number
  /** The working copy under drafting or review (null: none); public pages never read it. */
  pending_body: ColumnType<string | null, string | null | undefined, string | null>
  /** 'draft' | 'first_review' | 'final_review', null without a working copy. */
  pending_stage: ColumnType<string | null, string | null | undefined, string | null>
  /** JSON array of the user ids who wrote the working copy (separation of duties). */
  pending_editors: ColumnType<string, string | undefined, string>
  pending_submitted_by: ColumnType<string | null, string | null | undefined, string | null>
  pending_first_reviewer_id: ColumnType<string | null, string | null | undefined, string | null>
  pending_return_reason: ColumnType<string | null, string | null | undefined, string | null>
  pending_updated_at: ColumnType<string | null, string | null | undefined, string | null>
}

/** The body fields of an item, as the application sees them (stored in `item_body`). */
export type ItemBodyFields = Omit<Selectable<ItemBodyTable>, 'item_id'>
/** A whole item: its `item` row and its body. */
export type ItemRow = Selectable<ItemTable> & ItemBodyFields
/** A new item; a missing body is stored as ''. */
export type NewItemRow = Insertable<ItemTable> & Partial<ItemBodyFields>
export type ItemRowUpdate = Updateable<ItemTable> & Partial<ItemBodyFields>
export type ItemRevisionRow = Selectable<ItemRevisionTable>
export type ItemReviewRow = Selectable<ItemReviewTable>
export type AttachmentRow = Selectable<AttachmentTable>
export type OrganTextRow = Selectable<OrganTextTable>
