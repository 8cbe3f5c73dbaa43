import type { FeeResult } from '../fees/index.js'
import type { OutcomeKey } from '../outcomes/index.js'

/**
 * The letter model: what a reply letter (答复书 / 告知书) or a notice of a request is composed from
 * (`LetterContext`), and what it is composed into (`LetterDocument`, plain strings only — the
 * renderers escape and lay it out). The kinds follow the document list of regulation.md §6.1
 * (宿迁 standardisation pilot); there is no national template (◐).
 */

/** The letters and notices of a request, each with its Chinese title. */
export const LETTER_KINDS = {
  receipt: { title: '政府信息公开申请接收回执', short: '接收回执' },
  correction: { title: '政府信息公开申请补正告知书', short: '补正告知书' },
  extension: { title: '政府信息公开申请延期答复告知书', short: '延期答复告知书' },
  consultation_third_party: { title: '政府信息公开第三方意见征询书', short: '征求意见书（第三方）' },
  consultation_organ: { title: '政府信息公开征求意见书', short: '征求意见书（共同制作机关）' },
  fee: { title: '政府信息公开信息处理费收费通知书', short: '收费通知书' },
  reply: { title: '政府信息公开申请答复书', short: '答复书 / 告知书' },
} as const satisfies Record<string, { title: string; short: string }>

export type LetterKind = keyof typeof LETTER_KINDS

/** Who hears a reconsideration of this organ's acts (行政复议法, the context names the bodies). */
export type ReconsiderationJurisdiction =
  /**
   * A 工作部门 of a county-level or higher government: after 2024-01-01 its 本级人民政府 (2023 Art. 24
   * para. 1(一)); before, the applicant's choice of that government or the 上一级主管部门 (1999 Art. 12).
   */
  | { level: 'department'; government: string; superiorDepartment?: string | null }
  /** A local people's government: the 上一级人民政府 (2023 Art. 24 para. 1(二); 1999 Art. 13). */
  | { level: 'government'; superiorGovernment: string }
  /** A vertically managed body (海关、金融、外汇管理、税务、国家安全): 上一级主管部门 (2023 Art. 27; 1999 Art. 12 para. 2). */
  | { level: 'vertical'; superiorDepartment: string }

export interface LetterOrgan {
  /** Full name, e.g. 淄博市张店区广播电视局; signs the letter. */
  name: string
  /** Short name, e.g. 张广电; the default letter-number prefix is derived from it. */
  shortName?: string | null
  address: string
  postcode?: string | null
  phone: string
  /** The 政府信息公开工作机构 (条例 Art. 4) and its contact for the applicant. */
  office: { name: string; contact: string; phone?: string | null; email?: string | null }
  reconsideration: ReconsiderationJurisdiction
  /** The court named in the remedies clause; without it the clause says 人民法院. */
  court?: string | null
}

export type ApplicantType = 'person' | 'organisation'

export interface LetterApplicant {
  type: ApplicantType
  /** A person's name, or the organisation's name. */
  name: string
  /** For an organisation: its contact person (条例 Art. 29(一)). */
  contactPerson?: string | null
  address?: string | null
  postcode?: string | null
  /** The requested form of provision and delivery (条例 Art. 29(三)), e.g. 纸质 / 邮寄. */
  provisionForm?: string | null
  deliveryMethod?: string | null
}

export interface LetterRequest {
  /** The date of receipt (条例 Art. 31), YYYY-MM-DD. */
  received: string
  /** The information asked for, as the applicant described it. */
  description: string
  /** The 文号 the applicant gave, if any (条例 Art. 29(二)). */
  docNumber?: string | null
  trackingNumber?: string | null
}

/** A catalogue item the information is already public in (条例 Art. 36(一)). */
export interface CatalogueLink {
  title: string
  url: string
  docNumber?: string | null
  published?: string | null
}

/** How, where and when the information is provided (条例 Art. 36(二), Art. 40). */
export interface Provision {
  /** The information provided, one entry per document. */
  documents: string[]
  /** The form, e.g. 电子文档 / 纸质复印件. */
  form: string
  /** The way, e.g. 随本答复书一并邮寄 / 发送至您的电子邮箱 / 当面领取. */
  method: string
  /** Where and when to collect it (当面领取 / 查阅), if the applicant collects it. */
  place?: string | null
  from?: string | null
}

/** A withheld part of a partly disclosed document (条例 Art. 37). */
export interface WithheldPart {
  part: string
  reason: string
  /** The article the part is withheld under, e.g. 《中华人民共和国政府信息公开条例》第十五条. */
  basis: string
}

/** The variants of the reply, one per letter kind of the outcome catalogue. */
export type ReplyDetails =
  | { variant: 'disclose'; alreadyPublic?: CatalogueLink[]; provision?: Provision | null }
  | { variant: 'partly'; provision: Provision; withheld: WithheldPart[]; alreadyPublic?: CatalogueLink[] }
  | { variant: 'refuse'; reason: string }
  | {
      variant: 'not_exist'
      /** How the organ searched (检索情况). */
      searched?: string | null
      /** 条例 Art. 36(五): the information is not this organ's to disclose. */
      notResponsible?: { reason: string; organ?: { name: string; contact?: string | null } | null } | null
    }
  | { variant: 'no_compile'; explanation?: string | null }
  | { variant: 'unclear'; correctionNoticeDate: string; correctedReceived?: string | null }
  | { variant: 'not_request'; explanation?: string | null; guidance?: string | null }
  | { variant: 'repeat'; earlierReply: { date: string; number?: string | null } }
  | { variant: 'excessive'; explanation: string }
  | {
      variant: 'terminated'
      because: 'no_correction' | 'fee_unpaid'
      /** The day the 补正告知书 or 收费通知书 was issued, and the deadline it set. */
      noticeDate: string
      deadline: string
    }
  | { variant: 'other'; text: string }

export interface ReceiptSpecifics {
  /** The secret shown once with the tracking number, to look the request up. */
  trackingSecret?: string | null
  statusUrl?: string | null
  /** The reply's due date from the clock (条例 Art. 33; 2008 条例 Art. 24 before 2019-05-15). */
  replyDue: string
  /** The 补正 notice's due date from the clock (条例 Art. 30). */
  correctionNoticeDue?: string | null
}

export interface CorrectionSpecifics {
  /** What to correct, one matter per entry (「一次性告知」, 条例 Art. 30). */
  items: string[]
  guidance?: string | null
  /** The end of the reasonable correction period the organ sets. */
  correctBy: string
}

export interface ExtensionSpecifics {
  reason: string
  workingDays: number
  originalDue: string
  newDue: string
}

export interface ConsulteeParty {
  name: string
  address?: string | null
}

export interface ThirdPartyConsultationSpecifics {
  consultee: ConsulteeParty
  /** The information that may touch the third party's rights, as the organ describes it. */
  information: string
  /** Which rights, e.g. 商业秘密 / 个人隐私. */
  interests: string
  /** The 15th working day after the consultee receives the letter, from the clock. */
  replyBy: string
}

export interface OrganConsultationSpecifics {
  consultee: ConsulteeParty
  information: string
  replyBy: string
}

export interface FeeSpecifics {
  fee: FeeResult
  /** 缴纳方式, e.g. the non-tax revenue payment code and where to pay. */
  paymentMethod: string
  /** The 20th working day after the notice is received, from the clock. */
  payBy: string
}

export interface ReplySpecifics {
  outcome: OutcomeKey
  details: ReplyDetails
}

/** The specifics of each kind. */
export interface LetterSpecificsByKind {
  receipt: ReceiptSpecifics
  correction: CorrectionSpecifics
  extension: ExtensionSpecifics
  consultation_third_party: ThirdPartyConsultationSpecifics
  consultation_organ: OrganConsultationSpecifics
  fee: FeeSpecifics
  reply: ReplySpecifics
}

export interface LetterContext<K extends LetterKind = LetterKind> {
  organ: LetterOrgan
  /** The letter's number, e.g. 张广电公开〔2026〕12号 (see `letterNumber`). */
  number: string
  /** The letter's date, YYYY-MM-DD: signed with it, and the remedies clause in force on it. */
  date: string
  applicant: LetterApplicant
  request: LetterRequest
  specifics: LetterSpecificsByKind[K]
}

/** A composed letter: plain strings only, in reading order. */
export interface LetterDocument {
  kind: LetterKind
  title: string
  number: string
  /** The addressee line, ending in 「：」. */
  addressee: string
  paragraphs: string[]
  /** The signing organ and the date, as printed (2026年12月4日) and as YYYY-MM-DD. */
  signature: { organ: string; date: string; isoDate: string }
  /** The contact lines under the signature (联系人, 电话, 地址). */
  contact: string[]
  /** The articles the letter rests on, for staff and review. */
  citations: string[]
}
