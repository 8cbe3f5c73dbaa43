import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../shared/deps.js'
import { sendPage } from '../../http/html.js'
import { publicPageToken } from '../../http/session.js'
import { DomainError } from '../../shared/errors.js'
import { listItemsOfKinds } from '../catalogue/public/index.js'
import { loadLatestPublished, loadOrganColumn, loadOrganDirectory } from './site.service.js'
import { ApplyPage, HomePage, OrganColumnPage, ReportsPage } from './site.views.js'

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) })

/** The 体裁 of the catalogue items the 政府信息公开年报 column lists (条例 Art. 49–50). */
const REPORT_GENRES = ['年度报告'] as const
const REPORTS_PER_PAGE = 20

/** 18-char 统一社会信用代码 or 9-char 组织机构代码; anything else cannot name an organ. */
const codeParams = z.object({ code: z.string().regex(/^[0-9A-Za-z]{9}$|^[0-9A-Za-z]{18}$/) })

function parseCode(params: unknown): string {
  const parsed = codeParams.safeParse(params)
  if (!parsed.success) {
    throw new DomainError('ORGAN_NOT_FOUND', 'malformed organ code in URL')
  }
  return parsed.data.code
}

/**
 * The public site: home page with the organ directory, and each organ's disclosure column
 * (国办公开办函〔2019〕61号). The guide, rules and catalogue sections are served by the catalogue
 * module; this plugin serves the column page, 年报 and 依申请公开.
 */
export function siteRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/', async (request, reply) => {
      const [forest, latest] = await Promise.all([
        loadOrganDirectory(deps.db.kysely),
        loadLatestPublished(deps.db.kysely),
      ])
      return sendPage(
        reply,
        <HomePage
          viewer={request.viewer}
          csrfToken={publicPageToken(request)}
          forest={forest}
          latest={latest}
        />,
      )
    })

    // Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
    app.get('/favicon.ico', async (_request, reply) => reply.redirect('/static/favicon.svg', 301))

    app.get('/organs/:code', async (request, reply) => {
      const place = await loadOrganColumn(deps.db.kysely, parseCode(request.params))
      return sendPage(
        reply,
        <OrganColumnPage viewer={request.viewer} csrfToken={publicPageToken(request)} place={place} />,
      )
    })

    app.get('/organs/:code/reports', async (request, reply) => {
      const place = await loadOrganColumn(deps.db.kysely, parseCode(request.params))
      const page = pageQuery.safeParse(request.query).data?.page ?? 1
      const reports = await listItemsOfKinds(
        deps.db.kysely,
        place.organ,
        null,
        REPORT_GENRES,
        page,
        REPORTS_PER_PAGE,
      )
      return sendPage(
        reply,
        <ReportsPage
          viewer={request.viewer}
          csrfToken={publicPageToken(request)}
          place={place}
          entries={reports.entries}
          pagination={reports.pagination}
        />,
      )
    })

    app.get('/organs/:code/apply', async (request, reply) => {
      const place = await loadOrganColumn(deps.db.kysely, parseCode(request.params))
      return sendPage(
        reply,
        <ApplyPage viewer={request.viewer} csrfToken={publicPageToken(request)} place={place} />,
      )
    })
  }
}
