import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formStrings, isFormError, parseId } from '../../http/forms.js'
import { sendPage } from '../../http/html.js'
import { viewerActor, type Viewer } from '../../shared/actor.js'
import type { AppDeps } from '../../shared/deps.js'
import type { DomainError } from '../../shared/errors.js'
import type { FormValues } from '../organs/index.js'
import { requireAdministrator } from '../access/index.js'
import { addCalendarDay, calendarOverview, removeCalendarDay } from './calendar.service.js'
import { CalendarPage, type CalendarNotice } from './calendar.views.js'

const FIELDS = ['date', 'kind', 'name', 'noticeNumber', 'noticeDate'] as const

const noticeQuery = z.object({ done: z.enum(['added', 'removed']).optional() }).catch({})

/** The console page of the working-day calendar (administrators; changes: global administrators). */
export function calendarRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      extra: { notice?: CalendarNotice | undefined; values?: FormValues; err?: DomainError } = {},
    ) => {
      const overview = await calendarOverview(deps, viewerActor(viewer))
      return sendPage(
        reply,
        <CalendarPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          overview={overview}
          notice={extra.notice}
          values={extra.values ?? {}}
          errors={extra.err?.fields}
          message={extra.err?.userMessage}
        />,
        extra.err ? 422 : 200,
      )
    }

    app.get('/console/calendar', async (request, reply) => {
      const viewer = requireAdministrator(request)
      return show(request, reply, viewer, { notice: noticeQuery.parse(request.query).done })
    })

    app.post('/console/calendar', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const values = formStrings(request.body, FIELDS)
      try {
        await addCalendarDay(deps, viewerActor(viewer), {
          date: values.date ?? '',
          kind: values.kind ?? '',
          name: values.name ?? '',
          noticeNumber: values.noticeNumber ?? '',
          noticeDate: values.noticeDate ?? '',
        })
      } catch (err) {
        if (isFormError(err, request)) {
          return show(request, reply, viewer, { values, err })
        }
        throw err
      }
      return reply.redirect('/console/calendar?done=added', 303)
    })

    app.post('/console/calendar/:id/remove', async (request, reply) => {
      const viewer = requireAdministrator(request)
      await removeCalendarDay(deps, viewerActor(viewer), parseId(request.params))
      return reply.redirect('/console/calendar?done=removed', 303)
    })
  }
}
