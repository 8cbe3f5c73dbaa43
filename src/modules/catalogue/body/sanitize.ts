import { decodeHTML } from 'entities'
import sanitizeHtml from 'sanitize-html'

/**
 * Rich-text bodies of disclosure items: sanitised once on input (here), stored as HTML, and
 * rendered with `dangerouslySetInnerHTML` only from this output. Pure; no I/O.
 *
 * The allow-list is what government documents need — paragraphs, headings, lists, tables,
 * emphasis, links and images — and nothing that can run code: no script/style/iframe/object/
 * form elements, no event handler or class/id attributes, no `javascript:`/`data:`/`vbscript:`
 * URLs, and inline style only as `text-align`.
 */

/**
 * Tags kept in bodies, on input and on output (body-output.ts renders through the same list);
 * everything else is dropped (its text kept, except for NON_TEXT_TAGS).
 */
export const BODY_TAGS = [
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'table',
  'caption',
  'colgroup',
  'col',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'blockquote',
  'hr',
  'pre',
  'code',
  'div',
  'span',
  'a',
  'img',
  'figure',
  'figcaption',
  'dl',
  'dt',
  'dd',
] as const

/** Elements whose content is code or chrome, dropped with their text. */
const NON_TEXT_TAGS = [
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'title',
  'head',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'xmp',
  'noembed',
  'noframes',
  'select',
]

const ALIGN = [/^(?:left|right|center|justify)$/]

/** Attributes kept per tag; anything else (on*, style beyond text-align, class, id …) is dropped. */
export const BODY_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  th: ['colspan', 'rowspan', 'scope', 'style'],
  td: ['colspan', 'rowspan', 'style'],
  col: ['span'],
  ol: ['start', 'type'],
  p: ['style'],
  div: ['style'],
  h2: ['style'],
  h3: ['style'],
  h4: ['style'],
  h5: ['style'],
  h6: ['style'],
}

const BODY_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...BODY_TAGS],
  allowedAttributes: BODY_ATTRIBUTES,
  allowedStyles: { '*': { 'text-align': ALIGN } },
  nonTextTags: NON_TEXT_TAGS,
  disallowedTagsMode: 'discard',
  // Links: web and mail only; images: web only or relative (same site). No data:, no javascript:.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  transformTags: {
    // The page has its own <h1>; body headings start one level lower.
    h1: 'h2',
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer' },
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
}

/**
 * Bodies that are only attribute-less paragraphs of text (no '<' or '>' inside) — what plain
 * text becomes, and what most older systems export — are already inert: taken as they are,
 * without a parser pass (bulk import speed).
 */
const PLAIN_PARAGRAPHS = /^(?:<p>[^<>]*<\/p>\s*)+$/

/** Sanitises a rich-text body for storage (and again before display, if in doubt). */
export function sanitizeBodyHtml(html: string): string {
  const trimmed = html.trim()
  if (PLAIN_PARAGRAPHS.test(trimmed)) {
    return trimmed
  }
  return sanitizeHtml(html, BODY_OPTIONS).trim()
}

const TEXT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  nonTextTags: NON_TEXT_TAGS,
  disallowedTagsMode: 'discard',
}

/** Closing tags of blocks and <br>: a line break goes after them so words do not run together. */
const BLOCK_END =
  /<(?:br|hr|\/p|\/div|\/li|\/tr|\/th|\/td|\/h[1-6]|\/table|\/blockquote|\/pre|\/caption)\b[^>]*>/gi

/**
 * Plain text of an HTML body, for search and summaries: tags and code removed, entities
 * decoded, one line per block, spaces collapsed. The result is text, never HTML; escape it
 * when showing it.
 */
export function htmlToText(html: string): string {
  const trimmed = html.trim()
  if (PLAIN_PARAGRAPHS.test(trimmed)) {
    return trimmed
      .slice(3, -4)
      .split(/<\/p>\s*<p>/)
      .map((p) =>
        decodeHTML(p)
          .replace(/[ \t\f\v\u00a0]+/g, ' ')
          .trim(),
      )
      .filter((p) => p !== '')
      .join('\n')
  }
  const marked = html.replace(BLOCK_END, '$&\n')
  const text = decodeHTML(sanitizeHtml(marked, TEXT_OPTIONS))
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
    .trim()
}

/** Escapes text for inclusion in HTML (used when plain text becomes a body). */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const HTML_TAG =
  /<\/?(?:p|br|div|span|table|tr|td|th|h[1-6]|ul|ol|li|a|img|strong|b|em|i|u|font|section|article|blockquote|pre)(?:\s+[a-z][\w-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*\/?>/i

/** True when a value looks like HTML markup rather than plain text. */
export function looksLikeHtml(s: string): boolean {
  return HTML_TAG.test(s)
}

/** Plain text (e.g. a body from an older system) as body HTML: one paragraph per non-empty line. */
export function textToBodyHtml(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${escapeText(line)}</p>`)
    .join('\n')
}
