import {
  CJK_CHAR as CJK,
  parseSearchQuery,
  SEARCH_RUN as RUN,
  type ParsedSearchQuery,
} from '../search/index.js'

/**
 * Highlighting of search hits, pure. Returns plain-text segments flagged `hit`, which the page
 * renders as `<mark>{segment.text}</mark>` through JSX (escaped like any other text): this module
 * never produces HTML.
 *
 * Matching follows search-text.ts exactly, on the NFKC/lower-cased text, and maps back to the
 * original characters: a CJK run matches as a substring, words match whole words
 * (case-insensitively, full-width or half-width), and the runs of one term may be separated by
 * punctuation or spaces in the text where the query had them too.
 */
export interface HighlightSegment {
  text: string
  hit: boolean
}

export interface Snippet {
  segments: HighlightSegment[]
  /** True when text before / after the snippet was left out (show an ellipsis). */
  cutStart: boolean
  cutEnd: boolean
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

/** A letter or digit that is not CJK: part of a word run. */
function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && LETTER_OR_DIGIT.test(ch) && !CJK.test(ch)
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

interface TermPattern {
  re: RegExp
  wordStart: boolean
  wordEnd: boolean
}

function termPatterns(query: ParsedSearchQuery): TermPattern[] {
  return query.terms.map((term) => {
    const runs = Array.from(term.text.matchAll(RUN), (m) => ({ text: m[0], cjk: CJK.test(m[0]) }))
    let source = ''
    runs.forEach((run, i) => {
      const prev = runs[i - 1]
      if (prev !== undefined) {
        // Two runs of the same kind were separate runs in the query, so they must be separated
        // in the text as well; a word next to CJK needs no separator.
        source += prev.cjk === run.cjk ? '[^\\p{L}\\p{N}]+' : '[^\\p{L}\\p{N}]*'
      }
      source += escapeRegExp(run.text)
    })
    return {
      re: new RegExp(source, 'gu'),
      wordStart: runs[0]?.cjk === false,
      wordEnd: runs[runs.length - 1]?.cjk === false,
    }
  })
}

/**
 * One code point NFKC/lower-cased. ASCII and the CJK Unified Ideographs block (U+4E00–U+9FFF,
 * which has no compatibility decompositions and no case) — nearly every character of a body —
 * skip the per-character `normalize` call, which dominated the search page's snippets.
 */
function normalizeCodePoint(cp: string): string {
  const c = cp.charCodeAt(0)
  if (c < 0x80) {
    return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : cp
  }
  if (c >= 0x4e00 && c <= 0x9fff) {
    return cp
  }
  return cp.normalize('NFKC').toLowerCase()
}

/** The text NFKC/lower-cased code point by code point, with a map back to original offsets. */
function normalizeWithMap(text: string): { norm: string; start: number[]; end: number[] } {
  let norm = ''
  const start: number[] = []
  const end: number[] = []
  let i = 0
  for (const cp of text) {
    const n = normalizeCodePoint(cp)
    for (let k = 0; k < n.length; k++) {
      start.push(i)
      end.push(i + cp.length)
    }
    norm += n
    i += cp.length
  }
  return { norm, start, end }
}

/** Hit ranges [from, to) in the original text, sorted and merged. */
function hitRanges(text: string, query: ParsedSearchQuery): Array<[number, number]> {
  const { norm, start, end } = normalizeWithMap(text)
  const ranges: Array<[number, number]> = []
  for (const p of termPatterns(query)) {
    for (const m of norm.matchAll(p.re)) {
      const s = m.index
      const e = s + m[0].length
      if (m[0].length === 0) {
        continue
      }
      if (p.wordStart && isWordChar(String.fromCodePoint(norm.codePointAt(s - 1) ?? 0x20))) {
        continue
      }
      if (p.wordEnd && isWordChar(String.fromCodePoint(norm.codePointAt(e) ?? 0x20))) {
        continue
      }
      const from = start[s]
      const to = end[e - 1]
      if (from !== undefined && to !== undefined) {
        ranges.push([from, to])
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: Array<[number, number]> = []
  for (const r of ranges) {
    const last = merged[merged.length - 1]
    if (last !== undefined && r[0] <= last[1]) {
      last[1] = Math.max(last[1], r[1])
    } else {
      merged.push([r[0], r[1]])
    }
  }
  return merged
}

function toQuery(q: string | ParsedSearchQuery): ParsedSearchQuery | null {
  if (typeof q !== 'string') {
    return q
  }
  try {
    return parseSearchQuery(q)
  } catch {
    return null
  }
}

function segmentsOf(
  text: string,
  ranges: Array<[number, number]>,
  from: number,
  to: number,
): HighlightSegment[] {
  const out: HighlightSegment[] = []
  let at = from
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0, from)
    const e = Math.min(e0, to)
    if (e <= s) {
      continue
    }
    if (s > at) {
      out.push({ text: text.slice(at, s), hit: false })
    }
    out.push({ text: text.slice(s, e), hit: true })
    at = e
  }
  if (at < to) {
    out.push({ text: text.slice(at, to), hit: false })
  }
  return out
}

/** The whole text with every occurrence of the query terms marked (for titles). */
export function markHits(text: string, q: string | ParsedSearchQuery): HighlightSegment[] {
  const query = toQuery(q)
  const ranges = query === null ? [] : hitRanges(text, query)
  return segmentsOf(text, ranges, 0, text.length)
}

/** Moves an offset off the second half of a surrogate pair. */
function codePointBoundary(text: string, i: number): number {
  const c = text.charCodeAt(i)
  return c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i
}

/**
 * A snippet of about `maxChars` characters around the first hit (or the start of the text when
 * nothing matches), with the hits inside it marked. Whitespace runs are kept as they are.
 */
export function snippet(text: string, q: string | ParsedSearchQuery, maxChars = 160): Snippet {
  const query = toQuery(q)
  const ranges = query === null ? [] : hitRanges(text, query)
  const first = ranges[0]
  let from = 0
  if (first !== undefined && text.length > maxChars) {
    // Some context before the hit, but keep the window full near the end of the text.
    from = Math.max(0, Math.min(first[0] - Math.floor(maxChars / 4), text.length - maxChars))
  }
  from = codePointBoundary(text, from)
  const to = codePointBoundary(text, Math.min(text.length, from + maxChars))
  return {
    segments: segmentsOf(text, ranges, from, to),
    cutStart: from > 0,
    cutEnd: to < text.length,
  }
}
