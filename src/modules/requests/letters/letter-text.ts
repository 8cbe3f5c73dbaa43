import { parseIsoDate } from '../../../shared/dates.js'
import { DomainError } from '../../../shared/errors.js'
import type { LetterContext, LetterDocument, LetterKind } from './letter.js'
import { LETTER_KINDS } from './letter.js'

/** Pure wording shared by every letter: dates, numbers, names of the laws, the common sentences. */

/** The regulation as a letter cites it (国务院令第711号, the 2019 revision). */
export const REGULATION = '《中华人民共和国政府信息公开条例》'
/** The 2008 regulation (国务院令第492号), for requests received before 2019-05-15. */
export const REGULATION_2008 = '《中华人民共和国政府信息公开条例》（2007年公布）'
export const FEE_MEASURES = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）'

/** Cites the outcome catalogue's basis with the regulation's full name. */
export function fullBasis(basis: string): string {
  return basis.replaceAll('《政府信息公开条例》', REGULATION)
}

/**
 * A date as official documents write it: Arabic numerals, the year in full, month and day without
 * leading zeros (GB/T 9704-2012 §7.3.5.3), e.g. 2026-12-04 → 2026年12月4日.
 */
export function chineseDate(date: string): string {
  const d = parseIsoDate(date)
  if (!d) {
    throw new DomainError('LETTER_CONTEXT_INVALID', `not a YYYY-MM-DD date: ${date}`)
  }
  return `${d.year}年${d.month}月${d.day}日`
}

/**
 * A letter number (发文字号, GB/T 9704-2012 §7.2.4): prefix, the year in 六角括号 〔〕, the sequence
 * without leading zeros, and 号 — e.g. letterNumber('张广电公开', 2026, 12) → 张广电公开〔2026〕12号.
 */
export function letterNumber(prefix: string, year: number, seq: number): string {
  const p = prefix.trim()
  if (p === '' || /[〔〕[\]\s]/.test(p)) {
    throw new DomainError('LETTER_NUMBER_INVALID', `bad prefix ${JSON.stringify(prefix)}`)
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new DomainError('LETTER_NUMBER_INVALID', `bad year ${year}`)
  }
  if (!Number.isInteger(seq) || seq < 1) {
    throw new DomainError('LETTER_NUMBER_INVALID', `bad sequence ${seq}`)
  }
  return `${p}〔${year}〕${seq}号`
}

/** The default prefix of an organ's letters: its short name + 公开 (张广电 → 张广电公开). */
export function defaultLetterPrefix(organ: { shortName?: string | null; name: string }): string {
  const base = (organ.shortName ?? '').trim() || organ.name.trim()
  return base.endsWith('公开') ? base : `${base}公开`
}

/** Throws unless every value is a real YYYY-MM-DD date. */
export function requireDates(values: Record<string, string | null | undefined>): void {
  for (const [what, v] of Object.entries(values)) {
    if (v !== null && v !== undefined && !parseIsoDate(v)) {
      throw new DomainError('LETTER_CONTEXT_INVALID', `${what} is not a YYYY-MM-DD date: ${v}`)
    }
  }
}

/** Throws when `text` is empty after trimming. */
export function requireText(values: Record<string, string | null | undefined>): void {
  for (const [what, v] of Object.entries(values)) {
    if (!v || v.trim() === '') {
      throw new DomainError('LETTER_CONTEXT_INVALID', `${what} is required`)
    }
  }
}

/** The applicant as addressed: a person by name; an organisation by name (and its contact person). */
export function applicantAddressee(ctx: LetterContext): string {
  return `${ctx.applicant.name}：`
}

/** 「…申请公开“…”（文号：…）」: the request's content as the letters quote it. */
export function requestContent(ctx: LetterContext): string {
  const doc = ctx.request.docNumber?.trim()
  return `“${ctx.request.description.trim()}”${doc ? `（文号：${doc}）` : ''}`
}

/** The standard opening: 「本机关于2026年11月2日收到您提出的政府信息公开申请，申请公开“…”。」 */
export function receivedSentence(ctx: LetterContext): string {
  const you = ctx.applicant.type === 'organisation' ? '贵单位' : '您'
  return `本机关于${chineseDate(ctx.request.received)}收到${you}提出的政府信息公开申请，申请公开${requestContent(ctx)}。`
}

/** 您 or 贵单位. */
export function you(ctx: LetterContext): string {
  return ctx.applicant.type === 'organisation' ? '贵单位' : '您'
}

/** The contact lines under the signature. */
export function contactLines(ctx: LetterContext): string[] {
  const o = ctx.organ
  const lines = [
    `联系机构：${o.office.name}`,
    `联系人：${o.office.contact}`,
    `联系电话：${o.office.phone ?? o.phone}`,
    `通信地址：${o.address}${o.postcode ? `（邮编：${o.postcode}）` : ''}`,
  ]
  if (o.office.email) {
    lines.push(`电子邮箱：${o.office.email}`)
  }
  return lines
}

/** Checks the parts every letter needs and assembles the document. */
export function assemble(
  kind: LetterKind,
  ctx: LetterContext,
  parts: { addressee?: string; paragraphs: string[]; citations: string[]; title?: string },
): LetterDocument {
  return {
    kind,
    title: parts.title ?? LETTER_KINDS[kind].title,
    number: ctx.number.trim(),
    addressee: parts.addressee ?? applicantAddressee(ctx),
    paragraphs: parts.paragraphs,
    signature: { organ: ctx.organ.name, date: chineseDate(ctx.date), isoDate: ctx.date },
    contact: contactLines(ctx),
    citations: parts.citations,
  }
}

/** Checks what every letter has in common. */
export function requireCommon(ctx: LetterContext): void {
  requireText({
    'organ.name': ctx.organ.name,
    'organ.address': ctx.organ.address,
    'organ.phone': ctx.organ.phone,
    'organ.office.name': ctx.organ.office.name,
    'organ.office.contact': ctx.organ.office.contact,
    number: ctx.number,
    'applicant.name': ctx.applicant.name,
    'request.description': ctx.request.description,
  })
  requireDates({ date: ctx.date, 'request.received': ctx.request.received })
  if (ctx.date < ctx.request.received) {
    throw new DomainError(
      'LETTER_CONTEXT_INVALID',
      `letter date ${ctx.date} before receipt ${ctx.request.received}`,
    )
  }
}
