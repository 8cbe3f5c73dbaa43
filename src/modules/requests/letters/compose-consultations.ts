import {
  ART32_CONSULTEE_WORKING_DAYS,
  ART34_CO_PRODUCER_WORKING_DAYS,
} from '../../../shared/calendar/statutory-periods.js'
import { DomainError } from '../../../shared/errors.js'
import type { LetterContext, LetterDocument } from './letter.js'
import {
  assemble,
  chineseDate,
  REGULATION,
  requestContent,
  requireCommon,
  requireDates,
  requireText,
} from './letter-text.js'

/**
 * 征求意见书 to a third party (条例 Art. 32) and to a co-producing organ (Art. 34). They go to the
 * consultee, not to the applicant, and never name the applicant: the consultee learns what is asked
 * for, not who asks.
 */

function requestSentence(ctx: LetterContext): string {
  return `本机关于${chineseDate(ctx.request.received)}收到一份政府信息公开申请，申请公开${requestContent(ctx)}。`
}

function checkConsultation(ctx: LetterContext<'consultation_third_party' | 'consultation_organ'>): void {
  requireCommon(ctx)
  const s = ctx.specifics
  requireText({ 'consultee.name': s.consultee.name, information: s.information })
  requireDates({ replyBy: s.replyBy })
  if (s.replyBy <= ctx.date) {
    throw new DomainError('LETTER_CONTEXT_INVALID', `consultation reply-by ${s.replyBy} not after the letter`)
  }
}

/** Art. 32: 15 working days; silence leaves the decision to the organ; objections need 合理理由. */
export function composeThirdPartyConsultation(
  ctx: LetterContext<'consultation_third_party'>,
): LetterDocument {
  checkConsultation(ctx)
  const s = ctx.specifics
  requireText({ interests: s.interests })
  const paragraphs = [
    requestSentence(ctx),
    `经审查，申请公开的政府信息中，${s.information.trim()}可能涉及你方的${s.interests.trim()}等合法权益，公开后可能损害你方的合法权益。根据${REGULATION}第三十二条的规定，现书面征求你方意见。`,
    `请你方自收到本征求意见书之日起${ART32_CONSULTEE_WORKING_DAYS}个工作日内，即${chineseDate(s.replyBy)}前，书面提出是否同意公开的意见；不同意公开的，请说明理由并提供相关证明材料。`,
    '逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。你方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知你方。',
  ]
  return assemble('consultation_third_party', ctx, {
    addressee: `${s.consultee.name.trim()}：`,
    paragraphs,
    citations: [`${REGULATION}第三十二条`, `${REGULATION}第三十三条第三款`],
  })
}

/** Art. 34: information made jointly with another organ; 15 working days; silence is consent. */
export function composeOrganConsultation(ctx: LetterContext<'consultation_organ'>): LetterDocument {
  checkConsultation(ctx)
  const s = ctx.specifics
  const paragraphs = [
    requestSentence(ctx),
    `经查，申请公开的政府信息中，${s.information.trim()}系本机关与贵机关共同制作。根据${REGULATION}第三十四条的规定，现征求贵机关意见。`,
    `请贵机关自收到本征求意见书之日起${ART34_CO_PRODUCER_WORKING_DAYS}个工作日内，即${chineseDate(s.replyBy)}前提出意见。逾期未提出意见的，视为同意公开。`,
  ]
  return assemble('consultation_organ', ctx, {
    addressee: `${s.consultee.name.trim()}：`,
    paragraphs,
    citations: [`${REGULATION}第三十四条`, `${REGULATION}第三十三条第三款`],
  })
}
