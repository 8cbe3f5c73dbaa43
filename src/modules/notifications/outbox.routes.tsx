import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { parseId } from '../../http/forms.js'
import { sendPage } from '../../http/html.js'
import { viewerActor } from '../../shared/actor.js'
import type { AppDeps } from '../../shared/deps.js'
import { requireAdministrator } from '../access/index.js'
import { outboxOverview, retryDeadMessage } from './outbox.service.js'
import { OutboxPage } from './outbox.views.js'

const noticeQuery = z.object({ done: z.enum(['retried']).optional() }).catch({})

/** The console page of the notification outbox (administrators; details and retry: global administrators). */
export function outboxRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/console/outbox', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const overview = await outboxOverview(deps, viewerActor(viewer))
      return sendPage(
        reply,
        <OutboxPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          overview={overview}
          notice={noticeQuery.parse(request.query).done}
        />,
      )
    })

    app.post('/console/outbox/:id/retry', async (request, reply) => {
      const viewer = requireAdministrator(request)
      await retryDeadMessage(deps, viewerActor(viewer), parseId(request.params))
      return reply.redirect('/console/outbox?done=retried', 303)
    })
  }
}
