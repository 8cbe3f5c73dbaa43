import { DomainError } from '../../../shared/errors.js'

/**
 * Pure text handling for full-text search, shared by both engines (SQLite FTS5 and PostgreSQL
 * tsvector) so that they index and match exactly the same way.
 *
 * Index side: text is NFKC-normalised (full-width letters, digits and punctuation become
 * half-width) and lower-cased, then split into runs:
 * - a CJK run (Han, kana, Hangul) c1…cn yields its character bigrams c1c2, c2c3, …, c(n-1)cn
 *   followed by the run's last character cn as a "terminal unigram" (a 1-character run yields
 *   just that character);
 * - a word run (other letters and digits, e.g. `g20`, `2013`, `pdf`) yields one token;
 * - everything else (punctuation, spaces, symbols) separates runs and yields nothing.
 *
 * The terminal unigram does two jobs: every character occurrence is the first character of
 * some token (so a 1-character query can be a prefix query), and it sits between two CJK runs,
 * so a phrase of bigrams can never match across punctuation.
 *
 * Query side: whitespace-separated terms are ANDed; each term is one phrase of its tokens, so
 * a CJK term of two or more characters matches exactly the texts containing it as a substring
 * (within a run of CJK characters; punctuation inside a term is ignored). ASCII words match
 * whole words, case-insensitively. See `parseSearchQuery` for the run-by-run rules.
 *
 * Known looseness: a word run and a CJK run are adjacent tokens whether or not punctuation or
 * space stood between them, so `2013年` also finds "2013，年" (and highlight.ts marks it alike).
 */

/** Characters indexed as bigrams (no `g` flag: safe to `.test`). */
export const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
/** Runs of CJK characters or of other letters/digits; everything else separates (use with matchAll). */
export const SEARCH_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}])+/gu

/** Longest query kept, in characters after normalisation; longer queries are cut (whole terms first). */
export const MAX_QUERY_CHARS = 64
/** Most terms kept from one query; further terms are ignored. */
export const MAX_QUERY_TERMS = 8

/** NFKC (full-width → half-width, compatibility ideographs → unified) and lower case. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

interface Run {
  text: string
  cjk: boolean
}

const SEPARATOR = 0
const WORD = 1
const CJK = 2
type CharClass = typeof SEPARATOR | typeof WORD | typeof CJK
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
const classCache = new Map<number, CharClass>()

/**
 * The class of a code point: fast paths for ASCII and the main CJK block, the Unicode property
 * regexes (cached) for everything else, so it always agrees with CJK_CHAR / SEARCH_RUN.
 */
function charClass(cp: number): CharClass {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)
      ? WORD
      : SEPARATOR
  }
  if (cp >= 0x4e00 && cp <= 0x9fff) {
    return CJK
  }
  let c = classCache.get(cp)
  if (c === undefined) {
    const ch = String.fromCodePoint(cp)
    c = CJK_CHAR.test(ch) ? CJK : LETTER_OR_DIGIT.test(ch) ? WORD : SEPARATOR
    classCache.set(cp, c)
  }
  return c
}

/**
 * Calls `fn(start, end, cjk)` for each run of a normalised text, in order (UTF-16 offsets).
 * One pass over the string: this is the hot loop of indexing.
 */
function scanRuns(s: string, fn: (start: number, end: number, cjk: boolean) => void): void {
  let runStart = -1
  let runClass: CharClass = SEPARATOR
  let i = 0
  while (i < s.length) {
    const cp = s.codePointAt(i) ?? 0
    const cls = charClass(cp)
    if (cls !== runClass) {
      if (runClass !== SEPARATOR) {
        fn(runStart, i, runClass === CJK)
      }
      runClass = cls
      runStart = i
    }
    i += cp > 0xffff ? 2 : 1
  }
  if (runClass !== SEPARATOR) {
    fn(runStart, s.length, runClass === CJK)
  }
}

function runsOf(normalized: string): Run[] {
  const out: Run[] = []
  scanRuns(normalized, (start, end, cjk) => out.push({ text: normalized.slice(start, end), cjk }))
  return out
}

/** The characters of a string (code points, so CJK Extension B counts as one). */
function chars(s: string): string[] {
  return Array.from(s)
}

/** Index tokens of a text, in order (positions matter for phrase matching). */
export function indexTokens(text: string): string[] {
  const s = normalizeSearchText(text)
  const out: string[] = []
  scanRuns(s, (start, end, cjk) => {
    if (!cjk) {
      out.push(s.slice(start, end))
      return
    }
    let prev = start
    let i = start + ((s.codePointAt(start) ?? 0) > 0xffff ? 2 : 1)
    while (i < end) {
      const next = i + ((s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1)
      out.push(s.slice(prev, next))
      prev = i
      i = next
    }
    out.push(s.slice(prev, end))
  })
  return out
}

/** The tokens joined by spaces: what goes into the FTS5 table (split there by the ascii tokenizer). */
export function toIndexText(text: string): string {
  return indexTokens(text).join(' ')
}

/** One query term: a phrase of tokens; `prefixLast` makes the last token a prefix. */
export interface QueryTerm {
  /** The term as the user typed it (after normalisation), for highlighting. */
  text: string
  tokens: string[]
  prefixLast: boolean
}

export interface ParsedSearchQuery {
  terms: QueryTerm[]
  /** True when the query was cut to MAX_QUERY_CHARS / MAX_QUERY_TERMS. */
  truncated: boolean
}

/**
 * Tokens of one term. Rules per run, which make the phrase equal to substring matching:
 * - CJK run of m ≥ 2 characters: its bigrams, plus its last character when another run follows
 *   in the same term (the text's run must end there too, and its terminal unigram sits there).
 * - CJK run of 1 character:
 *   - the last run of the term: a PREFIX token `c*`, which matches every bigram starting with c
 *     and the terminal unigram c, i.e. every occurrence of c that starts a text run or, when
 *     the term has one run only, every occurrence at all (this keeps full recall for
 *     single-character queries, at the cost of a prefix scan over the bigrams starting with c);
 *   - otherwise the exact token c (the text's run must end with c: its terminal unigram).
 * - word run: the word itself (whole-word match).
 */
function termTokens(runs: Run[]): { tokens: string[]; prefixLast: boolean } {
  const tokens: string[] = []
  let prefixLast = false
  runs.forEach((run, i) => {
    const isLast = i === runs.length - 1
    if (!run.cjk) {
      tokens.push(run.text)
      return
    }
    const cs = chars(run.text)
    if (cs.length === 1) {
      tokens.push(run.text)
      prefixLast = isLast
      return
    }
    for (let j = 0; j + 1 < cs.length; j++) {
      tokens.push(`${cs[j]}${cs[j + 1]}`)
    }
    if (!isLast) {
      tokens.push(cs[cs.length - 1] ?? '')
    }
  })
  return { tokens, prefixLast }
}

/**
 * Parses a user query into ANDed phrase terms. Throws SEARCH_QUERY_INVALID when nothing
 * searchable is left (empty, whitespace or punctuation only). Over-long queries are cut:
 * whole terms are kept while they fit in MAX_QUERY_CHARS, a first term longer than that is
 * cut to it, and at most MAX_QUERY_TERMS terms are kept.
 */
export function parseSearchQuery(q: string): ParsedSearchQuery {
  const rawTerms = normalizeSearchText(q)
    .split(/\s+/u)
    .filter((t) => t !== '')
  const terms: QueryTerm[] = []
  const seen = new Set<string>()
  let used = 0
  let truncated = false
  for (const raw of rawTerms) {
    if (terms.length >= MAX_QUERY_TERMS) {
      truncated = true
      break
    }
    let text = raw
    const len = chars(text).length
    if (used + len > MAX_QUERY_CHARS) {
      truncated = true
      if (terms.length > 0) {
        break
      }
      text = chars(text).slice(0, MAX_QUERY_CHARS).join('')
    }
    const runs = runsOf(text)
    if (runs.length === 0) {
      continue
    }
    const { tokens, prefixLast } = termTokens(runs)
    const key = `${tokens.join(' ')}${prefixLast ? '*' : ''}`
    if (seen.has(key)) {
      continue
    }
    seen.add(key)
    used += chars(text).length
    terms.push({ text, tokens, prefixLast })
  }
  if (terms.length === 0) {
    throw new DomainError('SEARCH_QUERY_INVALID', `no searchable characters in query ${JSON.stringify(q)}`)
  }
  return { terms, truncated }
}

/** The FTS5 MATCH expression of a term: `"t1 t2 t3"` or `"t1 t2"*`. Tokens hold only letters/digits. */
function fts5Phrase(term: QueryTerm): string {
  return `"${term.tokens.join(' ')}"${term.prefixLast ? '*' : ''}`
}

/** FTS5 expression: all terms (ANDed), optionally restricted to one column. */
export function toFts5Match(query: ParsedSearchQuery, column?: 'title'): string {
  const all = query.terms.map(fts5Phrase).join(' AND ')
  return column === undefined ? all : `${column} : (${all})`
}

/** Quotes a lexeme for to_tsquery / tsvector input: '…' with quotes and backslashes doubled. */
export function pgLexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/**
 * PostgreSQL tsquery text (cast with `::tsquery`, no parser involved): each term a phrase
 * `'t1' <-> 't2'` (prefix `:*` on the last token where needed), terms joined by `&`.
 */
export function toPgTsQuery(query: ParsedSearchQuery): string {
  return query.terms
    .map((term) => {
      const parts = term.tokens.map((t, i) => {
        const prefix = term.prefixLast && i === term.tokens.length - 1 ? ':*' : ''
        return `${pgLexeme(t)}${prefix}`
      })
      return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' <-> ')})`
    })
    .join(' & ')
}

/** Largest position PostgreSQL stores in a tsvector (positions above it are clamped by PG). */
export const PG_MAX_POSITION = 16383

/**
 * A tsvector literal for PostgreSQL, built here instead of by `to_tsvector` so that both engines
 * see exactly the same tokens: title tokens at positions 1…T with weight A, body tokens from
 * T + 2 (a gap, so no phrase spans title and body) with weight B (D is PG's default label, so
 * B is written explicitly). PostgreSQL keeps positions ≤ 16,383 and at most 256 per lexeme:
 * positions beyond 16,383 wrap around to 1 (keeping adjacency, so long bodies stay searchable;
 * a phrase may then rarely match across the wrap), and extra positions of one lexeme are dropped.
 */
export function toPgTsVectorLiteral(title: string, body: string): string {
  const positions = new Map<string, string[]>()
  const add = (token: string, pos: number, w: 'A' | 'B'): void => {
    const wrapped = ((pos - 1) % PG_MAX_POSITION) + 1
    const list = positions.get(token)
    const entry = `${wrapped}${w}`
    if (list === undefined) {
      positions.set(token, [entry])
    } else if (list.length < 256) {
      list.push(entry)
    }
  }
  const titleTokens = indexTokens(title)
  titleTokens.forEach((t, i) => add(t, i + 1, 'A'))
  const start = titleTokens.length + 2
  indexTokens(body).forEach((t, i) => add(t, start + i, 'B'))
  const parts: string[] = []
  for (const [token, list] of positions) {
    parts.push(`${pgLexeme(token)}:${list.join(',')}`)
  }
  return parts.join(' ')
}
