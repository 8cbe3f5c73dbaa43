import { strFromU8, unzipSync } from 'fflate'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { letterContext } from '../../../../test/letter-context.js'
import { composeLetter, renderLetterDocx } from './index.js'

/** Parses `xml` with saxes; throws on the first well-formedness error. Returns the text content. */
function parseXml(xml: string): string {
  const parser = new SaxesParser({ xmlns: true })
  let textContent = ''
  let error: Error | null = null
  parser.on('text', (t) => {
    textContent += t
  })
  parser.on('error', (e) => {
    error ??= e
  })
  parser.write(xml).close()
  if (error) {
    throw error
  }
  return textContent
}

describe('the DOCX of a letter', () => {
  it('opens as a ZIP whose document.xml is valid XML with the title, number, applicant and link, A4, fonts with fallbacks', async () => {
    const ctx = letterContext<'reply'>(
      {
        outcome: 'r1',
        details: {
          variant: 'disclose',
          alreadyPublic: [{ title: '验收报告', url: 'https://gk.example.cn/items/42?a=1&b=2' }],
        },
      },
      { applicant: { type: 'person', name: '李明 <script>&"' } },
    )
    const doc = composeLetter('reply', ctx)
    const buf = await renderLetterDocx(doc)
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK')
    const files = unzipSync(new Uint8Array(buf))
    const xml = strFromU8(files['word/document.xml']!)
    const body = parseXml(xml)
    expect(body).toContain('政府信息公开申请答复书')
    expect(body).toContain('张广电公开〔2026〕12号')
    expect(body).toContain('李明 <script>&"：')
    expect(body).toContain('2026年12月4日')
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"')
    expect(xml).toMatch(
      /<w:p><w:pPr>(?:(?!<\/w:pPr>).)*<w:jc w:val="center"\/>(?:(?!<\/w:p>).)*政府信息公开申请答复书/,
    )
    expect(xml).toMatch(/<w:jc w:val="right"\/>(?:(?!<\/w:p>).)*张广电公开〔2026〕12号/)
    expect(xml).toMatch(/<w:jc w:val="right"\/>(?:(?!<\/w:p>).)*淄博市张店区广播电视局/)
    expect(xml).toContain('w:eastAsia="方正小标宋简体"')
    const rels = strFromU8(files['word/_rels/document.xml.rels']!)
    parseXml(rels)
    expect(rels).toContain('Target="https://gk.example.cn/items/42?a=1&amp;b=2"')
    const styles = strFromU8(files['word/styles.xml']!)
    expect(styles).toContain('w:eastAsia="仿宋_GB2312"')
    const fonts = strFromU8(files['word/fontTable.xml']!)
    parseXml(fonts)
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>')
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>')
  })
})
