import type { OutcomeKey } from '../outcomes/index.js'

/**
 * The request model: channels and their date of receipt (条例 Art. 31), applicant categories (the
 * columns of the annual report's table 三), the forms of provision (Art. 29(三), Art. 40) and the
 * statuses of handling (Art. 45: 登记、审核、办理、答复、归档).
 */

/** How a request came in; staff record every channel but the web. */
export const CHANNELS = ['web', 'letter', 'letter_signed', 'fax', 'email', 'phone', 'in_person'] as const
export type Channel = (typeof CHANNELS)[number]

export const CHANNEL_LABELS: Record<Channel, string> = {
  web: '网上申请',
  letter: '平常信函',
  letter_signed: '挂号信/快递（需签收）',
  fax: '传真',
  email: '电子邮件',
  phone: '电话（口头申请，工作人员代为填写）',
  in_person: '当面提交',
}

/**
 * 条例 Art. 31: the date of receipt by channel. `submission`: the day of submission (in person,
 * and an oral request written down by staff, Art. 29); `signed`: the day the organ signed for the
 * post; `confirmation`: the day staff confirm with the applicant (ordinary letter, online, fax; an
 * e-mail is a data message like an online request).
 */
export const RECEIPT_RULE: Record<Channel, 'submission' | 'signed' | 'confirmation'> = {
  web: 'confirmation',
  letter: 'confirmation',
  letter_signed: 'signed',
  fax: 'confirmation',
  email: 'confirmation',
  phone: 'submission',
  in_person: 'submission',
}

/** The applicant categories, in the report's column order (2021 format, table 三). */
export const APPLICANT_TYPES = [
  'natural_person',
  'commercial',
  'research',
  'public_interest',
  'legal_services',
  'other',
] as const
export type ApplicantType = (typeof APPLICANT_TYPES)[number]

export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = {
  natural_person: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_services: '法律服务机构',
  other: '其他组织',
}

export function isOrganisation(type: ApplicantType): boolean {
  return type !== 'natural_person'
}

/** Proof of identity (条例 Art. 29(一)). */
export const ID_TYPES = [
  'resident_id',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'other',
  'uscc',
] as const
export type IdType = (typeof ID_TYPES)[number]

export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  other: '其他有效证件',
  uscc: '统一社会信用代码证',
}

export const PROVISION_FORMS = ['paper', 'electronic', 'inspection'] as const
export type ProvisionForm = (typeof PROVISION_FORMS)[number]
export const PROVISION_FORM_LABELS: Record<ProvisionForm, string> = {
  paper: '纸质',
  electronic: '电子文档',
  inspection: '当场查阅、抄录',
}

export const DELIVERY_METHODS = ['post', 'email', 'pickup', 'online'] as const
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number]
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  post: '邮寄',
  email: '电子邮件',
  pickup: '当面领取',
  online: '网上查看',
}

/**
 * Statuses. `to_confirm`: submitted online / by fax / ordinary letter, waiting for staff to
 * confirm with the applicant (Art. 31); `registered`: received, not yet assigned; `handling`: a
 * 承办人 works on it (consultations are sub-records); `correction`: waiting for the applicant's 补正;
 * `fee`: waiting for the fee; `review`: the reply letter is in its two-stage review; `approved`:
 * the reply may be sent; `closed`: the reply was sent (or the request ended: abandoned, withdrawn).
 */
export const STATUSES = [
  'to_confirm',
  'registered',
  'handling',
  'correction',
  'fee',
  'review',
  'approved',
  'closed',
  'withdrawn',
] as const
export type RequestStatus = (typeof STATUSES)[number]

export const STATUS_LABELS: Record<RequestStatus, string> = {
  to_confirm: '待确认收到',
  registered: '已登记，待分办',
  handling: '办理中',
  correction: '待申请人补正',
  fee: '待缴纳信息处理费',
  review: '答复审核中',
  approved: '答复已批准，待送达',
  closed: '已办结',
  withdrawn: '申请人已撤回',
}

/** Statuses in which the request is open (counts toward 结转 at the year's end). */
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'to_confirm',
  'registered',
  'handling',
  'correction',
  'fee',
  'review',
  'approved',
]

/** A request as services and views see it (personal data decrypted only where allowed). */
export interface RequestSummary {
  id: string
  organId: string
  trackingNumber: string
  channel: Channel
  status: RequestStatus
  submittedAt: string
  receivedDate: string | null
  applicantType: ApplicantType
  applicantName: string
  description: string
  dueDate: string | null
  outcome: OutcomeKey | null
  closedDate: string | null
  handlerId: string | null
}
