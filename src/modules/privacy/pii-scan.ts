import {
  idCheckChar,
  isValidUscc,
  luhnValid,
  maskAddress,
  maskBankCard,
  maskEmail,
  maskIdNumber,
  maskName,
  maskPhone,
  maskUscc,
} from './identity.js'

/**
 * The personal-information scanner (pure) of every confidentiality review (保密审查, 条例 Art. 17;
 * personal information as 条例 Art. 15 and 个人信息保护法 Art. 28 protect it): finds 居民身份证
 * numbers with a valid check digit, Luhn-valid bank card numbers, 统一社会信用代码 of 个体工商户,
 * mobile and landline numbers, e-mail addresses, and the applicant's own name and address.
 * Linear in the text: fixed-width patterns anchored on digit boundaries, e-mail addresses expanded
 * around each '@' (no pattern that can backtrack over a long run).
 */

export const PII_KINDS = [
  'id_number',
  'uscc_individual',
  'bank_card',
  'mobile',
  'landline',
  'email',
  'applicant_name',
  'applicant_address',
] as const
export type PiiKind = (typeof PII_KINDS)[number]

export const PII_KIND_LABELS: Record<PiiKind, string> = {
  id_number: '居民身份证号码',
  uscc_individual: '个体工商户统一社会信用代码',
  bank_card: '银行卡号',
  mobile: '手机号码',
  landline: '固定电话号码',
  email: '电子邮箱',
  applicant_name: '申请人姓名',
  applicant_address: '申请人地址',
}

export interface PiiHit {
  kind: PiiKind
  /** UTF-16 offsets in the scanned text, end exclusive. */
  start: number
  end: number
  match: string
  masked: string
  /** Up to CONTEXT_CHARS characters either side (line breaks as spaces). */
  context: { before: string; after: string }
}

export interface ScanOptions {
  /** The applicant of a request, whose name and address must not appear in a document for someone else. */
  applicant?: { name?: string | null; address?: string | null } | undefined
  /** Characters of context either side of a hit (default 20). */
  contextChars?: number
}

/** Shortest applicant name / address looked for: shorter ones match everywhere. */
const MIN_NAME_CHARS = 2
const MIN_ADDRESS_CHARS = 6

// Each candidate pattern is anchored so that it cannot start or end inside a longer digit run.
const ID_RE = /(?<![0-9])[1-9]\d{16}[0-9Xx](?![0-9])/g
const USCC_RE = /(?<![0-9A-Za-z])92[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{16}(?![0-9A-Za-z])/g
const BANK_RE = /(?<![0-9])[1-9]\d{3}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?![0-9])/g
const MOBILE_RE = /(?<![0-9])(?:(?:\+86|0086)[ -]?)?1[3-9]\d(?:\d{8}|[ -]\d{4}[ -]\d{4})(?![0-9])/g
const LANDLINE_RE = /(?<![0-9])(?:0\d{2,3}-|[(（]0\d{2,3}[)）] ?)[2-9]\d{6,7}(?:(?:-|转)\d{1,6})?(?![0-9])/g

const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/
const EMAIL_DOMAIN = /[A-Za-z0-9.-]/
const EMAIL_RE =
  /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/

interface Candidate {
  kind: PiiKind
  start: number
  end: number
}

function collect(re: RegExp, text: string, kind: PiiKind, keep: (m: string) => boolean, out: Candidate[]) {
  re.lastIndex = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (keep(m[0])) {
      out.push({ kind, start: m.index, end: m.index + m[0].length })
    }
  }
}

/** E-mail addresses: from each '@', the local part leftwards (≤ 64) and the domain rightwards (≤ 255). */
function collectEmails(text: string, out: Candidate[]) {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let s = at
    while (s > 0 && at - s < 64 && EMAIL_LOCAL.test(text[s - 1] as string)) {
      s--
    }
    let e = at + 1
    while (e < text.length && e - at < 256 && EMAIL_DOMAIN.test(text[e] as string)) {
      e++
    }
    // A sentence's full stop or a hyphen is not part of the domain.
    while (e > at + 1 && /[.-]/.test(text[e - 1] as string)) {
      e--
    }
    while (s < at && /[.]/.test(text[s] as string)) {
      s++
    }
    if (s < at && EMAIL_RE.test(text.slice(s, e))) {
      out.push({ kind: 'email', start: s, end: e })
    }
  }
}

function collectLiteral(text: string, needle: string, kind: PiiKind, out: Candidate[]) {
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) {
    out.push({ kind, start: i, end: i + needle.length })
  }
}

function isIdNumber(m: string): boolean {
  // Birth date's shape (month 01–12, day 01–31) before the check digit; the full date check is
  // identity.checkIdNumber's, the check digit makes a false hit a 1-in-11 chance on top.
  const month = Number(m.slice(10, 12))
  const day = Number(m.slice(12, 14))
  const year = Number(m.slice(6, 10))
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100) {
    return false
  }
  return idCheckChar(m.slice(0, 17)) === m[17]?.toUpperCase()
}

const PRIORITY: Record<PiiKind, number> = Object.fromEntries(PII_KINDS.map((k, i) => [k, i])) as Record<
  PiiKind,
  number
>

export function maskOf(kind: PiiKind, match: string): string {
  switch (kind) {
    case 'id_number':
      return maskIdNumber(match)
    case 'uscc_individual':
      return maskUscc(match)
    case 'bank_card':
      return maskBankCard(match)
    case 'mobile':
    case 'landline':
      return maskPhone(match)
    case 'email':
      return maskEmail(match)
    case 'applicant_name':
      return maskName(match)
    case 'applicant_address':
      return maskAddress(match)
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ')
}

/**
 * Every hit in `text`, in text order, none overlapping (where two kinds claim the same characters
 * the one listed first in PII_KINDS wins, e.g. an ID number that also passes the Luhn check).
 */
export function scanPersonalInfo(text: string, opts: ScanOptions = {}): PiiHit[] {
  const found: Candidate[] = []
  collect(ID_RE, text, 'id_number', isIdNumber, found)
  collect(USCC_RE, text, 'uscc_individual', (m) => isValidUscc(m.toUpperCase()), found)
  collect(BANK_RE, text, 'bank_card', (m) => luhnValid(m.replace(/[ -]/g, '')), found)
  collect(MOBILE_RE, text, 'mobile', () => true, found)
  collect(LANDLINE_RE, text, 'landline', () => true, found)
  collectEmails(text, found)
  const name = opts.applicant?.name?.trim()
  if (name && [...name].length >= MIN_NAME_CHARS) {
    collectLiteral(text, name, 'applicant_name', found)
  }
  const address = opts.applicant?.address?.trim()
  if (address && [...address].length >= MIN_ADDRESS_CHARS) {
    collectLiteral(text, address, 'applicant_address', found)
  }
  found.sort((a, b) => a.start - b.start || PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - a.end)
  const n = opts.contextChars ?? 20
  const hits: PiiHit[] = []
  let last: Candidate | undefined
  for (const c of found) {
    if (last && c.start < last.end) {
      // Overlap: keep the earlier-listed kind (an address containing a phone number stays one hit).
      if (PRIORITY[c.kind] < PRIORITY[last.kind]) {
        hits.pop()
      } else {
        continue
      }
    }
    const match = text.slice(c.start, c.end)
    hits.push({
      kind: c.kind,
      start: c.start,
      end: c.end,
      match,
      masked: maskOf(c.kind, match),
      context: {
        before: oneLine(text.slice(Math.max(0, c.start - n), c.start)),
        after: oneLine(text.slice(c.end, c.end + n)),
      },
    })
    last = c
  }
  return hits
}

/** `text` with the given hits replaced by their masked form (overlapping hits after the first skipped). */
export function maskText(text: string, hits: readonly Pick<PiiHit, 'start' | 'end' | 'masked'>[]): string {
  const sorted = [...hits].sort((a, b) => a.start - b.start)
  let out = ''
  let at = 0
  for (const h of sorted) {
    if (h.start < at || h.end > text.length) {
      continue
    }
    out += text.slice(at, h.start) + h.masked
    at = h.end
  }
  return out + text.slice(at)
}

/** Counts by kind, for audit entries (never the values). */
export function countByKind(hits: readonly Pick<PiiHit, 'kind'>[]): Partial<Record<PiiKind, number>> {
  const out: Partial<Record<PiiKind, number>> = {}
  for (const h of hits) {
    out[h.kind] = (out[h.kind] ?? 0) + 1
  }
  return out
}
