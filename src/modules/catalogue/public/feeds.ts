/**
 * RSS 2.0 and Atom 1.0 feeds of published items, and the small XML writer they (and the sitemap)
 * use (pure). Documents are built as element trees; every text and attribute value goes through
 * the escaper, so markup in a title or summary stays text. Characters XML 1.0 forbids (control
 * characters, lone surrogates) are dropped, so a feed stays well-formed whatever was imported.
 */

/** An XML element: name, attributes (undefined values are left out), children. */
export interface XmlElement {
  name: string
  attrs?: Record<string, string | undefined>
  children?: ReadonlyArray<XmlElement | string | null | undefined>
}

/** Shorthand for an element. */
export function el(
  name: string,
  attrs: Record<string, string | undefined> | null,
  ...children: Array<XmlElement | string | null | undefined>
): XmlElement {
  return { name, attrs: attrs ?? {}, children }
}

// Anything outside the XML 1.0 Char production: C0 controls other than TAB/LF/CR, lone surrogates,
// U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- naming the allowed control characters is the point
const NOT_XML_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Escapes character data (and drops characters XML cannot carry). */
export function xmlText(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Escapes an attribute value (double-quoted). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

const NAME = /^[A-Za-z_][\w.:-]*$/

function write(node: XmlElement | string, out: string[]): void {
  if (typeof node === 'string') {
    out.push(xmlText(node))
    return
  }
  if (!NAME.test(node.name)) {
    throw new Error(`invalid XML element name ${node.name}`)
  }
  out.push('<', node.name)
  for (const [k, v] of Object.entries(node.attrs ?? {})) {
    if (v === undefined) {
      continue
    }
    if (!NAME.test(k)) {
      throw new Error(`invalid XML attribute name ${k}`)
    }
    out.push(' ', k, '="', xmlAttr(v), '"')
  }
  const children = (node.children ?? []).filter(
    (c): c is XmlElement | string => c !== null && c !== undefined,
  )
  if (children.length === 0) {
    out.push('/>')
    return
  }
  out.push('>')
  for (const c of children) {
    write(c, out)
  }
  out.push('</', node.name, '>')
}

/** Serialises a document with the XML declaration. */
export function renderXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
  write(root, out)
  out.push('\n')
  return out.join('')
}

/** What a feed needs to know about one published item. */
export interface FeedEntry {
  /** Stable item id (the Atom entry id is `urn:uuid:<id>`). */
  id: string
  title: string
  /** Absolute URL of the item page. */
  url: string
  summary: string | null
  /** Instant of publication (ISO-8601), or the publication date (YYYY-MM-DD). */
  published: string
  /** Last change (ISO-8601), for Atom `updated`. */
  updated: string
  author: string
  category: string | null
}

export interface FeedChannel {
  title: string
  description: string
  /** Absolute URL of the HTML page the feed mirrors. */
  pageUrl: string
  /** Absolute URL of this feed (rel="self"). */
  selfUrl: string
  /** Feed id for Atom (stable URL). */
  id: string
  /** Now, ISO-8601; used when there are no entries. */
  generatedAt: string
}

/**
 * A calendar date (YYYY-MM-DD) is read as midnight in China (UTC+8), where the catalogue dates
 * are set; an ISO instant is taken as is.
 */
export function feedInstant(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+08:00`) : new Date(value)
}

/** RFC 822 date as RSS 2.0 requires ("Mon, 31 Dec 2012 16:00:00 GMT"). */
export function rfc822(value: string): string {
  return feedInstant(value).toUTCString()
}

function rfc3339(value: string): string {
  return feedInstant(value).toISOString()
}

/** An RSS 2.0 document. */
export function renderRss(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const last = entries[0]?.published ?? channel.generatedAt
  return renderXml(
    el(
      'rss',
      { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' },
      el(
        'channel',
        null,
        el('title', null, channel.title),
        el('link', null, channel.pageUrl),
        el('description', null, channel.description),
        el('language', null, 'zh-CN'),
        el('lastBuildDate', null, rfc822(last)),
        el('atom:link', { href: channel.selfUrl, rel: 'self', type: 'application/rss+xml' }),
        ...entries.map((e) =>
          el(
            'item',
            null,
            el('title', null, e.title),
            el('link', null, e.url),
            el('guid', { isPermaLink: 'true' }, e.url),
            el('pubDate', null, rfc822(e.published)),
            e.summary ? el('description', null, e.summary) : null,
            e.category ? el('category', null, e.category) : null,
            el('source', { url: channel.selfUrl }, e.author),
          ),
        ),
      ),
    ),
  )
}

/** An Atom 1.0 document (RFC 4287). */
export function renderAtom(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const updated = entries.reduce(
    (max, e) => (rfc3339(e.updated) > max ? rfc3339(e.updated) : max),
    entries.length > 0 ? '' : rfc3339(channel.generatedAt),
  )
  return renderXml(
    el(
      'feed',
      { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': 'zh-CN' },
      el('id', null, channel.id),
      el('title', null, channel.title),
      el('subtitle', null, channel.description),
      el('updated', null, updated),
      el('link', { rel: 'alternate', type: 'text/html', href: channel.pageUrl }),
      el('link', { rel: 'self', type: 'application/atom+xml', href: channel.selfUrl }),
      el('generator', null, 'Gongkai'),
      ...entries.map((e) =>
        el(
          'entry',
          null,
          el('id', null, `urn:uuid:${e.id}`),
          el('title', { type: 'text' }, e.title),
          el('link', { rel: 'alternate', type: 'text/html', href: e.url }),
          el('published', null, rfc3339(e.published)),
          el('updated', null, rfc3339(e.updated)),
          el('author', null, el('name', null, e.author)),
          e.summary ? el('summary', { type: 'text' }, e.summary) : null,
          e.category ? el('category', { term: e.category }) : null,
        ),
      ),
    ),
  )
}
