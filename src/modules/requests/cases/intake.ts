import { isIsoDate } from '../../../shared/dates.js'
import type { FieldErrors } from '../../../shared/errors.js'
import { checkIdNumber, checkUscc, isEmail, isLandline, isMobile } from '../../privacy/index.js'
import {
  APPLICANT_TYPES,
  CHANNELS,
  DELIVERY_METHODS,
  ID_TYPES,
  isOrganisation,
  PROVISION_FORMS,
  type ApplicantType,
  type Channel,
  type DeliveryMethod,
  type IdType,
  type ProvisionForm,
} from './request.js'

/**
 * The rules of a request form (条例 Art. 29), pure: what the applicant must give — name, proof of
 * identity, contact details; the information wanted; the form of provision and delivery — and
 * what makes a value unacceptable. The same rules serve the public form and staff recording a
 * letter, fax, e-mail, phone call or visit.
 */

/** 条例 Art. 29 asks for a description 「便于行政机关查询」; this bounds one request's text. */
export const DESCRIPTION_MAX = 5000
export const DESCRIPTION_MIN = 5
const SHORT_MAX = 100
const ADDRESS_MAX = 200
/** The 2008 regulation (国务院令第492号) came into force on 2008-05-01: no earlier request. */
export const EARLIEST_REQUEST_DATE = '2008-05-01'

export const INTAKE_FIELD_LABELS: Record<string, string> = {
  applicantType: '申请人类型',
  name: '姓名/名称',
  contactPerson: '联系人',
  idType: '证件类型',
  idNumber: '证件号码',
  creditCode: '统一社会信用代码',
  phone: '联系电话',
  email: '电子邮箱',
  address: '通信地址',
  postcode: '邮政编码',
  description: '所需信息的内容描述',
  docNumber: '文号',
  provisionForm: '信息的提供形式',
  deliveryMethod: '获取信息的方式',
  channel: '申请方式',
  submittedDate: '提交/签收日期',
}

export type IntakeValues = Partial<Record<keyof typeof INTAKE_FIELD_LABELS, string>>

export interface ValidIntake {
  applicantType: ApplicantType
  name: string
  contactPerson: string | null
  idType: IdType
  /** The normalised ID number (natural persons) or null. */
  idNumber: string | null
  creditCode: string | null
  phone: string
  email: string | null
  address: string | null
  postcode: string | null
  description: string
  docNumber: string | null
  provisionForm: ProvisionForm
  deliveryMethod: DeliveryMethod
}

/** Markup in a text field: refused with a message rather than stored (pages escape anyway). */
const TAG_RE = /<\s*[a-zA-Z!/?]/

function clean(v: string | undefined): string {
  return (v ?? '').normalize('NFC').trim()
}

function oneOf<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v)
}

/**
 * Checks a form's values; `today` (YYYY-MM-DD, China time) bounds birth dates.
 * Returns the normalised request or the field errors in Chinese.
 */
export function checkIntake(
  values: IntakeValues,
  today: string,
): { ok: true; intake: ValidIntake } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {}
  const err = (f: string, m: string) => {
    ;(fields[f] ??= []).push(m)
  }
  const v = Object.fromEntries(Object.entries(values).map(([k, x]) => [k, clean(x)])) as Record<
    string,
    string
  >
  for (const [k, x] of Object.entries(v)) {
    if (TAG_RE.test(x)) {
      err(k, '请以纯文字填写，不要包含网页代码或尖括号标记（如 <script>）')
    }
  }
  const type = v.applicantType ?? ''
  if (!oneOf(APPLICANT_TYPES, type)) {
    err('applicantType', '请选择申请人类型')
  }
  const org = oneOf(APPLICANT_TYPES, type) && isOrganisation(type)
  const name = v.name ?? ''
  if (!name) {
    err('name', org ? '请填写单位名称' : '请填写姓名')
  } else if (name.length > SHORT_MAX) {
    err('name', `不超过 ${SHORT_MAX} 个字`)
  }
  let idType: IdType = org ? 'uscc' : 'resident_id'
  let idNumber: string | null = null
  let creditCode: string | null = null
  let contactPerson: string | null = null
  if (org) {
    const c = checkUscc(v.creditCode ?? '')
    if (!v.creditCode) {
      err('creditCode', '请填写统一社会信用代码')
    } else if (!c.ok) {
      err('creditCode', c.expected ? `${c.message}（按校验规则末位应为 ${c.expected}）` : c.message)
    } else {
      creditCode = c.code
    }
    contactPerson = v.contactPerson || null
    if (!contactPerson) {
      err('contactPerson', '请填写联系人姓名')
    } else if (contactPerson.length > SHORT_MAX) {
      err('contactPerson', `不超过 ${SHORT_MAX} 个字`)
    }
  } else {
    const t = v.idType || 'resident_id'
    if (!oneOf(ID_TYPES, t) || t === 'uscc') {
      err('idType', '请选择证件类型')
    } else {
      idType = t
    }
    const raw = v.idNumber ?? ''
    if (!raw) {
      err('idNumber', '请填写证件号码（条例第二十九条：申请人的身份证明）')
    } else if (idType === 'resident_id') {
      const c = checkIdNumber(raw, { today })
      if (!c.ok) {
        err('idNumber', c.expected ? `${c.message}（按校验规则末位应为 ${c.expected}）` : c.message)
      } else {
        idNumber = c.number
      }
    } else if (!/^[A-Za-z0-9()（）-]{5,30}$/.test(raw)) {
      err('idNumber', '证件号码应为 5–30 位字母或数字')
    } else {
      idNumber = raw.toUpperCase()
    }
  }
  const phone = v.phone ?? ''
  if (!phone) {
    err('phone', '请填写联系电话')
  } else if (!isMobile(phone) && !isLandline(phone)) {
    err('phone', '请填写有效的手机号码（11 位）或固定电话（含区号，如 0533-2181234）')
  }
  const email = v.email || null
  if (email && (!isEmail(email) || email.length > SHORT_MAX)) {
    err('email', '电子邮箱格式不正确')
  }
  const address = v.address || null
  if (address && address.length > ADDRESS_MAX) {
    err('address', `不超过 ${ADDRESS_MAX} 个字`)
  }
  const postcode = v.postcode || null
  if (postcode && !/^\d{6}$/.test(postcode)) {
    err('postcode', '邮政编码应为 6 位数字')
  }
  const description = v.description ?? ''
  if (description.length < DESCRIPTION_MIN) {
    err('description', `请描述所需政府信息的名称、文号或便于查询的其他特征（至少 ${DESCRIPTION_MIN} 个字）`)
  } else if (description.length > DESCRIPTION_MAX) {
    err('description', `不超过 ${DESCRIPTION_MAX} 个字；内容较多时请分项提出或以附件提交`)
  }
  const docNumber = v.docNumber || null
  if (docNumber && docNumber.length > SHORT_MAX) {
    err('docNumber', `不超过 ${SHORT_MAX} 个字`)
  }
  const provisionForm = v.provisionForm ?? ''
  if (!oneOf(PROVISION_FORMS, provisionForm)) {
    err('provisionForm', '请选择信息的提供形式')
  }
  const deliveryMethod = v.deliveryMethod ?? ''
  if (!oneOf(DELIVERY_METHODS, deliveryMethod)) {
    err('deliveryMethod', '请选择获取信息的方式')
  } else if (deliveryMethod === 'email' && !email) {
    err('email', '选择以电子邮件获取时，请填写电子邮箱')
  } else if (deliveryMethod === 'post' && !address) {
    err('address', '选择邮寄时，请填写通信地址')
  }
  if (Object.keys(fields).length > 0) {
    return { ok: false, fields }
  }
  return {
    ok: true,
    intake: {
      applicantType: type as ApplicantType,
      name,
      contactPerson,
      idType,
      idNumber,
      creditCode,
      phone,
      email,
      address,
      postcode,
      description,
      docNumber,
      provisionForm: provisionForm as ProvisionForm,
      deliveryMethod: deliveryMethod as DeliveryMethod,
    },
  }
}

/** Staff recording a request: the channel and the day it was submitted / signed for (Art. 31). */
export function checkStaffChannel(
  values: IntakeValues,
  today: string,
): { ok: true; channel: Channel; date: string } | { ok: false; fields: FieldErrors } {
  const channel = clean(values.channel)
  const date = clean(values.submittedDate)
  const fields: FieldErrors = {}
  if (!oneOf(CHANNELS, channel) || channel === 'web') {
    fields.channel = ['请选择申请方式（信函、传真、电子邮件、电话或当面）']
  }
  if (!isIsoDate(date)) {
    fields.submittedDate = ['请填写有效日期（YYYY-MM-DD）']
  } else if (date > today) {
    fields.submittedDate = ['日期不能晚于今天']
  } else if (date < EARLIEST_REQUEST_DATE) {
    fields.submittedDate = [`日期不能早于 ${EARLIEST_REQUEST_DATE}（政府信息公开条例施行之日）`]
  }
  if (Object.keys(fields).length > 0) {
    return { ok: false, fields }
  }
  return { ok: true, channel: channel as Channel, date }
}

/** A legal date given by staff for a step (confirmation, 补正, sending …): real, not in the future. */
export function stepDateProblem(date: string, today: string, notBefore: string | null): string | null {
  if (!isIsoDate(date)) {
    return '请填写有效日期（YYYY-MM-DD）'
  }
  if (date > today) {
    return '日期不能晚于今天'
  }
  if (notBefore && date < notBefore) {
    return `日期不能早于 ${notBefore}`
  }
  return null
}
