import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { AppDeps } from '../../../shared/deps.js'
import { catalogueListRoutes } from './catalogue-list.routes.js'
import { feedRoutes } from './feeds.routes.js'
import { itemPageRoutes } from './item-page.routes.js'
import { createCachedSender, type PublicRouteContext } from './page-cache.routes.js'
import { searchPageRoutes } from './search-page.routes.js'
import { sitemapRoutes } from './sitemap.routes.js'

export { admissible } from './page-cache.routes.js'

/**
 * Public catalogue pages, one file per page: the catalogue across the installation and per organ
 * with CSV export, the 政府信息公开目录 and 政府信息公开制度 pages (catalogue-list.routes.tsx), item
 * pages, search, feeds, sitemap and robots.txt. HTML pages for anonymous visitors go through the
 * page cache (page-cache.ts).
 */
export function cataloguePublicRoutes(deps: AppDeps): FastifyPluginAsync {
  const ctx: PublicRouteContext = {
    deps,
    db: deps.db.kysely,
    publicUrl: deps.config.publicUrl,
    cached: createCachedSender(deps),
  }
  return async (app: FastifyInstance) => {
    catalogueListRoutes(app, ctx)
    itemPageRoutes(app, ctx)
    searchPageRoutes(app, ctx)
    feedRoutes(app, ctx)
    sitemapRoutes(app, ctx)
  }
}
