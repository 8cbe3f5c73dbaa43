import { describe, expect, it } from 'vitest'
import { markHits, snippet, type HighlightSegment } from './highlight.js'

const marked = (segs: HighlightSegment[]) => segs.filter((s) => s.hit).map((s) => s.text)
const joined = (segs: HighlightSegment[]) => segs.map((s) => s.text).join('')

describe('highlighting', () => {
  it('marks every occurrence of every term and keeps the text intact', () => {
    const text = '广电局关于广电网络和局属单位的通知'
    const segs = markHits(text, '广电 通知')
    expect(joined(segs)).toBe(text)
    expect(marked(segs)).toEqual(['广电', '广电', '通知'])
    expect(segs[0]).toEqual({ text: '广电', hit: true })
  })

  it('merges overlapping hits into one mark', () => {
    expect(marked(markHits('政府信息公开', '政府信息 信息公开'))).toEqual(['政府信息公开'])
  })

  it('marks full-width and upper-case text in its original form', () => {
    const segs = markHits('附件：ＰＤＦ文件和pdf说明', 'pdf')
    expect(marked(segs)).toEqual(['ＰＤＦ', 'pdf'])
  })

  it('marks ASCII upper case and compatibility ideographs like their normal forms', () => {
    expect(marked(markHits('见 G20 与 g20 峰会', 'g20'))).toEqual(['G20', 'g20'])
    // U+F900 豈 is a CJK compatibility ideograph whose NFKC form is U+8C48 豈.
    expect(marked(markHits('\uF900 与 \u8C48', '\u8C48'))).toEqual(['\uF900', '\u8C48'])
  })

  it('marks words only as whole words, CJK anywhere', () => {
    expect(marked(markHits('PDFs and PDF', 'pdf'))).toEqual(['PDF'])
    expect(marked(markHits('2013年度报告', '2013年'))).toEqual(['2013年'])
    expect(marked(markHits('信息，公开', '信息，公开'))).toEqual(['信息，公开'])
  })

  it('returns plain text segments, never markup (the page escapes them)', () => {
    const text = '<script>alert("广电")</script>'
    const segs = markHits(text, '广电')
    expect(joined(segs)).toBe(text)
    expect(marked(segs)).toEqual(['广电'])
  })

  it('leaves the text unmarked for a query with nothing searchable', () => {
    expect(markHits('广电', '，，')).toEqual([{ text: '广电', hit: false }])
  })
})

describe('snippets', () => {
  const body = `${'前文'.repeat(100)}这里提到广电的政策${'后文'.repeat(100)}`

  it('cuts about maxChars around the first hit, with some context before it', () => {
    const s = snippet(body, '广电', 40)
    const text = joined(s.segments)
    expect(text.length).toBe(40)
    expect(text).toContain('这里提到广电')
    expect(marked(s.segments)).toEqual(['广电'])
    expect(s.cutStart).toBe(true)
    expect(s.cutEnd).toBe(true)
  })

  it('starts at the beginning when there is no hit, and does not cut a short text', () => {
    expect(snippet(body, '不存在', 10)).toEqual({
      segments: [{ text: '前文前文前文前文前文', hit: false }],
      cutStart: false,
      cutEnd: true,
    })
    expect(snippet('短文广电', '广电', 40)).toEqual({
      segments: [
        { text: '短文', hit: false },
        { text: '广电', hit: true },
      ],
      cutStart: false,
      cutEnd: false,
    })
  })

  it('keeps the window full when the hit is near the end', () => {
    const s = snippet(`${'前'.repeat(100)}广电`, '广电', 20)
    expect(joined(s.segments)).toBe(`${'前'.repeat(18)}广电`)
    expect(s.cutEnd).toBe(false)
  })
})
