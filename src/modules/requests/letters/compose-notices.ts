import {
  ART30_CORRECTION_NOTICE_WORKING_DAYS,
  FEE_PAYMENT_WORKING_DAYS,
  REVISED_REGULATION_IN_FORCE,
  replyPeriodsFor,
} from '../../../shared/calendar/statutory-periods.js'
import { DomainError } from '../../../shared/errors.js'
import type { LetterContext, LetterDocument } from './letter.js'
import {
  assemble,
  chineseDate,
  FEE_MEASURES,
  receivedSentence,
  REGULATION,
  REGULATION_2008,
  requestContent,
  requireCommon,
  requireDates,
  requireText,
  you,
} from './letter-text.js'

/** The notices to the applicant before the reply: 接收回执, 补正告知书, 延期答复告知书, 收费通知书. */

function under2008(ctx: LetterContext): boolean {
  return ctx.request.received < REVISED_REGULATION_IN_FORCE
}

/** 条例 Art. 33 para. 2 (2008 条例 Art. 24 para. 2), as the letters cite it. */
function replyArticle(ctx: LetterContext): string {
  return under2008(ctx) ? `${REGULATION_2008}第二十四条第二款` : `${REGULATION}第三十三条第二款`
}

/** 接收回执: the tracking number, the reply's due date under the regulation in force at receipt. */
export function composeReceipt(ctx: LetterContext<'receipt'>): LetterDocument {
  requireCommon(ctx)
  const s = ctx.specifics
  requireText({ 'request.trackingNumber': ctx.request.trackingNumber })
  requireDates({ replyDue: s.replyDue, correctionNoticeDue: s.correctionNoticeDue })
  if (s.replyDue <= ctx.request.received) {
    throw new DomainError('LETTER_CONTEXT_INVALID', `reply due ${s.replyDue} not after receipt`)
  }
  const periods = replyPeriodsFor(ctx.request.received)
  const old = under2008(ctx)
  const paragraphs = [
    `本机关已收到${you(ctx)}提出的政府信息公开申请，收到申请之日为${chineseDate(ctx.request.received)}${old ? '' : `（${REGULATION}第三十一条）`}，申请公开${requestContent(ctx)}。`,
    `申请编号：${ctx.request.trackingNumber ?? ''}${s.trackingSecret ? `；查询密码：${s.trackingSecret}（请妥善保管，不要告诉他人）` : ''}。${
      s.statusUrl ? `凭申请编号和查询密码可在 ${s.statusUrl} 查询办理进度和答复期限的计算过程。` : ''
    }`,
    `根据${replyArticle(ctx)}的规定，本机关将自收到申请之日起${periods.replyWorkingDays}个工作日内，即${chineseDate(s.replyDue)}前予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意，将另行告知，延长的期限最长不超过${periods.extensionWorkingDays}个工作日。${
      old
        ? '征求第三方意见所需时间不计算在上述期限内。'
        : `征求第三方和其他机关意见所需时间不计算在上述期限内（${REGULATION}第三十三条第三款）。`
    }`,
    '上述期限按工作日计算，自收到申请之日的次日起算，不含休息日和法定节假日。',
  ]
  if (!old && s.correctionNoticeDue) {
    paragraphs.push(
      `申请内容不明确的，本机关将于收到申请之日起${ART30_CORRECTION_NOTICE_WORKING_DAYS}个工作日内，即${chineseDate(s.correctionNoticeDue)}前一次性告知${you(ctx)}作出补正（${REGULATION}第三十条）。`,
    )
  }
  paragraphs.push('本回执仅证明本机关已收到申请，不代表对申请事项的处理意见。')
  return assemble('receipt', ctx, {
    paragraphs,
    citations: [replyArticle(ctx), ...(old ? [] : [`${REGULATION}第三十条`, `${REGULATION}第三十一条`])],
  })
}

/** 补正告知书 (条例 Art. 30): every matter at once, the reasonable period, the restart of the clock. */
export function composeCorrection(ctx: LetterContext<'correction'>): LetterDocument {
  requireCommon(ctx)
  const s = ctx.specifics
  requireDates({ correctBy: s.correctBy })
  if (s.items.length === 0 || s.items.some((i) => i.trim() === '')) {
    throw new DomainError('LETTER_CONTEXT_INVALID', 'correction: list every matter to correct')
  }
  if (s.correctBy <= ctx.date) {
    throw new DomainError(
      'LETTER_CONTEXT_INVALID',
      `correction period ends ${s.correctBy}, not after the letter`,
    )
  }
  const old = under2008(ctx)
  // 2008 条例 Art. 21(四): 「申请内容不明确的，应当告知申请人作出更改、补充」 (◐ from the 2008 text's
  // reposts; it set no 7-day limit and no restart of the period).
  const article = old ? `${REGULATION_2008}第二十一条第（四）项` : `${REGULATION}第三十条`
  const paragraphs = [
    receivedSentence(ctx),
    `经审查，${you(ctx)}的申请内容不明确，本机关无法确定所申请公开的政府信息。根据${article}的规定，现一次性告知${you(ctx)}对以下事项作出补正：`,
    ...s.items.map((item, i) => `${i + 1}. ${item.trim()}`),
  ]
  if (s.guidance?.trim()) {
    paragraphs.push(s.guidance.trim())
  }
  paragraphs.push(
    `请于${chineseDate(s.correctBy)}前向本机关提交补正后的申请。` +
      (old
        ? ''
        : `答复期限自本机关收到补正的申请之日起计算。${you(ctx)}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。`),
  )
  return assemble('correction', ctx, { paragraphs, citations: [article] })
}

/** 延期答复告知书 (条例 Art. 33 para. 2; 2008 条例 Art. 24 para. 2): once, within the maximum. */
export function composeExtension(ctx: LetterContext<'extension'>): LetterDocument {
  requireCommon(ctx)
  const s = ctx.specifics
  requireText({ reason: s.reason })
  requireDates({ originalDue: s.originalDue, newDue: s.newDue })
  const periods = replyPeriodsFor(ctx.request.received)
  if (!Number.isInteger(s.workingDays) || s.workingDays < 1 || s.workingDays > periods.extensionWorkingDays) {
    throw new DomainError(
      'LETTER_CONTEXT_INVALID',
      `extension of ${s.workingDays} working days; at most ${periods.extensionWorkingDays} (${periods.basis})`,
    )
  }
  if (s.newDue <= s.originalDue) {
    throw new DomainError('LETTER_CONTEXT_INVALID', `new due ${s.newDue} not after ${s.originalDue}`)
  }
  const paragraphs = [
    receivedSentence(ctx),
    `因${s.reason.trim().replace(/[。；，]$/, '')}，本机关不能在${chineseDate(s.originalDue)}前作出答复。根据${replyArticle(ctx)}的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长${s.workingDays}个工作日，本机关将于${chineseDate(s.newDue)}前作出答复。`,
    '特此告知。',
  ]
  return assemble('extension', ctx, { paragraphs, citations: [replyArticle(ctx)] })
}

/** 收费通知书 (条例 Art. 42; 国办函〔2020〕109号): basis, rates, amount, method, the 20-working-day window. */
export function composeFeeNotice(ctx: LetterContext<'fee'>): LetterDocument {
  requireCommon(ctx)
  const s = ctx.specifics
  requireText({ paymentMethod: s.paymentMethod })
  requireDates({ payBy: s.payBy })
  if (!(s.fee.amount > 0)) {
    throw new DomainError('LETTER_CONTEXT_INVALID', 'fee notice for a fee of 0元')
  }
  if (s.payBy <= ctx.date) {
    throw new DomainError('LETTER_CONTEXT_INVALID', `pay-by ${s.payBy} not after the notice`)
  }
  const perRequest = s.fee.method === 'per_request'
  const article = perRequest ? '第四条' : '第五条'
  const rates = perRequest
    ? '按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，收费标准为100元/件；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。'
    : '按量计收：30页以下（含30页）的，不收费；31—100页（含100页）的部分，收费标准为10元/页；101—200页（含200页）的部分，收费标准为20元/页；200页以上的部分，收费标准为40元/页。'
  const paragraphs = [
    receivedSentence(ctx),
    `经审查，${you(ctx)}申请公开政府信息的数量、频次明显超过合理范围。根据${REGULATION}第四十二条和${FEE_MEASURES}的规定，本机关决定收取信息处理费。`,
    `收费标准（${FEE_MEASURES}${article}，${rates.slice(0, 4)}）：${rates.slice(5)}`,
    `计算过程：${s.fee.explanation.join('；')}。`,
    `应缴金额：人民币${s.fee.amount}元。`,
    `缴纳方式：${s.paymentMethod.trim()}`,
    `请于收到本通知次日起${FEE_PAYMENT_WORKING_DAYS}个工作日内，即${chineseDate(s.payBy)}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
  ]
  return assemble('fee', ctx, {
    paragraphs,
    citations: [`${REGULATION}第四十二条`, `${FEE_MEASURES}第三条、${article}`],
  })
}
