import type { FastifyReply } from 'fastify'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

/** Renders a page component (escaped by default) and sends it as HTML. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`)
}

/** True when the client asked for JSON rather than a page. */
export function wantsJson(accept: string | undefined, url: string): boolean {
  if (url.startsWith('/api/')) {
    return true
  }
  if (!accept) {
    return false
  }
  return accept.includes('application/json') && !accept.includes('text/html')
}
