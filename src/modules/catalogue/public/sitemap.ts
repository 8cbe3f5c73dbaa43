import { el, renderXml } from './feeds.js'

/**
 * Sitemaps (sitemaps.org protocol 0.9) and robots.txt (pure). One sitemap file may list at most
 * 50,000 URLs; beyond that `/sitemap.xml` becomes a sitemap index whose children cover the items
 * in fixed `doc_no` ranges (each range holds at most SITEMAP_CHUNK items, so no child overflows).
 */

/** The protocol's limit of URLs per sitemap file. */
export const SITEMAP_MAX_URLS = 50_000
/** Items per child sitemap (a doc_no range of this width). */
export const SITEMAP_CHUNK = 45_000

export interface SitemapUrl {
  loc: string
  /** YYYY-MM-DD or an ISO instant. */
  lastmod?: string | null
}

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

function lastmod(v: string | null | undefined): string | undefined {
  return v ? v.slice(0, 10) : undefined
}

/** A `<urlset>` document. */
export function renderUrlset(urls: readonly SitemapUrl[]): string {
  return renderXml(
    el(
      'urlset',
      { xmlns: NS },
      ...urls.map((u) => {
        const mod = lastmod(u.lastmod)
        return el('url', null, el('loc', null, u.loc), mod ? el('lastmod', null, mod) : null)
      }),
    ),
  )
}

/** A `<sitemapindex>` document. */
export function renderSitemapIndex(locs: readonly string[]): string {
  return renderXml(
    el('sitemapindex', { xmlns: NS }, ...locs.map((loc) => el('sitemap', null, el('loc', null, loc)))),
  )
}

/**
 * Whether everything fits in one file, and if not, how many item chunks the index lists
 * (`maxDocNo` is the largest item.doc_no in use).
 */
export function sitemapPlan(
  fixedUrls: number,
  publishedItems: number,
  maxDocNo: number,
): { single: true } | { single: false; chunks: number } {
  if (fixedUrls + publishedItems <= SITEMAP_MAX_URLS) {
    return { single: true }
  }
  return { single: false, chunks: Math.floor(maxDocNo / SITEMAP_CHUNK) + 1 }
}

/** The doc_no range [from, to) of item chunk `n` (0-based). */
export function sitemapChunkRange(n: number): { from: number; to: number } {
  return { from: n * SITEMAP_CHUNK, to: (n + 1) * SITEMAP_CHUNK }
}

/** robots.txt: everything public may be crawled; staff areas and the log-in page may not. */
export function robotsTxt(publicUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /console',
    'Disallow: /account',
    'Disallow: /login',
    'Allow: /',
    '',
    `Sitemap: ${publicUrl}/sitemap.xml`,
    '',
  ].join('\n')
}
