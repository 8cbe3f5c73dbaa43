import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { AppDeps } from './shared/deps.js'
import type { TrustProxy } from './config.js'
import { registerInputGuard } from './http/input.js'
import { registerErrorHandling, rewriteBadUrl, sendBadUrl } from './http/errors.js'
import { loggerOptions } from './http/logging.js'
import { registerSecurityHeaders } from './http/security-headers.js'
import { registerSession } from './http/session.js'
import { authRoutes } from './modules/auth/routes.js'
import { itemRoutes } from './modules/catalogue/items/routes.js'
import { attachmentRoutes } from './modules/catalogue/attachments/routes.js'
import { apiRoutes } from './modules/catalogue/api/routes.js'
import { cataloguePublicRoutes } from './modules/catalogue/public/routes.js'
import { guideRoutes } from './modules/guide/routes.js'
import { auditRoutes } from './modules/audit/routes.js'
import { calendarRoutes } from './modules/calendar/routes.js'
import { requestConsoleRoutes } from './modules/requests/console/routes.js'
import { requestPublicRoutes } from './modules/requests/public/routes.js'
import { consoleRoutes } from './modules/console/routes.js'
import { outboxRoutes } from './modules/notifications/routes.js'
import { siteRoutes } from './modules/site/routes.js'
import { organRoutes } from './modules/organs/routes.js'
import { userRoutes } from './modules/users/routes.js'

/** Fastify's `trustProxy` for the configured proxies (a hop count trusts the nearest N hops). */
function trustProxyOption(tp: TrustProxy): boolean | string[] | ((addr: string, hop: number) => boolean) {
  return typeof tp === 'number' ? (_addr, hop) => hop < tp : tp
}

export interface BuildAppOptions {
  /** false silences logs (tests); a stream receives JSON lines (tests); default: stdout, pretty in development. */
  logger?: false | { level: string; stream?: NodeJS.WritableStream }
}

/** Builds the HTTP app without listening, so tests can `inject` requests. */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const logging =
    options.logger === false
      ? { logger: false }
      : loggerOptions(
          options.logger
            ? { ...options.logger, pretty: false }
            : { level: deps.config.logLevel, pretty: !deps.config.production },
        )
  const app = Fastify({
    ...logging,
    // Malformed percent-encoding in the path (`/items/%E4%B8`): the site's 400 page, not raw JSON.
    rewriteUrl: (req) => rewriteBadUrl(req.url ?? '/'),
    frameworkErrors: (err, request, reply) => {
      void sendBadUrl(err, request, reply)
    },
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
  })
  await registerSecurityHeaders(app, { hsts: deps.config.hsts })
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
  await app.register(requestPublicRoutes(deps))
  await app.register(requestConsoleRoutes(deps))
  await app.register(outboxRoutes(deps))
  return app
}
