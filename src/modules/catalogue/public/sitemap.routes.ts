import type { FastifyInstance, FastifyReply } from 'fastify'
import { DomainError } from '../../../shared/errors.js'
import type { Organ } from '../../organs/index.js'
import { itemHref } from './catalogue-public.js'
import { catalogueStamp, sitemapFacts, sitemapItems } from './catalogue-public.service.js'
import {
  robotsTxt,
  renderSitemapIndex,
  renderUrlset,
  sitemapChunkRange,
  sitemapPlan,
  type SitemapUrl,
} from './sitemap.js'
import type { PublicRouteContext } from './page-cache.routes.js'

/** sitemap.xml (an index of chunks beyond 50,000 URLs) and robots.txt. */
export function sitemapRoutes(app: FastifyInstance, ctx: PublicRouteContext): void {
  const { deps, db, publicUrl } = ctx
  const organUrls = (organs: readonly Organ[]): SitemapUrl[] => [
    { loc: `${publicUrl}/` },
    { loc: `${publicUrl}/catalogue` },
    ...organs.flatMap((o) => {
      const base = `${publicUrl}/organs/${encodeURIComponent(o.code)}`
      return ['', '/guide', '/rules', '/catalogue', '/catalogue-index'].map((s) => ({ loc: base + s }))
    }),
  ]
  const itemUrls = (rows: Awaited<ReturnType<typeof sitemapItems>>): SitemapUrl[] =>
    rows.map((r) => ({ loc: publicUrl + itemHref(r), lastmod: r.updated_at }))
  const sendXml = (reply: FastifyReply, body: string) =>
    reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body)

  app.get('/sitemap.xml', async (_request, reply) => {
    const facts = await sitemapFacts(db, await catalogueStamp(deps.db))
    const fixed = organUrls(facts.organs)
    const plan = sitemapPlan(fixed.length, facts.publishedItems, facts.maxDocNo)
    if (plan.single) {
      const items = await sitemapItems(db, 0, facts.maxDocNo + 1)
      return sendXml(reply, renderUrlset([...fixed, ...itemUrls(items)]))
    }
    const locs = [`${publicUrl}/sitemaps/organs.xml`]
    for (let n = 0; n < plan.chunks; n++) {
      locs.push(`${publicUrl}/sitemaps/items-${n}.xml`)
    }
    return sendXml(reply, renderSitemapIndex(locs))
  })

  app.get('/sitemaps/:file', async (request, reply) => {
    const file = (request.params as { file: string }).file
    if (file === 'organs.xml') {
      const facts = await sitemapFacts(db, await catalogueStamp(deps.db))
      return sendXml(reply, renderUrlset(organUrls(facts.organs)))
    }
    const m = /^items-(\d{1,6})\.xml$/.exec(file)
    if (!m) {
      throw new DomainError('NOT_FOUND', `no sitemap ${file}`)
    }
    const { from, to } = sitemapChunkRange(Number(m[1]))
    return sendXml(reply, renderUrlset(itemUrls(await sitemapItems(db, from, to))))
  })

  app.get('/robots.txt', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(robotsTxt(publicUrl)),
  )
}
