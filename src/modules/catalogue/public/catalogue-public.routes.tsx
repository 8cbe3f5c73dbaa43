import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { Readable } from 'node:stream'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { z } from 'zod'
import type { AppDeps } from '../../../shared/deps.js'
import { publicPageToken } from '../../../http/session.js'
import { sendPage } from '../../../http/html.js'
import { DomainError, isDomainError } from '../../../shared/errors.js'
import type { Organ } from '../../organs/index.js'
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
  catalogueStamp,
  exportCatalogue,
  findOrganFilter,
  getPublicItem,
  latestItems,
  listItemsOfKinds,
  loadCatalogueListing,
  loadSearchPage,
  organByCode,
  organMapOf,
  organRef,
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
import { attachmentDisposition, CSV_BOM, csvRecord } from '../../../shared/csv.js'
import { renderAtom, renderRss, type FeedChannel, type FeedEntry } from './feeds.js'
import { findOrganTextBody } from '../../guide/index.js'
import { markHits, snippet } from '../body/index.js'
import {
  robotsTxt,
  renderSitemapIndex,
  renderUrlset,
  sitemapChunkRange,
  sitemapPlan,
  type SitemapUrl,
} from './sitemap.js'

/**
 * Whole public pages as anonymous visitors get them, kept under the database's change stamp:
 * a hit is only served while nothing at all has changed in the database since the page was
 * made, so it is never stale. Engines without an exact stamp (PostgreSQL) get no page cache.
 * Bounded by entries and bytes; the least recently used go first.
 */
class PageCache {
  private readonly pages = new Map<string, { stamp: string; body: string; type: string }>()
  private bytes = 0

  constructor(
    private readonly maxEntries: number,
    /** In UTF-16 code units (string length), about half the memory the strings take. */
    private readonly maxBytes: number,
  ) {}

  get(key: string, stamp: string): { body: string; type: string } | undefined {
    const hit = this.pages.get(key)
    if (!hit) {
      return undefined
    }
    this.pages.delete(key)
    if (hit.stamp !== stamp) {
      this.bytes -= hit.body.length
      return undefined
    }
    this.pages.set(key, hit)
    return hit
  }

  set(key: string, stamp: string, body: string, type: string): void {
    const old = this.pages.get(key)
    if (old) {
      this.pages.delete(key)
      this.bytes -= old.body.length
    }
    while (
      this.pages.size > 0 &&
      (this.pages.size >= this.maxEntries || this.bytes + body.length > this.maxBytes)
    ) {
      const [oldestKey, oldest] = this.pages.entries().next().value as [string, { body: string }]
      this.pages.delete(oldestKey)
      this.bytes -= oldest.body.length
    }
    this.pages.set(key, { stamp, body, type })
    this.bytes += body.length
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

const LIST_PARAMS = ['organ', 'topic', 'genre', 'year', 'art20', 'validity', 'sort', 'page'] as const

/** The query string's filters (the organ is resolved separately). */
function filterOf(p: CatalogueQueryInput): Omit<CatalogueFilter, 'organIds'> {
  return { topic: p.topic, genre: p.genre, year: p.year, art20Item: p.art20, validity: p.validity }
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
  organs: OrganMap | undefined,
  filter: CatalogueFilter,
  sort: 'new' | 'old',
  fileStem: string,
): FastifyReply {
  const publicUrl = deps.config.publicUrl
  async function* chunks(): AsyncGenerator<string> {
    yield CSV_BOM + csvRecord(CSV_HEADER)
    for await (const batch of exportCatalogue(deps.db.kysely, filter, sort, organs)) {
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
  return organMapOf([organRef(organ)])
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
    const stamp = catalogueStamp(deps.db)
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

  return async (app: FastifyInstance) => {
    app.get('/catalogue', async (request, reply) => {
      const { value, errors } = parseLenient(catalogueParamsSchema, request.query)
      const filter = filterOf(value)
      const sort = value.sort ?? 'new'
      if (value.format === 'csv' && !errors) {
        const organ = value.organ ? await findOrganFilter(db, value.organ) : null
        if (!value.organ || organ) {
          return sendCsv(
            reply,
            deps,
            organ ? organMapOf([organ]) : undefined,
            { ...filter, organIds: organ ? [organ.id] : undefined },
            sort,
            organ ? `${organ.name}政府信息目录` : '政府信息公开目录',
          )
        }
      }
      return cached(request, reply, LIST_PARAMS, async (stamp) => {
        const listing = await loadCatalogueListing(
          db,
          { column: null, organ: value.organ, filter, sort, page: value.page ?? 1, perPage: PAGE_SIZE },
          stamp,
        )
        const fieldErrors = listing.organError ? { ...(errors ?? {}), organ: [listing.organError] } : errors
        return {
          page: (
            <CatalogueView
              viewer={request.viewer}
              csrfToken={publicPageToken(request)}
              organ={null}
              organs={listing.choices}
              organText={listing.organ?.name ?? value.organ}
              params={toParams(value, listing.organ?.code)}
              years={listing.years}
              entries={listing.entries}
              pagination={listing.pagination}
              errors={fieldErrors ?? undefined}
            />
          ),
          status: fieldErrors ? 422 : 200,
        }
      })
    })

    app.get('/organs/:code/catalogue', async (request, reply) => {
      const { value, errors } = parseLenient(catalogueParamsSchema, request.query)
      const filter = filterOf(value)
      const sort = value.sort ?? 'new'
      if (value.format === 'csv') {
        const organ = await organByCode(db, codeParam(request))
        return sendCsv(
          reply,
          deps,
          singleOrgan(organ),
          { ...filter, organIds: [organ.id] },
          sort,
          `${organ.name}法定主动公开内容`,
        )
      }
      return cached(request, reply, LIST_PARAMS, async (stamp) => {
        const organ = await organByCode(db, codeParam(request))
        const listing = await loadCatalogueListing(
          db,
          { column: organ, filter, sort, page: value.page ?? 1, perPage: PAGE_SIZE },
          stamp,
        )
        return {
          page: (
            <CatalogueView
              viewer={request.viewer}
              csrfToken={publicPageToken(request)}
              organ={organ}
              organs={[organRef(organ)]}
              params={toParams(value, undefined)}
              years={listing.years}
              entries={listing.entries}
              pagination={listing.pagination}
              errors={errors ?? undefined}
            />
          ),
          status: errors ? 422 : 200,
        }
      })
    })

    app.get('/organs/:code/catalogue-index', async (request, reply) =>
      cached(request, reply, ['page'], async (stamp) => {
        const organ = await organByCode(db, codeParam(request))
        const page = simplePage.safeParse(request.query).data?.page ?? 1
        const listing = await loadCatalogueListing(
          db,
          { column: organ, filter: {}, sort: 'new', page, perPage: PAGE_SIZE },
          stamp,
        )
        return {
          page: (
            <CatalogueIndexView
              viewer={request.viewer}
              csrfToken={publicPageToken(request)}
              organ={organ}
              entries={listing.entries}
              pagination={listing.pagination}
            />
          ),
        }
      }),
    )

    app.get('/organs/:code/rules', async (request, reply) =>
      cached(request, reply, ['page'], async (stamp) => {
        const organ = await organByCode(db, codeParam(request))
        const page = simplePage.safeParse(request.query).data?.page ?? 1
        const result = await listItemsOfKinds(db, organ, RULES_TOPIC, RULES_GENRES, page, PAGE_SIZE, stamp)
        const intro = await findOrganTextBody(db, organ.id, 'rules_intro')
        return {
          page: (
            <RulesView
              viewer={request.viewer}
              csrfToken={publicPageToken(request)}
              organ={organ}
              intro={intro}
              entries={result.entries}
              pagination={result.pagination}
            />
          ),
        }
      }),
    )

    // A 索引号 contains '/', so the item reference is the rest of the path, encoded or not.
    app.get('/items/*', async (request, reply) =>
      cached(request, reply, [], async (stamp) => {
        const ref = (request.params as { '*': string })['*']
        const { item, organ } = await getPublicItem(db, ref, stamp)
        return {
          page: (
            <ItemView
              viewer={request.viewer}
              csrfToken={publicPageToken(request)}
              item={item}
              organ={organ}
            />
          ),
        }
      }),
    )

    app.get('/search', async (request, reply) => {
      const { value, errors } = parseLenient(searchSchema, request.query)
      const q = value.q.trim()
      const filter = filterOf({ ...value, sort: undefined, format: undefined })
      let data
      let invalidQuery = false
      try {
        data = await loadSearchPage(db, deps.search, {
          q,
          organ: value.organ,
          filter,
          page: value.page ?? 1,
          perPage: PAGE_SIZE,
          formOk: errors === null,
        })
      } catch (err) {
        if (!(isDomainError(err) && err.code === 'SEARCH_QUERY_INVALID')) {
          throw err
        }
        invalidQuery = true
        data = await loadSearchPage(db, deps.search, {
          q: '',
          organ: value.organ,
          filter,
          page: 1,
          perPage: PAGE_SIZE,
          formOk: false,
        })
      }
      const fieldErrors: Record<string, string[]> = { ...(errors ?? {}) }
      if (data.organError) {
        fieldErrors.organ = [data.organError]
      }
      if (invalidQuery) {
        fieldErrors.q = ['检索词中没有可检索的文字']
      }
      const props = {
        viewer: request.viewer,
        csrfToken: publicPageToken(request),
        q: errors?.q ? '' : value.q,
        params: toParams({ ...value, sort: undefined, format: undefined }, data.organ?.code),
        organs: data.choices,
        organText: data.organ?.name ?? value.organ,
        years: data.years,
      }
      if (Object.keys(fieldErrors).length > 0) {
        const message = invalidQuery
          ? '检索词中没有可检索的文字，请输入汉字、字母或数字。'
          : fieldErrors.q
            ? fieldErrors.q.join('；')
            : '检索条件有误，请检查标出的项目。'
        return sendPage(
          reply,
          <SearchView {...props} hits={null} pagination={null} errors={fieldErrors} message={message} />,
          422,
        )
      }
      if (!data.results) {
        return sendPage(
          reply,
          <SearchView
            {...props}
            hits={null}
            pagination={null}
            message="请输入检索词，例如文件名称中的词语、文号或机关名称。两个字的词（如“广电”）也可以检索。"
          />,
        )
      }
      const hits: SearchViewHit[] = data.results.hits.map((h) => {
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
      return sendPage(reply, <SearchView {...props} hits={hits} pagination={data.results.pagination} />)
    })

    // ─── feeds ──────────────────────────────────────────────────────────────────────────────

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
