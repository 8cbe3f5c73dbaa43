import type { FastifyInstance, FastifyReply } from 'fastify'
import { DomainError } from '../../../shared/errors.js'
import {
  FEED_SIZE,
  isTopicFilter,
  organCatalogueHref,
  topicFilterLabel,
  type CatalogueEntry,
} from './catalogue-public.js'
import { latestItems, organByCode } from './catalogue-public.service.js'
import { renderAtom, renderRss, type FeedChannel, type FeedEntry } from './feeds.js'
import type { PublicRouteContext } from './page-cache.routes.js'
import { codeParam, singleOrgan } from './public-shared.routes.js'

function feedEntries(entries: readonly CatalogueEntry[], publicUrl: string): FeedEntry[] {
  return entries.map((e) => ({
    id: e.id,
    title: e.title,
    url: publicUrl + e.href,
    summary: e.summary,
    published: e.publishedAt ?? e.publishedDate ?? e.updatedAt,
    updated: e.updatedAt,
    author: e.organ?.name ?? '',
    category: e.topicLabel,
  }))
}

function sendFeed(
  reply: FastifyReply,
  format: 'rss' | 'atom',
  channel: FeedChannel,
  entries: FeedEntry[],
): FastifyReply {
  const body = format === 'rss' ? renderRss(channel, entries) : renderAtom(channel, entries)
  return reply
    .type(format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8')
    .header('cache-control', 'public, max-age=300')
    .send(body)
}

/** RSS and Atom feeds per organ and per topic. */
export function feedRoutes(app: FastifyInstance, ctx: PublicRouteContext): void {
  const { deps, db, publicUrl } = ctx
  for (const format of ['rss', 'atom'] as const) {
    app.get(`/organs/:code/feed.${format}`, async (request, reply) => {
      const organ = await organByCode(db, codeParam(request))
      const entries = await latestItems(db, { organIds: [organ.id] }, FEED_SIZE, singleOrgan(organ))
      const page = publicUrl + organCatalogueHref(organ.code)
      return sendFeed(
        reply,
        format,
        {
          title: `${organ.name} 政府信息公开`,
          description: `${organ.name}最新主动公开的政府信息`,
          pageUrl: page,
          selfUrl: `${publicUrl}/organs/${encodeURIComponent(organ.code)}/feed.${format}`,
          id: `${publicUrl}/organs/${encodeURIComponent(organ.code)}/feed.${format}`,
          generatedAt: deps.clock.now().toISOString(),
        },
        feedEntries(entries, publicUrl),
      )
    })
  }

  app.get('/feeds/topic/:file', async (request, reply) => {
    const file = (request.params as { file: string }).file
    const m = /^(.+)\.(rss|atom)$/.exec(file)
    if (!m || !isTopicFilter(m[1] as string)) {
      throw new DomainError('NOT_FOUND', `no topic feed ${file}`)
    }
    const topic = m[1] as string
    const format = m[2] as 'rss' | 'atom'
    const entries = await latestItems(db, { topic }, FEED_SIZE)
    const self = `${publicUrl}/feeds/topic/${encodeURIComponent(topic)}.${format}`
    return sendFeed(
      reply,
      format,
      {
        title: `主题分类：${topicFilterLabel(topic)}`,
        description: `本平台主题分类为“${topicFilterLabel(topic)}”的最新政府信息`,
        pageUrl: `${publicUrl}/catalogue?${new URLSearchParams({ topic }).toString()}`,
        selfUrl: self,
        id: self,
        generatedAt: deps.clock.now().toISOString(),
      },
      feedEntries(entries, publicUrl),
    )
  })
}
