import sanitizeHtml from 'sanitize-html'

/**
 * The output-side HTML sanitiser: what a published body may contain when it is shown.
 */

// ─── output-side HTML sanitiser ────────────────────────────────────────────────────────────

/** Tags an item body may contain on output; `a` and `img` are the only ones with attributes. */
const BODY_TAGS = [
  'p',
  'br',
  'hr',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'span',
  'div',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'code',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'a',
  'img',
] as const

/**
 * The strict allow-list the item body is rendered through. Bodies are sanitised on input
 * already; this is the second, independent line: no scripts, styles, event handlers, forms,
 * frames, SVG or MathML; links only to http(s)/mailto or relative paths, and marked nofollow;
 * h1 becomes h2 (the page has its own h1).
 */
const BODY_SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...BODY_TAGS],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'xmp', 'iframe'],
  transformTags: {
    h1: 'h2',
    a: (_tagName, attribs) => ({
      tagName: 'a',
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow' },
    }),
  },
}

/** Tags a body may use without attributes and still skip the full sanitiser (see plainStructure). */
const PLAIN_TAGS = new Set<string>(BODY_TAGS.filter((t) => t !== 'a' && t !== 'img'))
const VOID_TAGS = new Set(['br', 'hr'])
const PLAIN_TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\s*(\/?)>/g

/**
 * True when `html` is already in the sanitiser's output form and simple: every '<' opens or
 * closes an allow-listed tag without attributes, and the tags nest properly. Such a body is
 * emitted as is (text between tags is escaped or inert: no '<' can start anything else); any
 * other body goes through sanitize-html.
 */
export function plainStructure(html: string): boolean {
  const stack: string[] = []
  let at = 0
  for (const m of html.matchAll(PLAIN_TAG)) {
    if (html.slice(at, m.index).includes('<')) {
      return false
    }
    at = m.index + m[0].length
    const name = (m[2] as string).toLowerCase()
    if (!PLAIN_TAGS.has(name)) {
      return false
    }
    if (VOID_TAGS.has(name)) {
      if (m[1] === '/') {
        return false
      }
      continue
    }
    if (m[3] === '/') {
      return false
    }
    if (m[1] === '/') {
      if (stack.pop() !== name) {
        return false
      }
    } else {
      stack.push(name)
    }
  }
  return stack.length === 0 && !html.slice(at).includes('<')
}

const sanitizedCache = new Map<string, string>()
const SANITIZED_CACHE_MAX = 512

/**
 * Sanitises a stored body for output. Results are memoised by content (bounded, oldest evicted),
 * since a popular item's page is rendered many times with the same body.
 */
export function renderableBodyHtml(html: string): string {
  if (html === '') {
    return ''
  }
  if (plainStructure(html)) {
    return html
  }
  const hit = sanitizedCache.get(html)
  if (hit !== undefined) {
    return hit
  }
  const clean = sanitizeHtml(html, BODY_SANITIZE)
  if (sanitizedCache.size >= SANITIZED_CACHE_MAX) {
    const oldest = sanitizedCache.keys().next().value
    if (oldest !== undefined) {
      sanitizedCache.delete(oldest)
    }
  }
  sanitizedCache.set(html, clean)
  return clean
}
