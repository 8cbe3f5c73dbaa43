import type { LetterContext, LetterDocument, LetterKind } from './letter.js'
import { composeOrganConsultation, composeThirdPartyConsultation } from './compose-consultations.js'
import { composeCorrection, composeExtension, composeFeeNotice, composeReceipt } from './compose-notices.js'
import { composeReply } from './compose-reply.js'

/** One pure composer per kind. */
const COMPOSERS: { [K in LetterKind]: (ctx: LetterContext<K>) => LetterDocument } = {
  receipt: composeReceipt,
  correction: composeCorrection,
  extension: composeExtension,
  consultation_third_party: composeThirdPartyConsultation,
  consultation_organ: composeOrganConsultation,
  fee: composeFeeNotice,
  reply: composeReply,
}

/**
 * Composes a letter or notice of a request from its context: title, number, addressee, plain-text
 * paragraphs, signature (organ, date as 2026年12月4日), contact lines and the articles cited. Throws
 * `LETTER_CONTEXT_INVALID` for a missing part, a bad date or an outcome told in the wrong variant.
 */
export function composeLetter<K extends LetterKind>(kind: K, ctx: LetterContext<K>): LetterDocument {
  const compose = COMPOSERS[kind] as (c: LetterContext<K>) => LetterDocument
  return compose(ctx)
}
