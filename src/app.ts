import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { AppDeps } from './shared/deps.js'
import type { TrustProxy } from './config.js'
import { registerErrorHandling } from './http/errors.js'
import { registerInputGuard } from './http/input.js'
import { registerSession } from './http/session.js'
import { authRoutes } from './modules/auth/routes.js'
import { itemRoutes } from './modules/catalogue/items/routes.js'
import { attachmentRoutes } from './modules/catalogue/attachments/routes.js'
import { apiRoutes } from './modules/catalogue/api/routes.js'
import { cataloguePublicRoutes } from './modules/catalogue/public/routes.js'
import { guideRoutes } from './modules/guide/routes.js'
import { auditRoutes } from './modules/audit/routes.js'
import { calendarRoutes } from './modules/calendar/routes.js'
import { consoleRoutes } from './modules/console/routes.js'
import { siteRoutes } from './modules/site/routes.js'
import { organRoutes } from './modules/organs/routes.js'
import { userRoutes } from './modules/users/routes.js'

/** Fastify's `trustProxy` for the configured proxies (a hop count trusts the nearest N hops). */
function trustProxyOption(tp: TrustProxy): boolean | string[] | ((addr: string, hop: number) => boolean) {
  return typeof tp === 'number' ? (_addr, hop) => hop < tp : tp
}

export interface BuildAppOptions {
  /** Pino logger options, or false to silence logs (tests). */
  logger?: boolean | { level: string }
}

/** Builds the HTTP app without listening, so tests can `inject` requests. */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: deps.config.logLevel },
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID()
    },
    requestIdHeader: false,
    // Only configured proxies may set X-Forwarded-For (TRUST_PROXY; default: nobody).
    trustProxy: trustProxyOption(deps.config.trustProxy),
    bodyLimit: 2 * 1024 * 1024,
  })
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id)
    void reply.header('x-content-type-options', 'nosniff')
    void reply.header('x-frame-options', 'SAMEORIGIN')
    void reply.header('referrer-policy', 'same-origin')
    if (!reply.hasHeader('content-security-policy')) {
      void reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'",
      )
    }
  })
  registerErrorHandling(app)
  registerInputGuard(app)
  await app.register(cookie)
  await app.register(formbody)
  await app.register(rateLimit, { global: false })
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('./http/static/', import.meta.url)),
    prefix: '/static/',
    maxAge: '1h',
  })
  registerSession(app, deps)
  await app.register(authRoutes(deps))
  await app.register(itemRoutes(deps))
  await app.register(attachmentRoutes(deps))
  await app.register(cataloguePublicRoutes(deps))
  await app.register(guideRoutes(deps))
  await app.register(apiRoutes(deps))
  await app.register(siteRoutes(deps))
  await app.register(consoleRoutes(deps))
  await app.register(auditRoutes(deps))
  await app.register(organRoutes(deps))
  await app.register(userRoutes(deps))
  await app.register(calendarRoutes(deps))
  return app
}
