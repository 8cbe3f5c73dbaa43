import { describe, expect, it } from 'vitest'
import { XSS_PAYLOADS } from '../../../../test/fixtures/xss-payloads.js'
import {
  BODY_ATTRIBUTES,
  BODY_TAGS,
  htmlToText,
  looksLikeHtml,
  sanitizeBodyHtml,
  textToBodyHtml,
} from './sanitize.js'

/** Every tag in `html` with its attributes (the sanitiser's output is well-formed and quoted). */
function tagsOf(html: string): Array<{ tag: string; attrs: Array<[string, string]> }> {
  const out: Array<{ tag: string; attrs: Array<[string, string]> }> = []
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs: Array<[string, string]> = []
    for (const a of (m[2] ?? '').matchAll(/([^\s=>/]+)(?:="([^"]*)")?/g)) {
      attrs.push([(a[1] ?? '').toLowerCase(), a[2] ?? ''])
    }
    out.push({ tag: (m[1] ?? '').toLowerCase(), attrs })
  }
  return out
}

function assertInert(html: string): void {
  // No raw '<' starts anything but an allowed tag.
  const stray = html.replace(/<\/?[a-zA-Z][^>]*>/g, '')
  expect(stray).not.toMatch(/<[a-zA-Z!/?]/)
  for (const { tag, attrs } of tagsOf(html)) {
    expect(BODY_TAGS as readonly string[], tag).toContain(tag)
    for (const [name, value] of attrs) {
      expect(BODY_ATTRIBUTES[tag] ?? [], `${tag}[${name}]`).toContain(name)
      expect(name).not.toMatch(/^on/)
      if (name === 'href' || name === 'src') {
        expect(value).toMatch(/^(?:https?:\/\/|mailto:|\/(?!\/)|[^:/]*$)/i)
      }
      if (name === 'style') {
        expect(value).toMatch(/^text-align:(?:left|right|center|justify);?$/)
      }
    }
  }
  expect(html.toLowerCase()).not.toMatch(/javascript:|vbscript:|data:text|<script|<style|<iframe/)
}

describe('sanitizeBodyHtml', () => {
  it.each(XSS_PAYLOADS.map((p) => [p]))('neutralises %s', (payload) => {
    assertInert(sanitizeBodyHtml(payload))
    assertInert(sanitizeBodyHtml(`<p>前文</p>${payload}<p>后文</p>`))
  })

  it('keeps the structure government documents use', () => {
    const html =
      '<h1>总则</h1><p style="text-align:center">第一条</p><ol start="2"><li>一</li></ol>' +
      '<table><thead><tr><th scope="col">序号</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>' +
      '<p><strong>重要</strong><em>强调</em><br>换行</p>'
    const out = sanitizeBodyHtml(html)
    expect(out).toContain('<h2>总则</h2>')
    expect(out).toContain('<p style="text-align:center">第一条</p>')
    expect(out).toContain('<ol start="2"><li>一</li></ol>')
    expect(out).toContain('<th scope="col">序号</th>')
    expect(out).toContain('<td colspan="2">1</td>')
    expect(out).toContain('<strong>重要</strong><em>强调</em><br />换行')
  })

  it('keeps http(s) and mailto links with rel=noopener and drops target and handlers', () => {
    const out = sanitizeBodyHtml(
      '<a href="https://www.gov.cn/" target="_blank" onclick="x()">国务院</a> <a href="mailto:gk@example.gov.cn">邮件</a>',
    )
    expect(out).toBe(
      '<a href="https://www.gov.cn/" rel="noopener noreferrer">国务院</a> <a href="mailto:gk@example.gov.cn" rel="noopener noreferrer">邮件</a>',
    )
  })

  it('keeps web and same-site images and drops data: and javascript: ones', () => {
    expect(sanitizeBodyHtml('<img src="https://x.gov.cn/a.png" alt="图">')).toBe(
      '<img src="https://x.gov.cn/a.png" alt="图" />',
    )
    expect(sanitizeBodyHtml('<img src="/attachments/1">')).toBe('<img src="/attachments/1" />')
    expect(sanitizeBodyHtml('<img src="data:image/png;base64,AAAA">')).toBe('')
    expect(sanitizeBodyHtml('<img src="javascript:alert(1)">')).toBe('')
  })

  it('drops script and style content entirely but keeps the text of unknown tags', () => {
    expect(sanitizeBodyHtml('<p>甲<script>alert(1)</script>乙</p>')).toBe('<p>甲乙</p>')
    expect(sanitizeBodyHtml('<font color="red">红字</font>')).toBe('红字')
  })
})

describe('plain paragraph bodies', () => {
  it('take attribute-free paragraphs of text as they are and read their text the same way as the parser', () => {
    const html = '<p>第一条 为了规范&amp;管理&nbsp;制定本办法。</p>\n<p>第二条 本办法适用于本市。</p>'
    expect(sanitizeBodyHtml(html)).toBe(html)
    expect(htmlToText(html)).toBe('第一条 为了规范&管理 制定本办法。\n第二条 本办法适用于本市。')
    expect(htmlToText(html)).toBe(htmlToText(`${html}<div></div>`))
  })

  it('send anything else through the sanitiser', () => {
    expect(sanitizeBodyHtml('<p onclick="x()">段</p>')).toBe('<p>段</p>')
    expect(sanitizeBodyHtml('<p>段</p><script>alert(1)</script>')).toBe('<p>段</p>')
    expect(sanitizeBodyHtml('<p>a</p><p>b<img src=x onerror=alert(1)></p>')).toBe(
      '<p>a</p><p>b<img src="x" /></p>',
    )
  })
})

describe('htmlToText', () => {
  it('gives the text of a body, one line per block, with entities decoded', () => {
    const text = htmlToText('<h2>第一章</h2><p>为了&nbsp;规范&amp;管理</p><ul><li>一</li><li>二</li></ul>')
    expect(text).toBe('第一章\n为了 规范&管理\n一\n二')
  })

  it('never includes script or style content', () => {
    // Entity-encoded markup is text the author wrote; it stays text (and is escaped on output).
    for (const payload of XSS_PAYLOADS.filter((p) => !p.includes('&lt;'))) {
      expect(htmlToText(payload).toLowerCase()).not.toContain('<script')
    }
    expect(htmlToText('&lt;script&gt;')).toBe('<script>')
    expect(htmlToText('<p>正文</p><script>var secret = 1</script><style>p{}</style>')).toBe('正文')
  })
})

describe('plain text bodies', () => {
  it('tells HTML from plain text', () => {
    expect(looksLikeHtml('<p>段落</p>')).toBe(true)
    expect(looksLikeHtml('第一条\n第二条 a<b 且 c>d')).toBe(false)
  })

  it('turns lines into escaped paragraphs', () => {
    expect(textToBodyHtml('第一条\r\n\r\n<script>alert(1)</script>\n')).toBe(
      '<p>第一条</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    )
  })
})
