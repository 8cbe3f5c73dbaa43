import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../../shared/deps.js'
import { parseInput } from '../../../shared/validation.js'
import {
  API_MAX_PER_PAGE,
  apiDetail,
  apiSummary,
  filterFieldsSchema,
  MAX_PAGE,
  type CatalogueFilter,
} from '../public/index.js'
import {
  browseCatalogue,
  catalogueStamp,
  getPublicItem,
  organByCode,
  searchCatalogue,
} from '../public/index.js'
import { openApiDocument } from './openapi.js'

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v)

const listSchema = z.object({
  ...filterFieldsSchema,
  q: z.preprocess(
    blank,
    z.string({ error: '检索词无效' }).trim().max(100, { error: '检索词不能超过 100 个字' }).optional(),
  ),
  sort: z.preprocess(blank, z.enum(['new', 'old'], { error: 'sort 应为 new 或 old' }).optional()),
  page: z.preprocess(
    blank,
    z.coerce
      .number({ error: '页码应为正整数' })
      .int({ error: '页码应为正整数' })
      .min(1, { error: '页码应为正整数' })
      .max(MAX_PAGE, { error: `页码不能超过 ${MAX_PAGE}` })
      .default(1),
  ),
  per_page: z.preprocess(
    blank,
    z.coerce
      .number({ error: `每页条数应为 1 至 ${API_MAX_PER_PAGE} 的整数` })
      .int({ error: `每页条数应为 1 至 ${API_MAX_PER_PAGE} 的整数` })
      .min(1, { error: `每页条数应为 1 至 ${API_MAX_PER_PAGE} 的整数` })
      .max(API_MAX_PER_PAGE, { error: `每页条数应为 1 至 ${API_MAX_PER_PAGE} 的整数` })
      .default(20),
  ),
})

/** Open data is for everyone: any origin may read it (GET only; no cookies are used). */
function openData(reply: FastifyReply): FastifyReply {
  return reply
    .header('access-control-allow-origin', '*')
    .header('cache-control', 'public, max-age=60')
    .type('application/json; charset=utf-8')
}

/**
 * The read-only open-data API: published items only, pinned public fields (presenters in
 * catalogue-public.ts), errors as {"error":{"code","message","fields"}} (http/errors.tsx).
 */
export function apiRoutes(deps: AppDeps): FastifyPluginAsync {
  const db = deps.db.kysely
  const publicUrl = deps.config.publicUrl
  return async (app: FastifyInstance) => {
    app.get('/api/v1/items', async (request, reply) => {
      const p = parseInput(listSchema, request.query ?? {})
      // The API takes organ codes only; an unknown code is a 404 (ORGAN_NOT_FOUND).
      const organIds = p.organ ? [(await organByCode(db, p.organ)).id] : undefined
      const filter: CatalogueFilter = {
        organIds,
        topic: p.topic,
        genre: p.genre,
        year: p.year,
        art20Item: p.art20,
        validity: p.validity,
      }
      if (p.q) {
        const r = await searchCatalogue(db, deps.search, {
          q: p.q,
          filter,
          page: p.page,
          perPage: p.per_page,
        })
        return openData(reply).send({
          items: r.hits.map((h) => apiSummary(h.entry, publicUrl)),
          total: r.pagination.total,
          total_is_lower_bound: r.pagination.totalIsLowerBound,
          page: p.page,
          per_page: p.per_page,
        })
      }
      const r = await browseCatalogue(
        db,
        {
          filter,
          sort: p.sort ?? 'new',
          page: p.page,
          perPage: p.per_page,
        },
        await catalogueStamp(deps.db),
      )
      return openData(reply).send({
        items: r.entries.map((e) => apiSummary(e, publicUrl)),
        total: r.pagination.total,
        total_is_lower_bound: false,
        page: p.page,
        per_page: p.per_page,
      })
    })

    app.get('/api/v1/items/*', async (request, reply) => {
      const ref = (request.params as { '*': string })['*']
      const { item } = await getPublicItem(db, ref, await catalogueStamp(deps.db))
      return openData(reply).send(apiDetail(item, publicUrl))
    })

    app.get('/api/v1/openapi.json', async (_request, reply) =>
      openData(reply).send(openApiDocument(publicUrl)),
    )
  }
}
