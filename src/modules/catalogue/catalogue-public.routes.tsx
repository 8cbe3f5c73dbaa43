import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { Readable } from 'node:stream'
import { z } from 'zod'
import type { AppDeps } from '../../http/context.js'
import { sendPage } from '../../http/html.js'
import { DomainError, isDomainError } from '../../shared/errors.js'
import type { Organ } from '../organs/organ.js'
import {
  catalogueParamsSchema,
  FEED_SIZE,
  filterFieldsSchema,
  isTopicFilter,
  itemHref,
  organCatalogueHref,
  PAGE_SIZE,
  parseLenient,
  MAX_PAGE,
  RULES_GENRES,
  RULES_TOPIC,
  topicFilterLabel,
  type CatalogueEntry,
  type CatalogueFilter,
  type CatalogueParams,
  type CatalogueQueryInput,
} from './catalogue-public.js'
import {
  browseCatalogue,
  exportCatalogue,
  getPublicItem,
  latestItems,
  listItemsOfKinds,
  loadOrganMap,
  organByCode,
  organRef,
  publicationYears,
  searchCatalogue,
  sitemapFacts,
  sitemapItems,
  type OrganMap,
} from './catalogue-public.service.js'
import {
  CatalogueIndexView,
  CatalogueView,
  ItemView,
  RulesView,
  SearchView,
  type SearchViewHit,
} from './catalogue-public.views.js'
import { attachmentDisposition, CSV_BOM, csvRecord } from './csv.js'
import { renderAtom, renderRss, type FeedChannel, type FeedEntry } from './feeds.js'
import { findOrganTextBody } from './guide.service.js'
import { markHits, snippet } from './highlight.js'
import {
  robotsTxt,
  renderSitemapIndex,
  renderUrlset,
  sitemapChunkRange,
  sitemapPlan,
  type SitemapUrl,
} from './sitemap.js'

/** The query string as a filter; `organ` is the organ already resolved from the code (or the column's). */
function toFilter(p: CatalogueQueryInput, organ: Organ | null): CatalogueFilter {
  return {
    organIds: organ ? [organ.id] : undefined,
    topic: p.topic,
    genre: p.genre,
    year: p.year,
    art20Item: p.art20,
    validity: p.validity,
  }
}

function toParams(p: CatalogueQueryInput, organCode: string | undefined): CatalogueParams {
  return {
    organ: organCode,
    topic: p.topic,
    genre: p.genre,
    year: p.year,
    art20: p.art20,
    validity: p.validity,
    sort: p.sort,
    page: p.page,
  }
}

const CSV_HEADER = [
  '索引号',
  '名称',
  '发布机构',
  '文号',
  '成文日期',
  '发布日期',
  '主题分类',
  '体裁',
  '条例第二十条事项',
  '有效性',
  '内容概述',
  '链接',
]

function csvRow(e: CatalogueEntry, publicUrl: string): string {
  return csvRecord([
    e.indexNo,
    e.title,
    e.organ?.name,
    e.docNumber,
    e.writtenDate,
    e.publishedDate,
    e.topic,
    e.genre,
    e.art20Label,
    e.validityLabel,
    e.summary,
    publicUrl + e.href,
  ])
}

/** Streams a view as CSV (UTF-8 with BOM), walking it in batches. */
function sendCsv(
  reply: FastifyReply,
  deps: AppDeps,
  organs: OrganMap,
  filter: CatalogueFilter,
  sort: 'new' | 'old',
  fileStem: string,
): FastifyReply {
  const publicUrl = deps.config.publicUrl
  async function* chunks(): AsyncGenerator<string> {
    yield CSV_BOM + csvRecord(CSV_HEADER)
    for await (const batch of exportCatalogue(deps.db.kysely, organs, filter, sort)) {
      yield batch.map((e) => csvRow(e, publicUrl)).join('')
    }
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', attachmentDisposition(`${fileStem}.csv`, 'catalogue.csv'))
    .header('cache-control', 'no-store')
    .send(Readable.from(chunks()))
}

function singleOrgan(organ: Organ): OrganMap {
  return new Map([[organ.id, organRef(organ)]])
}

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

const simplePage = z.object({
  page: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
  ),
})

const searchSchema = z.object({
  q: z.preprocess(
    (v) => (v === undefined ? '' : v),
    z.string({ error: '检索词无效' }).max(100, { error: '检索词不能超过 100 个字' }),
  ),
  ...filterFieldsSchema,
  page: catalogueParamsSchema.shape.page,
})

/** Organ codes are matched as typed in the URL, normalised to upper case. */
function codeParam(request: FastifyRequest): string {
  return (request.params as { code: string }).code
}

/**
 * Public catalogue pages: the catalogue across the installation and per organ (with CSV export),
 * item pages, search, the 政府信息公开目录 and 政府信息公开制度 pages, feeds, sitemap and robots.txt.
 */
export function cataloguePublicRoutes(deps: AppDeps): FastifyPluginAsync {
  const db = deps.db.kysely
  const publicUrl = deps.config.publicUrl
  return async (app: FastifyInstance) => {
    app.get('/catalogue', async (request, reply) => {
      const { value, errors } = parseLenient(catalogueParamsSchema, request.query)
      const { organs, map } = await loadOrganMap(db)
      let organ: Organ | null = null
      if (value.organ) {
        organ = organs.find((o) => o.code === value.organ) ?? null
        if (!organ) {
          throw new DomainError('ORGAN_NOT_FOUND', `no organ with code ${value.organ}`)
        }
      }
      const filter = toFilter(value, organ)
      const sort = value.sort ?? 'new'
      if (value.format === 'csv') {
        return sendCsv(
          reply,
          deps,
          map,
          filter,
          sort,
          organ ? `${organ.name}政府信息目录` : '政府信息公开目录',
        )
      }
      const page = value.page ?? 1
      const [result, years] = await Promise.all([
        browseCatalogue(db, map, { filter, sort, page, perPage: PAGE_SIZE }),
        publicationYears(db, { organIds: filter.organIds }),
      ])
      return sendPage(
        reply,
        <CatalogueView
          viewer={request.viewer}
          csrfToken={request.csrfToken}
          organ={null}
          organs={organs.map(organRef)}
          params={toParams(value, organ?.code)}
          years={years}
          entries={result.entries}
          pagination={result.pagination}
          errors={errors ?? undefined}
        />,
        errors ? 422 : 200,
      )
    })

    app.get('/organs/:code/catalogue', async (request, reply) => {
      const organ = await organByCode(db, codeParam(request))
      const { value, errors } = parseLenient(catalogueParamsSchema, request.query)
      const filter = toFilter(value, organ)
      const sort = value.sort ?? 'new'
      const map = singleOrgan(organ)
      if (value.format === 'csv') {
        return sendCsv(reply, deps, map, filter, sort, `${organ.name}法定主动公开内容`)
      }
      const page = value.page ?? 1
      const [result, years] = await Promise.all([
        browseCatalogue(db, map, { filter, sort, page, perPage: PAGE_SIZE }),
        publicationYears(db, { organIds: [organ.id] }),
      ])
      return sendPage(
        reply,
        <CatalogueView
          viewer={request.viewer}
          csrfToken={request.csrfToken}
          organ={organ}
          organs={[organRef(organ)]}
          params={toParams(value, undefined)}
          years={years}
          entries={result.entries}
          pagination={result.pagination}
          errors={errors ?? undefined}
        />,
        errors ? 422 : 200,
      )
    })

    app.get('/organs/:code/catalogue-index', async (request, reply) => {
      const organ = await organByCode(db, codeParam(request))
      const page = simplePage.safeParse(request.query).data?.page ?? 1
      const result = await browseCatalogue(db, singleOrgan(organ), {
        filter: { organIds: [organ.id] },
        sort: 'new',
        page,
        perPage: PAGE_SIZE,
      })
      return sendPage(
        reply,
        <CatalogueIndexView
          viewer={request.viewer}
          csrfToken={request.csrfToken}
          organ={organ}
          entries={result.entries}
          pagination={result.pagination}
        />,
      )
    })

    app.get('/organs/:code/rules', async (request, reply) => {
      const organ = await organByCode(db, codeParam(request))
      const page = simplePage.safeParse(request.query).data?.page ?? 1
      const [result, intro] = await Promise.all([
        listItemsOfKinds(db, organ, RULES_TOPIC, RULES_GENRES, page, PAGE_SIZE),
        findOrganTextBody(db, organ.id, 'rules_intro'),
      ])
      return sendPage(
        reply,
        <RulesView
          viewer={request.viewer}
          csrfToken={request.csrfToken}
          organ={organ}
          intro={intro}
          entries={result.entries}
          pagination={result.pagination}
        />,
      )
    })

    // A 索引号 contains '/', so the item reference is the rest of the path, encoded or not.
    app.get('/items/*', async (request, reply) => {
      const ref = (request.params as { '*': string })['*']
      const { item, organ } = await getPublicItem(db, ref)
      return sendPage(
        reply,
        <ItemView viewer={request.viewer} csrfToken={request.csrfToken} item={item} organ={organ} />,
      )
    })

    app.get('/search', async (request, reply) => {
      const { value, errors } = parseLenient(searchSchema, request.query)
      const { organs, map } = await loadOrganMap(db)
      const organ = value.organ ? (organs.find((o) => o.code === value.organ) ?? null) : null
      const fieldErrors: Record<string, string[]> = { ...(errors ?? {}) }
      if (value.organ && !organ) {
        fieldErrors.organ = ['没有这个机关']
      }
      const params: CatalogueParams = {
        ...toParams({ ...value, sort: undefined, format: undefined }, organ?.code),
      }
      const q = value.q.trim()
      const base = {
        viewer: request.viewer,
        csrfToken: request.csrfToken,
        q: errors?.q ? '' : value.q,
        params,
        organs: organs.map(organRef),
        years: await publicationYears(db, {}),
      }
      if (Object.keys(fieldErrors).length > 0) {
        return sendPage(
          reply,
          <SearchView
            {...base}
            hits={null}
            pagination={null}
            errors={fieldErrors}
            message={fieldErrors.q ? fieldErrors.q.join('；') : '检索条件有误，请检查标出的项目。'}
          />,
          422,
        )
      }
      if (q === '') {
        return sendPage(
          reply,
          <SearchView
            {...base}
            hits={null}
            pagination={null}
            message="请输入检索词，例如文件名称中的词语、文号或机关名称。两个字的词（如“广电”）也可以检索。"
          />,
        )
      }
      try {
        const result = await searchCatalogue(db, deps.search, map, {
          q,
          filter: toFilter({ ...value, sort: undefined, page: undefined, format: undefined }, organ),
          page: value.page ?? 1,
          perPage: PAGE_SIZE,
        })
        const hits: SearchViewHit[] = result.hits.map((h) => {
          const s = snippet(h.text, q, 160)
          const segments = [...s.segments]
          if (s.cutStart) {
            segments.unshift({ text: '…', hit: false })
          }
          if (s.cutEnd) {
            segments.push({ text: '…', hit: false })
          }
          return { entry: h.entry, title: markHits(h.entry.title, q), snippet: segments }
        })
        return sendPage(reply, <SearchView {...base} hits={hits} pagination={result.pagination} />)
      } catch (err) {
        if (isDomainError(err) && err.code === 'SEARCH_QUERY_INVALID') {
          return sendPage(
            reply,
            <SearchView
              {...base}
              hits={null}
              pagination={null}
              errors={{ q: ['检索词中没有可检索的文字'] }}
              message="检索词中没有可检索的文字，请输入汉字、字母或数字。"
            />,
            422,
          )
        }
        throw err
      }
    })

    // ─── feeds ──────────────────────────────────────────────────────────────────────────────

    for (const format of ['rss', 'atom'] as const) {
      app.get(`/organs/:code/feed.${format}`, async (request, reply) => {
        const organ = await organByCode(db, codeParam(request))
        const entries = await latestItems(db, singleOrgan(organ), { organIds: [organ.id] }, FEED_SIZE)
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
      const { map } = await loadOrganMap(db)
      const entries = await latestItems(db, map, { topic }, FEED_SIZE)
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

    // ─── sitemap and robots.txt ─────────────────────────────────────────────────────────────

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
      const facts = await sitemapFacts(db)
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
        const facts = await sitemapFacts(db)
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
}
