import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/**
 * The page policy: everything from this origin only, no plugins, no <base> rewriting, forms
 * post only here, framed only by this site. Pages have no inline script or style.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  styleSrc: ["'self'"],
  scriptSrc: ["'self'"],
} as const

/** HSTS: one year (only sent when configured, i.e. in production behind HTTPS). */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60

/** Paths whose pages carry a staff member's data or a log-in form: never kept in a browser's cache. */
const PRIVATE_PATH = /^\/(console|account|login|logout)(\/|\?|$)/

/**
 * Security headers through @fastify/helmet (CSP, nosniff, frame-ancestors/X-Frame-Options,
 * referrer policy, HSTS when `hsts`), and `Cache-Control: no-store` on every console, account
 * and log-in response and on any page rendered for a signed-in viewer, so that nothing staff saw
 * stays in the browser cache after log-out (等保 2.0: residual information protection).
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: opts.hsts ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'sameorigin' },
    // Open data and attachments may be linked and embedded from other sites (条例 Art. 23/24).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  })
  app.addHook('onSend', async (request, reply) => {
    const personal = request.viewer !== null && !request.url.startsWith('/static/')
    const current = reply.getHeader('cache-control')
    if ((personal || PRIVATE_PATH.test(request.url)) && !String(current ?? '').includes('no-store')) {
      void reply.header('cache-control', 'no-store')
    }
  })
}
