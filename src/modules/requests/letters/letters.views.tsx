import type { VNode } from 'preact'
import type { LetterDocument } from './letter.js'

/**
 * The printable page of a letter: a standalone document (no site chrome, no script) with the A4
 * print stylesheet `/static/letter.css` (GB/T 9704-2012 margins and sizes; readable on a phone).
 * Text is rendered by preact, escaped; http(s) addresses in a paragraph become links.
 */

export const LETTER_STYLESHEET = '/static/letter.css'

const URL_PATTERN = /(https?:\/\/[^\s，。；、）」“”]+)/

/** A paragraph's text with its http(s) addresses as links (everything else stays text). */
function withLinks(text: string): Array<string | VNode> {
  return text.split(URL_PATTERN).map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part))
}

const ITEM = /^\d+\. /

/** The letter itself, for a page of its own or inside a console page (add LETTER_STYLESHEET to its head). */
export function LetterSheet({ doc }: { doc: LetterDocument }) {
  return (
    <article class="letter" aria-labelledby="letter-title">
      <h1 id="letter-title" class="letter-title">
        {doc.title}
      </h1>
      <p class="letter-number">{doc.number}</p>
      <p class="letter-addressee">{doc.addressee}</p>
      {doc.paragraphs.map((p) => (
        <p class={ITEM.test(p) ? 'letter-para letter-item' : 'letter-para'}>{withLinks(p)}</p>
      ))}
      <div class="letter-signature">
        <p>{doc.signature.organ}</p>
        <p>
          <time dateTime={doc.signature.isoDate}>{doc.signature.date}</time>
        </p>
      </div>
      {doc.contact.length > 0 ? (
        <ul class="letter-contact" aria-label="联系方式">
          {doc.contact.map((c) => (
            <li>{c}</li>
          ))}
        </ul>
      ) : null}
    </article>
  )
}

/** The whole printable page. */
export function LetterPage({ doc }: { doc: LetterDocument }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${doc.title} ${doc.number}`}</title>
        <link rel="stylesheet" href={LETTER_STYLESHEET} />
      </head>
      <body class="letter-page">
        <main>
          <p class="letter-hint no-print">
            使用浏览器的“打印”功能（Ctrl+P）可按 A4 纸打印本文书或另存为 PDF。
          </p>
          <LetterSheet doc={doc} />
        </main>
      </body>
    </html>
  )
}

/** The printable page of `doc` as a preact element (routes send it with `sendPage`). */
export function renderLetterHtml(doc: LetterDocument): VNode {
  return <LetterPage doc={doc} />
}
