import type { FastifyInstance } from 'fastify'
import { publicPageToken } from '../../../http/session.js'
import { getPublicItem } from './catalogue-public.service.js'
import { ItemView } from './item-page.views.js'
import type { PublicRouteContext } from './page-cache.routes.js'

/** The public item page, by id or 索引号. */
export function itemPageRoutes(app: FastifyInstance, ctx: PublicRouteContext): void {
  const { db, cached } = ctx
  // A 索引号 contains '/', so the item reference is the rest of the path, encoded or not.
  app.get('/items/*', async (request, reply) =>
    cached(request, reply, [], async (stamp) => {
      const ref = (request.params as { '*': string })['*']
      const { item, organ } = await getPublicItem(db, ref, stamp)
      return {
        page: (
          <ItemView viewer={request.viewer} csrfToken={publicPageToken(request)} item={item} organ={organ} />
        ),
      }
    }),
  )
}
