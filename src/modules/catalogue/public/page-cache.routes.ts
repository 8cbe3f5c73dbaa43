import type { FastifyReply, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { Kdb } from '../../../db/database.js'
import type { AppDeps } from '../../../shared/deps.js'
import { catalogueStamp } from './catalogue-public.service.js'

// The public pages' whole-page cache (anonymous visitors only), kept under the change stamp.

/**
 * Whole public pages as anonymous visitors get them, kept under the database's change stamp:
 * a hit is only served while nothing at all has changed in the database since the page was
 * made, so it is never stale — on SQLite and on PostgreSQL, also when several app processes share
 * the database (the stamp is read from the database on every request, src/db/change-stamp.ts).
 * Bounded by entries and size (lru-cache); the least recently used go first.
 */
class PageCache {
  private readonly pages: LRUCache<string, { stamp: string; body: string; type: string }>

  constructor(
    maxEntries: number,
    /** In UTF-16 code units (string length), about half the memory the strings take. */
    maxSize: number,
  ) {
    this.pages = new LRUCache({
      max: maxEntries,
      maxSize,
      sizeCalculation: (p) => Math.max(1, p.body.length),
    })
  }

  get(key: string, stamp: string): { body: string; type: string } | undefined {
    const hit = this.pages.get(key)
    if (hit && hit.stamp !== stamp) {
      this.pages.delete(key)
      return undefined
    }
    return hit
  }

  set(key: string, stamp: string, body: string, type: string): void {
    this.pages.set(key, { stamp, body, type })
  }
}

const HTML = 'text/html; charset=utf-8'

/**
 * Whether a URL may enter the page cache: only the forms a page's own links and forms produce
 * (each known parameter at most once, nothing else), so cache-busting query strings cannot push
 * real pages out. Such requests are still answered, just not kept.
 */
export function admissible(url: string, params: readonly string[]): boolean {
  const q = url.indexOf('?')
  if (q < 0) {
    return true
  }
  const seen = new Set<string>()
  for (const key of new URLSearchParams(url.slice(q + 1)).keys()) {
    if (!params.includes(key) || seen.has(key)) {
      return false
    }
    seen.add(key)
  }
  return true
}

/** Sends a page (status 200 unless `make` says otherwise) through the page cache. */
export type CachedSender = (
  request: FastifyRequest,
  reply: FastifyReply,
  params: readonly string[],
  make: (stamp: string | null) => Promise<{ page: VNode; status?: number }>,
) => Promise<FastifyReply>

/** What every public route file gets from cataloguePublicRoutes. */
export interface PublicRouteContext {
  deps: AppDeps
  db: Kdb
  publicUrl: string
  cached: CachedSender
}

/** The page cache of one app and the sender that goes through it. */
export function createCachedSender(deps: AppDeps): CachedSender {
  // Up to 20,000 pages in at most 24 M UTF-16 code units (about 48 MB of memory).
  const cache = new PageCache(20_000, 24 * 1024 * 1024)

  /**
   * Sends what `make` produces (a page, or a document with its type), from the page cache for
   * anonymous visitors when nothing has changed since it was made.
   */
  async function cached(
    request: FastifyRequest,
    reply: FastifyReply,
    params: readonly string[],
    make: (stamp: string | null) => Promise<{ page: VNode; status?: number }>,
  ): Promise<FastifyReply> {
    const stamp = await catalogueStamp(deps.db)
    const cacheable = stamp !== null && request.viewer === null && admissible(request.url, params)
    if (cacheable) {
      const hit = cache.get(request.url, stamp)
      if (hit) {
        return reply.type(hit.type).send(hit.body)
      }
    }
    const made = await make(stamp)
    const status = made.status ?? 200
    const body = `<!doctype html>${renderToString(made.page)}`
    if (cacheable && status === 200) {
      cache.set(request.url, stamp, body, HTML)
    }
    return reply.status(status).type(HTML).send(body)
  }
  return cached
}
