import { describe, expect, it } from 'vitest'
import { bodyHtmlFromInput } from './body-input.js'
import { htmlToText } from './sanitize.js'

describe('the body typed into the 正文 field', () => {
  it('turns blank-line separated plain text into paragraphs and keeps single line breaks', () => {
    const html = bodyHtmlFromInput('第一段第一行\n第一段第二行\n\n\n第二段 <不是标签> & 符号\r\n')
    expect(html).toBe('<p>第一段第一行<br>第一段第二行</p>\n<p>第二段 &lt;不是标签&gt; &amp; 符号</p>')
    expect(htmlToText(html)).toBe('第一段第一行\n第一段第二行\n第二段 <不是标签> & 符号')
  })

  it('sanitises markup instead of escaping it', () => {
    expect(bodyHtmlFromInput('<p>正文</p><script>alert(1)</script>')).toBe('<p>正文</p>')
  })

  it('keeps an empty body empty', () => {
    expect(bodyHtmlFromInput('  \n\n ')).toBe('')
  })
})
