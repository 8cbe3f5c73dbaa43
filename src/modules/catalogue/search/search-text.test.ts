import { describe, expect, it } from 'vitest'
import { DomainError } from '../../../shared/errors.js'
import {
  indexTokens,
  MAX_QUERY_CHARS,
  MAX_QUERY_TERMS,
  parseSearchQuery,
  pgLexeme,
  toFts5Match,
  toPgTsQuery,
  toPgTsVectorLiteral,
} from './search-text.js'

describe('search tokenisation', () => {
  it('indexes CJK runs as bigrams followed by the run’s last character', () => {
    expect(indexTokens('政府信息公开')).toEqual(['政府', '府信', '信息', '息公', '公开', '开'])
    expect(indexTokens('税')).toEqual(['税'])
  })

  it('separates runs at punctuation and keeps words and numbers whole', () => {
    expect(indexTokens('2013年度报告（PDF版）')).toEqual(['2013', '年度', '度报', '报告', '告', 'pdf', '版'])
    expect(indexTokens('，。！？ ')).toEqual([])
  })

  it('normalises full-width characters and case (NFKC)', () => {
    expect(indexTokens('ＡＢＣ１２３　Ｇ２０')).toEqual(['abc123', 'g20'])
  })

  it('counts a supplementary-plane character as one character', () => {
    expect(indexTokens('𠀀字')).toEqual(['𠀀字', '字'])
  })
})

describe('query parsing', () => {
  it('turns each whitespace-separated term into a phrase of its bigrams', () => {
    const q = parseSearchQuery(' 政府信息  广电 ')
    expect(q.terms.map((t) => t.tokens)).toEqual([['政府', '府信', '信息'], ['广电']])
    expect(toFts5Match(q)).toBe('"政府 府信 信息" AND "广电"')
    expect(toFts5Match(q, 'title')).toBe('title : ("政府 府信 信息" AND "广电")')
  })

  it('makes a single character a prefix, so it matches wherever the character stands', () => {
    const q = parseSearchQuery('税')
    expect(q.terms[0]).toMatchObject({ tokens: ['税'], prefixLast: true })
    expect(toFts5Match(q)).toBe('"税"*')
    expect(toPgTsQuery(q)).toBe("'税':*")
  })

  it('requires a CJK run followed by a word to end there (its terminal character)', () => {
    expect(parseSearchQuery('峰会G20').terms[0]?.tokens).toEqual(['峰会', '会', 'g20'])
    expect(parseSearchQuery('年2013').terms[0]?.tokens).toEqual(['年', '2013'])
    expect(parseSearchQuery('2013年').terms[0]).toMatchObject({ tokens: ['2013', '年'], prefixLast: true })
  })

  it('builds PostgreSQL tsqueries: phrases of lexemes, ANDed', () => {
    const q = parseSearchQuery('政府信息 年')
    expect(toPgTsQuery(q)).toBe("('政府' <-> '府信' <-> '信息') & '年':*")
  })

  it('rejects queries with nothing searchable', () => {
    for (const q of ['', ' ', '\u3000', '，。、', '—…']) {
      expect(() => parseSearchQuery(q)).toThrow(DomainError)
    }
  })

  it('drops repeated terms and caps the number of terms and characters', () => {
    expect(parseSearchQuery('广电 广电 ＧＤ gd').terms.map((t) => t.text)).toEqual(['广电', 'gd'])
    const many = parseSearchQuery(Array.from({ length: 20 }, (_, i) => `词${i}`).join(' '))
    expect(many.terms).toHaveLength(MAX_QUERY_TERMS)
    expect(many.truncated).toBe(true)
    const long = parseSearchQuery('长'.repeat(1000))
    expect(Array.from(long.terms[0]?.text ?? '')).toHaveLength(MAX_QUERY_CHARS)
  })
})

describe('PostgreSQL tsvector literal', () => {
  it('puts title tokens at weight A and body tokens at weight B after a gap', () => {
    expect(toPgTsVectorLiteral('广电', '广电局')).toBe("'广电':1A,4B '电':2A '电局':5B '局':6B")
  })

  it('quotes lexemes defensively (tokens hold only letters and digits today)', () => {
    expect(pgLexeme("it's\\")).toBe("'it''s\\\\'")
  })
})
