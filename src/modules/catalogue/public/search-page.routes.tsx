import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { publicPageToken } from '../../../http/session.js'
import { sendPage } from '../../../http/html.js'
import { isDomainError } from '../../../shared/errors.js'
import {
  catalogueParamsSchema,
  filterFieldsSchema,
  PAGE_SIZE,
  parseLenient,
  pickedOrgan,
} from './catalogue-public.js'
import { catalogueStamp, loadSearchPage } from './catalogue-public.service.js'
import { SearchView, type SearchViewHit } from './search-page.views.js'
import { markHits, snippet } from '../body/index.js'
import type { PublicRouteContext } from './page-cache.routes.js'
import { filterOf, toParams } from './public-shared.routes.js'

const searchSchema = z.object({
  q: z.preprocess(
    (v) => (v === undefined ? '' : v),
    z.string({ error: '检索词无效' }).max(100, { error: '检索词不能超过 100 个字' }),
  ),
  ...filterFieldsSchema,
  page: catalogueParamsSchema.shape.page,
})

/** The search results page. */
export function searchPageRoutes(app: FastifyInstance, ctx: PublicRouteContext): void {
  const { deps, db } = ctx
  app.get('/search', async (request, reply) => {
    const { value, errors } = parseLenient(searchSchema, request.query)
    const q = value.q.trim()
    const filter = filterOf({ ...value, sort: undefined, format: undefined })
    // Read before the queries: counts and choices are kept under it (see catalogueStamp).
    const stamp = await catalogueStamp(deps.db)
    let data
    let invalidQuery = false
    try {
      data = await loadSearchPage(
        db,
        deps.search,
        {
          q,
          organ: pickedOrgan(request.query) ?? value.organ,
          filter,
          page: value.page ?? 1,
          perPage: PAGE_SIZE,
          formOk: errors === null,
        },
        stamp,
      )
    } catch (err) {
      if (!(isDomainError(err) && err.code === 'SEARCH_QUERY_INVALID')) {
        throw err
      }
      invalidQuery = true
      data = await loadSearchPage(
        db,
        deps.search,
        {
          q: '',
          organ: pickedOrgan(request.query) ?? value.organ,
          filter,
          page: 1,
          perPage: PAGE_SIZE,
          formOk: false,
        },
        stamp,
      )
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
      organChoices: data.organAmbiguous,
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
}
