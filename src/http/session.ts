import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { timingSafeEqual } from 'node:crypto'
import { resolveSession } from '../modules/auth/index.js'
import { DomainError } from '../shared/errors.js'
import { newToken } from '../shared/ids.js'
import type { AppDeps } from '../shared/deps.js'
import './context.js'

export const SESSION_COOKIE = 'gk_session'
export const ANON_CSRF_COOKIE = 'gk_csrf'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Cookie options shared by every cookie we set (HttpOnly, SameSite, Secure when configured). */
export function cookieOptions(deps: AppDeps): {
  httpOnly: true
  sameSite: 'lax'
  secure: boolean
  path: '/'
} {
  return { httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, path: '/' }
}

/**
 * Throws CSRF_INVALID unless `sent` is the request's token (the session's, or for anonymous forms
 * the double-submit cookie). Tokens never travel in a URL: they would land in the address bar,
 * the history and every log on the way.
 */
export function assertCsrf(request: FastifyRequest, sent: unknown): void {
  const expected = Buffer.from(request.csrfToken)
  const given = Buffer.from(typeof sent === 'string' ? sent : '')
  if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DomainError(
      'CSRF_INVALID',
      `csrf mismatch on ${request.method} ${request.routeOptions.url ?? ''}`,
    )
  }
}

/**
 * Route config of a multipart route that reads `_csrf` from the multipart body itself (before it
 * acts on the upload) by calling `assertCsrf`; every other multipart request needs the
 * `X-CSRF-Token` header.
 */
export const CSRF_IN_MULTIPART_BODY = { csrfInMultipartBody: true } as const

/**
 * Resolves the session cookie to a Viewer on every request and enforces CSRF on every
 * state-changing request: the `_csrf` form field (or the `X-CSRF-Token` header) must match the
 * session's token, or for anonymous forms the double-submit cookie. A `_csrf` in the query
 * string is never accepted.
 */
export function registerSession(app: FastifyInstance, deps: AppDeps): void {
  // Anonymous visitors without a token get one only when something reads request.csrfToken
  // (a page with a form, or the CSRF check of a state-changing request): public pages without a
  // form set no cookie and spend nothing on randomness. The reply the cookie goes on is kept here.
  const pending = new WeakMap<FastifyRequest, FastifyReply>()
  const tokens = new WeakMap<FastifyRequest, string>()
  app.decorateRequest('viewer', null)
  app.decorateRequest('csrfToken', {
    getter(this: FastifyRequest): string {
      const known = tokens.get(this)
      if (known !== undefined) {
        return known
      }
      const reply = pending.get(this)
      if (!reply) {
        return ''
      }
      pending.delete(this)
      const anon = newToken(24)
      void reply.setCookie(ANON_CSRF_COOKIE, anon, cookieOptions(deps))
      tokens.set(this, anon)
      return anon
    },
    setter(this: FastifyRequest, value: string): void {
      pending.delete(this)
      tokens.set(this, value)
    },
  })

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE]
    request.viewer = token ? await resolveSession(deps, token) : null
    if (token && !request.viewer) {
      void reply.clearCookie(SESSION_COOKIE, { path: '/' })
    }
    if (request.viewer) {
      request.csrfToken = request.viewer.csrfToken
    } else {
      const anon = request.cookies[ANON_CSRF_COOKIE]
      if (anon && anon.length >= 20) {
        request.csrfToken = anon
      } else {
        pending.set(request, reply)
      }
    }
  })

  app.addHook('preHandler', async (request) => {
    if (!UNSAFE.has(request.method)) {
      return
    }
    // The read-only open-data API takes no cookies and changes nothing; everything else is checked.
    const header = request.headers['x-csrf-token']
    const multipart = /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')
    if (typeof header !== 'string' && multipart) {
      const config = request.routeOptions.config as { csrfInMultipartBody?: boolean }
      if (config.csrfInMultipartBody) {
        return // the route checks the body's `_csrf` with assertCsrf before it acts
      }
    }
    const body = request.body as Record<string, unknown> | undefined
    assertCsrf(request, (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? header)
  })
}

/**
 * The CSRF token a public page needs: the signed-in staff member's (for the layout's log-out
 * form). Public pages have no form that posts for anonymous visitors, so they do not read — and
 * so do not mint — an anonymous token, and readers get no cookie.
 */
export function publicPageToken(request: FastifyRequest): string {
  return request.viewer ? request.csrfToken : ''
}
