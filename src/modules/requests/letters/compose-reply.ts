import { DomainError } from '../../../shared/errors.js'
import { outcomeOf, type ReplyLetterKind } from '../outcomes/index.js'
import type { LetterContext, LetterDocument } from './letter.js'
import { assemble, receivedSentence, requireCommon } from './letter-text.js'
import { discloseBody, partlyBody, refuseBody, type ReplyBody } from './reply-disclosure.js'
import {
  excessiveBody,
  noCompileBody,
  notExistBody,
  notRequestBody,
  otherBody,
  repeatBody,
  terminatedBody,
  unclearBody,
} from './reply-other.js'
import { remediesClause } from './remedies.js'

/**
 * The reply (条例 Art. 36–39): one variant per letter kind of the outcome catalogue, each citing its
 * article, then the remedies clause in force on the letter's date (复议前置 exactly when the outcome
 * refuses disclosure, as the catalogue's `reconsiderationFirst` says).
 */

/** 答复书 for a decision on the merits, 告知书 for the rest (regulation.md §6.1). */
export const REPLY_TITLES: Record<ReplyLetterKind, string> = {
  disclose: '政府信息公开申请答复书',
  partly: '政府信息公开申请答复书',
  refuse: '政府信息公开申请答复书',
  not_exist: '政府信息公开申请告知书',
  no_compile: '政府信息公开申请告知书',
  unclear: '政府信息公开申请告知书',
  not_request: '政府信息公开申请告知书',
  repeat: '政府信息公开申请告知书',
  excessive: '政府信息公开申请告知书',
  terminated: '政府信息公开申请告知书',
  other: '政府信息公开申请答复书',
}

function body(ctx: LetterContext<'reply'>): ReplyBody {
  const { outcome, details: d } = ctx.specifics
  switch (d.variant) {
    case 'disclose':
      return discloseBody(ctx, d)
    case 'partly':
      return partlyBody(ctx, d)
    case 'refuse':
      return refuseBody(ctx, outcome, d)
    case 'not_exist':
      return notExistBody(ctx, d)
    case 'no_compile':
      return noCompileBody(ctx, d)
    case 'unclear':
      return unclearBody(ctx, d)
    case 'not_request':
      return notRequestBody(ctx, outcome, d)
    case 'repeat':
      return repeatBody(ctx, d)
    case 'excessive':
      return excessiveBody(ctx, d)
    case 'terminated':
      return terminatedBody(ctx, outcome, d)
    case 'other':
      return otherBody(d)
  }
}

export function composeReply(ctx: LetterContext<'reply'>): LetterDocument {
  requireCommon(ctx)
  const outcome = outcomeOf(ctx.specifics.outcome)
  if (outcome.letter !== ctx.specifics.details.variant) {
    throw new DomainError(
      'LETTER_CONTEXT_INVALID',
      `outcome ${outcome.key} is told in a ${outcome.letter} letter, not ${ctx.specifics.details.variant}`,
    )
  }
  const b = body(ctx)
  const remedies = remediesClause({
    date: ctx.date,
    organ: ctx.organ,
    refusal: outcome.reconsiderationFirst ? (outcome.letter === 'partly' ? 'part' : 'whole') : 'none',
  })
  const title = REPLY_TITLES[outcome.letter]
  return assemble('reply', ctx, {
    title,
    paragraphs: [
      receivedSentence(ctx),
      ...b.paragraphs,
      remedies.text,
      title.endsWith('答复书') ? '特此答复。' : '特此告知。',
    ],
    citations: [...new Set([...b.citations, ...remedies.citations])],
  })
}
