import { z } from 'zod'
import { isIsoDate } from '../../../shared/dates.js'
import type { FieldErrors } from '../../../shared/errors.js'
import {
  DISCLOSURE_MODES,
  SCOPES,
  TERMS,
  type DisclosureMode,
  type ItemRow,
  type ItemStatus,
  type Scope,
  type Term,
  type Validity,
} from '../catalogue.table.js'
import { art20Item, isArt21Item, isGenre, isKeyArea, isTopic } from '../classification/index.js'

/**
 * Disclosure items (政府信息) as staff handle them: domain type, labels, the drafting form's rules
 * and the confidentiality checklist (pure).
 */

// ─── labels ────────────────────────────────────────────────────────────────────────────────

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  draft: '草稿',
  first_review: '待初审',
  final_review: '待复核',
  published: '已发布',
  withdrawn: '已撤销',
}

export const VALIDITY_TEXT: Record<Validity, string> = {
  valid: '有效',
  expired: '失效',
  repealed: '废止',
  revised: '已修订',
}

export const DISCLOSURE_MODE_TEXT: Record<DisclosureMode, string> = {
  proactive: '主动公开',
  on_request: '依申请公开',
  withheld: '不予公开',
}

export const SCOPE_TEXT: Record<Scope, string> = {
  public: '面向社会',
  applicant: '面向申请人',
  group: '面向特定群体',
}

export const TERM_TEXT: Record<Term, string> = {
  long: '长期公开',
  limited: '限时公开',
}

/** Validity a draft may carry; 已修订 is set on a published item together with its replacement. */
export const DRAFT_VALIDITIES = ['valid', 'expired', 'repealed'] as const

// ─── domain type ───────────────────────────────────────────────────────────────────────────

/** An item as the console shows it. */
export interface Item {
  id: string
  docNo: number
  organId: string
  indexNo: string | null
  title: string
  summary: string | null
  bodyHtml: string
  bodyText: string
  docNumberRaw: string | null
  docNumber: string | null
  jointIssuers: string[]
  writtenDate: string | null
  formedDate: string | null
  publishedDate: string | null
  revisedDate: string | null
  topic: string | null
  genre: string | null
  art20Item: number | null
  art21Item: string | null
  keyAreas: string[]
  disclosureMode: DisclosureMode
  withheldReason: string | null
  scope: Scope
  term: Term
  validity: Validity
  validityDate: string | null
  replacedById: string | null
  status: ItemStatus
  returnReason: string | null
  withdrawReason: string | null
  draftedBy: string | null
  submittedBy: string | null
  firstReviewerId: string | null
  finalApproverId: string | null
  sample: boolean
  source: string | null
  revision: number
  revisionOfId: string | null
  version: number
  createdAt: string
  updatedAt: string
}

/** Reads a JSON array of strings stored in a text column; anything else gives []. */
export function parseJsonList(text: string | null | undefined): string[] {
  if (!text) {
    return []
  }
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

export function itemRowToItem(r: ItemRow): Item {
  return {
    id: r.id,
    docNo: Number(r.doc_no),
    organId: r.organ_id,
    indexNo: r.index_no,
    title: r.title,
    summary: r.summary,
    bodyHtml: r.body_html,
    bodyText: r.body_text,
    docNumberRaw: r.doc_number_raw,
    docNumber: r.doc_number,
    jointIssuers: parseJsonList(r.joint_issuers),
    writtenDate: r.written_date,
    formedDate: r.formed_date,
    publishedDate: r.published_date,
    revisedDate: r.revised_date,
    topic: r.topic,
    genre: r.genre,
    art20Item: r.art20_item === null ? null : Number(r.art20_item),
    art21Item: r.art21_item,
    keyAreas: parseJsonList(r.key_areas),
    disclosureMode: r.disclosure_mode,
    withheldReason: r.withheld_reason,
    scope: r.scope,
    term: r.term,
    validity: r.validity,
    validityDate: r.validity_date,
    replacedById: r.replaced_by_id,
    status: r.status,
    returnReason: r.return_reason,
    withdrawReason: r.withdraw_reason,
    draftedBy: r.drafted_by,
    submittedBy: r.submitted_by,
    firstReviewerId: r.first_reviewer_id,
    finalApproverId: r.final_approver_id,
    sample: r.sample === 1,
    source: r.source,
    revision: Number(r.revision),
    revisionOfId: r.revision_of_id,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

// ─── the drafting form ─────────────────────────────────────────────────────────────────────

/** True for a real calendar date written YYYY-MM-DD (the shared strict parser). */
export const isCalendarDate = isIsoDate

/** The drafting form as submitted (strings, as a browser sends them). */
export interface ItemFormValues {
  title: string
  summary: string
  bodyHtml: string
  docNumber: string
  jointIssuers: string
  writtenDate: string
  formedDate: string
  topic: string
  genre: string
  art20Item: string
  art21Item: string
  keyAreas: string[]
  disclosureMode: string
  withheldReason: string
  scope: string
  term: string
  validity: string
  validityDate: string
}

export const EMPTY_ITEM_FORM: ItemFormValues = {
  title: '',
  summary: '',
  bodyHtml: '',
  docNumber: '',
  jointIssuers: '',
  writtenDate: '',
  formedDate: '',
  topic: '',
  genre: '',
  art20Item: '',
  art21Item: '',
  keyAreas: [],
  disclosureMode: 'proactive',
  withheldReason: '',
  scope: 'public',
  term: 'long',
  validity: 'valid',
  validityDate: '',
}

/** The form's field names and Chinese labels (for error summaries). */
export const ITEM_FIELD_LABELS: Record<keyof ItemFormValues, string> = {
  title: '名称',
  summary: '内容概述',
  bodyHtml: '正文',
  docNumber: '文号',
  jointIssuers: '联合发文机关',
  writtenDate: '成文日期',
  formedDate: '形成或变更日期',
  topic: '主题分类',
  genre: '体裁',
  art20Item: '条例第二十条事项',
  art21Item: '条例第二十一条事项',
  keyAreas: '重点领域',
  disclosureMode: '公开方式',
  withheldReason: '不予公开理由',
  scope: '公开范围',
  term: '公开时限',
  validity: '有效性',
  validityDate: '失效/废止日期',
}

const text = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`)
const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .refine((s) => s === '' || isCalendarDate(s), `${label}须为有效日期（年-月-日）`)

/** Splits the joint issuers field: one per line, or separated by 、，,；; */
export function splitJointIssuers(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[\n\r、，,；;]+/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ]
}

const itemFormSchema = z
  .object({
    title: text(300, '名称').min(1, '请填写名称'),
    summary: text(2000, '内容概述'),
    bodyHtml: z.string().max(1_000_000, '正文过长'),
    docNumber: text(100, '文号'),
    jointIssuers: text(1000, '联合发文机关'),
    writtenDate: optionalDate('成文日期'),
    formedDate: z
      .string()
      .trim()
      .min(1, '请填写信息形成或变更的日期（条例第二十六条的时限由此起算）')
      .refine(isCalendarDate, '形成或变更日期须为有效日期（年-月-日）'),
    topic: z.string().trim().min(1, '请选择主题分类').refine(isTopic, '请从列表中选择主题分类'),
    genre: z.string().trim().min(1, '请选择体裁').refine(isGenre, '请从列表中选择体裁'),
    art20Item: z
      .string()
      .trim()
      .refine((s) => s === '' || (/^\d{1,2}$/.test(s) && art20Item(Number(s)) !== undefined), '事项无效'),
    art21Item: z
      .string()
      .trim()
      .refine((s) => s === '' || isArt21Item(s), '事项无效'),
    keyAreas: z.array(z.string()).refine((a) => a.every(isKeyArea), '请从列表中选择重点领域'),
    disclosureMode: z.enum(DISCLOSURE_MODES, '请选择公开方式'),
    withheldReason: text(1000, '不予公开理由'),
    scope: z.enum(SCOPES, '请选择公开范围'),
    term: z.enum(TERMS, '请选择公开时限'),
    validity: z.enum(DRAFT_VALIDITIES, '请选择有效性'),
    validityDate: optionalDate('失效/废止日期'),
  })
  .superRefine((v, ctx) => {
    // 不公开的要说明理由 (《政府信息公开目录系统实施指引（试行）》, 国务院办公厅秘书局 2008; 条例 Art. 36(三) for requests).
    if (v.disclosureMode === 'withheld' && v.withheldReason === '') {
      ctx.addIssue({ code: 'custom', path: ['withheldReason'], message: '不予公开须说明理由' })
    }
    if (v.validity !== 'valid' && v.validityDate === '') {
      ctx.addIssue({ code: 'custom', path: ['validityDate'], message: '失效或废止须填写日期' })
    }
    if (v.writtenDate !== '' && v.formedDate !== '' && v.formedDate < v.writtenDate) {
      ctx.addIssue({ code: 'custom', path: ['formedDate'], message: '形成日期不能早于成文日期' })
    }
  })

export type ValidItemForm = z.output<typeof itemFormSchema>

/** Validates the drafting form: every field error at once. */
export function validateItemForm(
  values: ItemFormValues,
): { ok: true; value: ValidItemForm } | { ok: false; fields: FieldErrors } {
  const r = itemFormSchema.safeParse(values)
  if (r.success) {
    return { ok: true, value: r.data }
  }
  const fields: FieldErrors = {}
  for (const issue of r.error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '_'
    ;(fields[key] ??= []).push(issue.message)
  }
  return { ok: false, fields }
}

/** The form's values for an existing item (editing). */
export function itemToFormValues(item: Item): ItemFormValues {
  return {
    title: item.title,
    summary: item.summary ?? '',
    bodyHtml: item.bodyHtml,
    docNumber: item.docNumberRaw ?? '',
    jointIssuers: item.jointIssuers.join('\n'),
    writtenDate: item.writtenDate ?? '',
    formedDate: item.formedDate ?? '',
    topic: item.topic ?? '',
    genre: item.genre ?? '',
    art20Item: item.art20Item === null ? '' : String(item.art20Item),
    art21Item: item.art21Item ?? '',
    keyAreas: item.keyAreas,
    disclosureMode: item.disclosureMode,
    withheldReason: item.withheldReason ?? '',
    scope: item.scope,
    term: item.term,
    validity: item.validity === 'revised' ? 'valid' : item.validity,
    validityDate: item.validityDate ?? '',
  }
}

/** Reads the drafting form out of a request body (unknown shape): strings, key areas as a list. */
export function formValuesFromBody(body: unknown): ItemFormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const str = (k: string): string => {
    const v = b[k]
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''
  }
  const rawAreas = b.keyAreas
  const keyAreas = Array.isArray(rawAreas)
    ? rawAreas.filter((x): x is string => typeof x === 'string')
    : typeof rawAreas === 'string'
      ? [rawAreas]
      : []
  return {
    title: str('title'),
    summary: str('summary'),
    bodyHtml: str('bodyHtml'),
    docNumber: str('docNumber'),
    jointIssuers: str('jointIssuers'),
    writtenDate: str('writtenDate'),
    formedDate: str('formedDate'),
    topic: str('topic'),
    genre: str('genre'),
    art20Item: str('art20Item'),
    art21Item: str('art21Item'),
    keyAreas,
    disclosureMode: str('disclosureMode') || 'proactive',
    withheldReason: str('withheldReason'),
    scope: str('scope') || 'public',
    term: str('term') || 'long',
    validity: str('validity') || 'valid',
    validityDate: str('validityDate'),
  }
}

// ─── the confidentiality checklist (保密审查) ─────────────────────────────────────────────────

export interface ChecklistQuestion {
  key: string
  question: string
  /** The legal ground the question checks. */
  basis: string
}

/**
 * The questions a 信息员 answers item by item before an item may be published: 先审查、后公开,
 * 逐项审查 (保守国家秘密法实施条例 Art. 42; 保守国家秘密法 Art. 35; 条例 Art. 17). Each ground of
 * non-disclosure of 条例 Arts. 14–16 has its own question. Any 是 blocks approval as 主动公开.
 */
export const CHECKLIST: readonly ChecklistQuestion[] = [
  {
    key: 'state_secret',
    question: '是否涉及国家秘密？',
    basis: '条例第十四条；保守国家秘密法第三十五条',
  },
  {
    key: 'security_stability',
    question: '公开后是否可能危及国家安全、公共安全、经济安全、社会稳定（“三安全一稳定”）？',
    basis: '条例第十四条',
  },
  {
    key: 'third_party',
    question: '是否涉及第三方的商业秘密、个人隐私等，公开会损害第三方合法权益？',
    basis: '条例第十五条',
  },
  {
    key: 'internal_process',
    question:
      '是否属于内部事务信息（人事管理、后勤管理、内部工作流程）或过程性信息（讨论记录、过程稿、磋商信函、请示报告）？',
    basis: '条例第十六条',
  },
  {
    key: 'other_law',
    question: '是否属于法律、行政法规禁止公开的其他情形？',
    basis: '条例第十四条',
  },
]

export type ChecklistAnswer = 'no' | 'yes'

export type Checklist = Record<string, { answer: ChecklistAnswer; note: string }>

export const CHECKLIST_ANSWER_TEXT: Record<ChecklistAnswer, string> = { no: '否', yes: '是' }

/** Reads `check_<key>` / `note_<key>` fields; unanswered questions are left out. */
export function checklistFromBody(body: unknown): Partial<Checklist> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const out: Partial<Checklist> = {}
  for (const q of CHECKLIST) {
    const a = b[`check_${q.key}`]
    const n = b[`note_${q.key}`]
    if (a === 'no' || a === 'yes') {
      out[q.key] = { answer: a, note: typeof n === 'string' ? n.trim().slice(0, 500) : '' }
    }
  }
  return out
}

/**
 * What is wrong with a checklist: a question left unanswered, or a 是 without an explanation in
 * its 说明 field. Field keys are `check_<key>` (as the form names them); each message names the
 * question by number and says which field to fill.
 */
export function checklistProblems(c: Partial<Checklist>): FieldErrors {
  const fields: FieldErrors = {}
  CHECKLIST.forEach((q, i) => {
    const a = c[q.key]
    if (!a) {
      fields[`check_${q.key}`] = [`第${i + 1}项未作答，请选择“是”或“否”`]
    } else if (a.answer === 'yes' && a.note === '') {
      fields[`check_${q.key}`] = [`第${i + 1}项答“是”，请在本项的“说明”栏写明涉及的情况`]
    }
  })
  return fields
}

/** True when a checklist's only problems are 是 answers without a 说明 (every question answered). */
export function checklistOnlyMissesNotes(c: Partial<Checklist>): boolean {
  return CHECKLIST.every((q) => c[q.key] !== undefined)
}

/** True when every question is answered 否: the item may be approved as 主动公开. */
export function checklistClears(c: Partial<Checklist>): boolean {
  return CHECKLIST.every((q) => c[q.key]?.answer === 'no')
}

/** Reads a stored checklist (JSON) back. */
export function parseChecklist(json: string): Partial<Checklist> {
  try {
    const v: unknown = JSON.parse(json)
    if (!v || typeof v !== 'object') {
      return {}
    }
    const out: Partial<Checklist> = {}
    for (const [k, raw] of Object.entries(v as Record<string, unknown>)) {
      const e = raw as { answer?: unknown; note?: unknown } | null
      if (e && (e.answer === 'no' || e.answer === 'yes')) {
        out[k] = { answer: e.answer, note: typeof e.note === 'string' ? e.note : '' }
      }
    }
    return out
  } catch {
    return {}
  }
}
