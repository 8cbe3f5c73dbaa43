import { DomainError } from '../../../shared/errors.js'
import type { OutcomeKey } from '../outcomes/index.js'
import type { LetterContext, ReplyDetails } from './letter.js'
import { chineseDate, FEE_MEASURES, REGULATION, requireDates, requireText, you } from './letter-text.js'
import type { ReplyBody } from './reply-disclosure.js'

/**
 * The replies that provide nothing: 信息不存在 / 非本机关负责公开 (条例 Art. 36(四)(五)), 需另行制作
 * (Art. 38), 补正后仍不明确 (Art. 30), 不作为政府信息公开申请处理 (Art. 39), 重复申请 (Art. 36(六)),
 * 大量反复申请 (Art. 35), 不再处理 (Art. 30; 国办函〔2020〕109号), 其他.
 */

type Details<V extends ReplyDetails['variant']> = Extract<ReplyDetails, { variant: V }>

const trimEnd = (s: string): string => s.trim().replace(/[。；，]$/, '')

/** Art. 36(四) after a search; Art. 36(五) naming the responsible organ when it is known. */
export function notExistBody(ctx: LetterContext, d: Details<'not_exist'>): ReplyBody {
  if (d.notResponsible) {
    requireText({ 'notResponsible.reason': d.notResponsible.reason })
    const organ = d.notResponsible.organ
    const paragraphs = [
      `经审查，${you(ctx)}申请公开的政府信息不属于本机关负责公开的政府信息，理由是：${trimEnd(d.notResponsible.reason)}。根据${REGULATION}第三十六条第（五）项的规定，现予告知。`,
    ]
    if (organ) {
      requireText({ 'notResponsible.organ.name': organ.name })
      paragraphs.push(
        `经确定，负责公开该政府信息的行政机关为${organ.name.trim()}${organ.contact?.trim() ? `，联系方式：${organ.contact.trim()}` : ''}。${you(ctx)}可以向该机关提出申请。`,
      )
    }
    return { paragraphs, citations: [`${REGULATION}第三十六条第（五）项`] }
  }
  const searched = d.searched?.trim() ? trimEnd(d.searched) : '对本机关制作或者获取、保存的政府信息进行检索'
  return {
    paragraphs: [
      `本机关经${searched}，没有${you(ctx)}所申请公开的信息。根据${REGULATION}第三十六条第（四）项的规定，现告知${you(ctx)}该政府信息不存在。`,
    ],
    citations: [`${REGULATION}第三十六条第（四）项`],
  }
}

/** Art. 38: no existing information; making it would need 加工、分析. */
export function noCompileBody(ctx: LetterContext, d: Details<'no_compile'>): ReplyBody {
  const why = d.explanation?.trim() ? `${trimEnd(d.explanation)}。` : ''
  return {
    paragraphs: [
      `经审查，本机关没有${you(ctx)}所申请公开的现成信息，${you(ctx)}的申请需要本机关对现有政府信息进行加工、分析。${why}根据${REGULATION}第三十八条的规定，本机关提供政府信息，应当是已制作或者获取的政府信息；需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供。`,
    ],
    citations: [`${REGULATION}第三十八条`],
  }
}

/** Art. 30: the corrected request is still unclear. */
export function unclearBody(ctx: LetterContext, d: Details<'unclear'>): ReplyBody {
  requireDates({ correctionNoticeDate: d.correctionNoticeDate, correctedReceived: d.correctedReceived })
  const corrected = d.correctedReceived ? `，并于${chineseDate(d.correctedReceived)}收到补正后的申请` : ''
  return {
    paragraphs: [
      `本机关于${chineseDate(d.correctionNoticeDate)}向${you(ctx)}发出补正告知书${corrected}。经审查，补正后的申请内容仍不明确，本机关无法确定${you(ctx)}所申请公开的政府信息。根据${REGULATION}第三十条的规定，本机关无法向${you(ctx)}提供。${you(ctx)}可以在明确所需政府信息的名称、文号或者其他特征性描述后重新提出申请。`,
    ],
    citations: [`${REGULATION}第三十条`],
  }
}

/** Art. 39: petitions and complaints (r5_1), publications (r5_3), confirming what one has (r5_5). */
export function notRequestBody(
  ctx: LetterContext,
  outcome: OutcomeKey,
  d: Details<'not_request'>,
): ReplyBody {
  const why = d.explanation?.trim() ? `${trimEnd(d.explanation)}。` : ''
  const guidance = d.guidance?.trim() ? trimEnd(d.guidance) : null
  const cases: Partial<Record<OutcomeKey, ReplyBody>> = {
    r5_1: {
      paragraphs: [
        `经审查，${you(ctx)}的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。${why}根据${REGULATION}第三十九条第一款的规定，本机关不作为政府信息公开申请处理。${guidance ? `${you(ctx)}可以通过以下渠道提出：${guidance}。` : ''}`,
      ],
      citations: [`${REGULATION}第三十九条第一款`],
    },
    r5_3: {
      paragraphs: [
        `经审查，${you(ctx)}的申请内容为要求本机关提供政府公报、报刊、书籍等公开出版物。${why}根据${REGULATION}第三十九条第二款的规定，本机关不作为政府信息公开申请处理。${guidance ? `${you(ctx)}可以通过以下途径获取：${guidance}。` : ''}`,
      ],
      citations: [`${REGULATION}第三十九条第二款`],
    },
    r5_5: {
      paragraphs: [
        `经审查，${you(ctx)}的申请内容为要求本机关确认或者重新出具${you(ctx)}已经获取的信息，不属于申请获取政府信息。${why}根据${REGULATION}第三十九条的规定，本机关不作为政府信息公开申请处理。${guidance ? `${guidance}。` : ''}`,
      ],
      citations: [`${REGULATION}第三十九条`],
    },
  }
  const found = cases[outcome]
  if (!found) {
    throw new DomainError('LETTER_CONTEXT_INVALID', `outcome ${outcome} is not an Art. 39 case`)
  }
  return found
}

/** Art. 36(六): already answered; not processed again. */
export function repeatBody(ctx: LetterContext, d: Details<'repeat'>): ReplyBody {
  requireDates({ 'earlierReply.date': d.earlierReply.date })
  const no = d.earlierReply.number?.trim() ? `（${d.earlierReply.number.trim()}）` : ''
  return {
    paragraphs: [
      `本机关已于${chineseDate(d.earlierReply.date)}就${you(ctx)}提出的政府信息公开申请作出答复${no}。${you(ctx)}本次申请公开的是相同的政府信息，根据${REGULATION}第三十六条第（六）项的规定，本机关不予重复处理。`,
    ],
    citations: [`${REGULATION}第三十六条第（六）项`],
  }
}

/** Art. 35: too many requests, reasons asked for and not reasonable. */
export function excessiveBody(ctx: LetterContext, d: Details<'excessive'>): ReplyBody {
  requireText({ explanation: d.explanation })
  return {
    paragraphs: [
      `${you(ctx)}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求${you(ctx)}说明理由。${trimEnd(d.explanation)}。本机关认为申请理由不合理，根据${REGULATION}第三十五条的规定，本机关不予处理。`,
    ],
    citations: [`${REGULATION}第三十五条`],
  }
}

/** No correction in time (Art. 30, r6_1) or the fee unpaid (国办函〔2020〕109号, r6_2): 视为放弃. */
export function terminatedBody(ctx: LetterContext, outcome: OutcomeKey, d: Details<'terminated'>): ReplyBody {
  requireDates({ noticeDate: d.noticeDate, deadline: d.deadline })
  const expected = outcome === 'r6_1' ? 'no_correction' : outcome === 'r6_2' ? 'fee_unpaid' : null
  if (d.because !== expected) {
    throw new DomainError(
      'LETTER_CONTEXT_INVALID',
      `outcome ${outcome} does not end a request for ${d.because}`,
    )
  }
  if (d.deadline >= ctx.date) {
    throw new DomainError(
      'LETTER_CONTEXT_INVALID',
      `the deadline ${d.deadline} has not passed on ${ctx.date}`,
    )
  }
  if (d.because === 'no_correction') {
    return {
      paragraphs: [
        `本机关于${chineseDate(d.noticeDate)}向${you(ctx)}发出补正告知书，告知${you(ctx)}于${chineseDate(d.deadline)}前作出补正。${you(ctx)}无正当理由逾期未补正。根据${REGULATION}第三十条的规定，视为${you(ctx)}放弃申请，本机关不再处理该政府信息公开申请。`,
      ],
      citations: [`${REGULATION}第三十条`],
    }
  }
  return {
    paragraphs: [
      `本机关于${chineseDate(d.noticeDate)}向${you(ctx)}发出收费通知书，告知${you(ctx)}于${chineseDate(d.deadline)}前缴纳信息处理费。${you(ctx)}逾期未缴纳。根据${FEE_MEASURES}的规定，视为${you(ctx)}放弃申请，本机关不再处理该政府信息公开申请。`,
    ],
    citations: [FEE_MEASURES, `${REGULATION}第四十二条`],
  }
}

/** 其他处理 (r6_3): the organ's own text. */
export function otherBody(d: Details<'other'>): ReplyBody {
  requireText({ text: d.text })
  return { paragraphs: [d.text.trim()], citations: [REGULATION] }
}
