import type { Trx } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import { enqueueMessage } from '../../notifications/index.js'
import { isEmail, isMobile } from '../../privacy/index.js'
import type { InfoRequestRow } from './request.table.js'

/**
 * What the applicant is told, and when: written to the outbox in the same transaction as the
 * step it announces, so a notice is never lost nor sent for a step that rolled back. The text
 * names the tracking number and the status page only — never personal data or the secret.
 */
export type NoticeKind = 'submitted' | 'confirm' | 'request_correction' | 'extend' | 'fee_notice' | 'send'

const TEXT: Record<NoticeKind, (r: InfoRequestRow) => string> = {
  submitted: () => '我们已收到您提交的政府信息公开申请，工作人员将与您确认收到申请。',
  confirm: (r) =>
    `您的申请已确认收到，收到申请之日为 ${r.received_date ?? ''}，答复期限至 ${r.due_date ?? ''}。`,
  request_correction: (r) =>
    `您的申请需要补正：${r.correction_matters ?? ''}。请于 ${r.correction_deadline ?? ''} 前补正（条例第三十条）。`,
  extend: (r) =>
    `您的申请答复期限经批准延长 ${r.extension_days ?? ''} 个工作日，延长后期限至 ${r.due_date ?? ''}。`,
  fee_notice: (r) =>
    `您的申请需缴纳信息处理费 ${r.fee_amount ?? ''} 元，请于收到通知之日起 20 个工作日内缴纳。`,
  send: () => '您的申请已作出答复，答复书已送达，可在查询页面查看。',
}

/** Queues the applicant's e-mail and SMS for a step (nothing when they gave neither). */
export async function announce(
  trx: Trx,
  deps: AppDeps,
  row: InfoRequestRow,
  kind: NoticeKind,
): Promise<void> {
  const dec = (v: string | null) => (v ? deps.personalData.decrypt(v) : null)
  const email = dec(row.email_enc)
  const phone = dec(row.phone_enc)
  const link = `${deps.config.publicUrl.replace(/\/$/, '')}/requests/status`
  const body = `${TEXT[kind](row)}\n查询码：${row.tracking_number}\n查询办理进度：${link}（需输入查询码和查询密码）`
  const topic = `request:${row.id}`
  if (email && isEmail(email)) {
    await enqueueMessage(trx, deps.clock, {
      channel: 'email',
      recipient: email,
      subject: `政府信息公开申请 ${row.tracking_number}`,
      body,
      topic,
    })
  }
  if (phone && isMobile(phone)) {
    await enqueueMessage(trx, deps.clock, {
      channel: 'sms',
      recipient: phone,
      body: `【政府信息公开】${body}`,
      topic,
    })
  }
}

export function isNoticeKind(kind: string): kind is NoticeKind {
  return kind in TEXT
}
