import type { Viewer } from '../shared/actor.js'

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null
    /** Token to embed in every state-changing form (hidden field `_csrf`). */
    csrfToken: string
  }
}
