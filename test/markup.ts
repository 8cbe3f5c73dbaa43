import { SaxesParser } from 'saxes'

/**
 * Checks that output made from untrusted input holds no live markup: HTML pages, XML feeds and
 * CSV files. Used with test/fixtures/xss-payloads.ts.
 */

/** Every element our HTML pages may contain (page chrome plus the item-body allow-list). */
export const PAGE_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'link',
  'body',
  'header',
  'footer',
  'main',
  'nav',
  'article',
  'section',
  // The folded filter form (an unescaped <details ontoggle=…> is still caught: every on* attribute is).
  'details',
  'summary',
  'div',
  'span',
  'p',
  'br',
  'hr',
  'a',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'form',
  'input',
  'select',
  'option',
  'optgroup',
  'label',
  'button',
  'textarea',
  'mark',
  'code',
  'pre',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'blockquote',
  'img',
])

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'background', 'srcdoc', 'data'])

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

export interface MarkupProblem {
  problem: string
  near: string
}

/**
 * Scans an HTML document produced by our renderer: every '<' that starts markup must open or
 * close an allowed element (or be the doctype), no attribute may be an event handler, and URL
 * attributes may only hold http(s), mailto or relative URLs. Escaped text (&lt;script&gt;) is
 * fine: it is not markup.
 */
export function liveMarkupProblems(html: string, allowed: ReadonlySet<string> = PAGE_TAGS): MarkupProblem[] {
  const problems: MarkupProblem[] = []
  const body = html.replace(/^<!doctype html>/i, '')
  const TAG =
    /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g
  let last = 0
  for (const m of body.matchAll(TAG)) {
    const between = body.slice(last, m.index)
    if (/<[a-zA-Z!/?]/.test(between)) {
      problems.push({ problem: 'stray markup', near: between.slice(0, 120) })
    }
    last = (m.index ?? 0) + m[0].length
    const tag = (m[2] ?? '').toLowerCase()
    if (!allowed.has(tag)) {
      problems.push({ problem: `element <${tag}>`, near: m[0].slice(0, 120) })
    }
    for (const a of (m[3] ?? '').matchAll(/([^\s=>/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
      const name = (a[1] ?? '').toLowerCase()
      const value = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '')
        // Browsers ignore control characters and spaces in URLs ("java\nscript:").
        .split('')
        .filter((ch) => ch.charCodeAt(0) > 0x20)
        .join('')
        .toLowerCase()
      if (name.startsWith('on')) {
        problems.push({ problem: `event handler ${name}`, near: m[0].slice(0, 120) })
      }
      if (name === 'style' || name === 'srcdoc' || name === 'http-equiv') {
        problems.push({ problem: `attribute ${name}`, near: m[0].slice(0, 120) })
      }
      if (URL_ATTRS.has(name) && !/^(?:https?:\/\/|mailto:|\/(?!\/)|\?|#|(?!\/\/)[^:]*$)/.test(value)) {
        problems.push({ problem: `${name}=${value.slice(0, 40)}`, near: m[0].slice(0, 120) })
      }
      // Our own <link> elements (stylesheet, feeds) point at this site only.
      if (tag === 'link' && name === 'href' && !/^\/(?!\/)/.test(value)) {
        problems.push({ problem: `external link ${value.slice(0, 40)}`, near: m[0].slice(0, 120) })
      }
    }
  }
  if (/<[a-zA-Z!/?]/.test(body.slice(last))) {
    problems.push({ problem: 'stray markup at end', near: body.slice(last, last + 120) })
  }
  return problems
}

export interface XmlElementSeen {
  name: string
  attributes: Record<string, string>
  text: string
}

/**
 * Parses XML strictly (throws on anything not well-formed) and returns every element with its
 * attributes and direct text.
 */
export function parseXmlStrict(xml: string): XmlElementSeen[] {
  const parser = new SaxesParser({ xmlns: false })
  const out: XmlElementSeen[] = []
  const stack: XmlElementSeen[] = []
  let error: Error | null = null
  parser.on('error', (e) => {
    error ??= e
  })
  parser.on('opentag', (t) => {
    const el: XmlElementSeen = {
      name: t.name,
      attributes: { ...(t.attributes as Record<string, string>) },
      text: '',
    }
    out.push(el)
    stack.push(el)
  })
  parser.on('text', (s) => {
    const top = stack[stack.length - 1]
    if (top) {
      top.text += s
    }
  })
  parser.on('cdata', (s) => {
    const top = stack[stack.length - 1]
    if (top) {
      top.text += s
    }
  })
  parser.on('closetag', () => {
    stack.pop()
  })
  parser.write(xml).close()
  if (error) {
    throw error
  }
  return out
}

/** An RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF), for checking exports. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const c = text[i] as string
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 2
        continue
      }
      if (c === '"') {
        quoted = false
        i += 1
        continue
      }
      cell += c
      i += 1
      continue
    }
    if (c === '"' && cell === '') {
      quoted = true
    } else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += 1
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break at ${i}`)
    } else {
      cell += c
    }
    i += 1
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}
