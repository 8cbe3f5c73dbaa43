import { escapeText, looksLikeHtml, sanitizeBodyHtml } from './sanitize.js'

/**
 * The body HTML for what staff typed or pasted into the 正文 field: markup is sanitised; plain
 * text becomes paragraphs, one per block separated by blank lines, with the single line breaks
 * inside a block kept as `<br>` (the form promises 纯文本按段落保存).
 */
export function bodyHtmlFromInput(raw: string): string {
  if (raw.trim() === '') {
    return ''
  }
  if (looksLikeHtml(raw)) {
    return sanitizeBodyHtml(raw)
  }
  return raw
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .join('\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => `<p>${block.split('\n').map(escapeText).join('<br>')}</p>`)
    .join('\n')
}
