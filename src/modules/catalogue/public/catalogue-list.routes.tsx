import type { FastifyInstance, FastifyReply } from 'fastify'
import { Readable } from 'node:stream'
import type { AppDeps } from '../../../shared/deps.js'
import { publicPageToken } from '../../../http/session.js'
import {
  catalogueParamsSchema,
  PAGE_SIZE,
  parseLenient,
  pickedOrgan,
  RULES_GENRES,
  RULES_TOPIC,
  type CatalogueEntry,
  type CatalogueFilter,
} from './catalogue-public.js'
import {
  exportCatalogue,
  findOrganFilter,
  listItemsOfKinds,
  loadCatalogueListing,
  organByCode,
  organMapOf,
  organRef,
  type OrganMap,
} from './catalogue-public.service.js'
import { CatalogueIndexView, CatalogueView, RulesView } from './catalogue-list.views.js'
import { attachmentDisposition, CSV_BOM, csvRecord } from '../../../shared/csv.js'
import { findOrganTextBody } from '../../guide/index.js'
import type { PublicRouteContext } from './page-cache.routes.js'
import {
  LIST_PARAMS,
  codeParam,
  filterOf,
  simplePage,
  singleOrgan,
  toParams,
} from './public-shared.routes.js'

// Routes of the list pages: /catalogue, /organs/:code/catalogue (+ CSV), catalogue-index, rules.

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

/** The catalogue lists (installation-wide and per organ, with CSV), 目录 and 制度 pages. */
export function catalogueListRoutes(app: FastifyInstance, ctx: PublicRouteContext): void {
  const { deps, db, cached } = ctx
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
        {
          column: null,
          organ: pickedOrgan(request.query) ?? value.organ,
          filter,
          sort,
          page: value.page ?? 1,
          perPage: PAGE_SIZE,
        },
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
            organChoices={listing.organAmbiguous}
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
}
