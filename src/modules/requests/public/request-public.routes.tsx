import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formStrings, isFormError } from '../../../http/forms.js'
import { sendPage } from '../../../http/html.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError } from '../../../shared/errors.js'
import { newToken } from '../../../shared/ids.js'
import { organResolutionMessage, resolveOrganText, type Organ } from '../../organs/index.js'
import {
  applicantStatus,
  findForApplicant,
  INTAKE_FIELD_LABELS,
  submitWebRequest,
  type IntakeValues,
} from '../cases/index.js'
import { ChooseOrganPage, PublicRequestFormPage } from './request-form.views.js'
import { ApplicantStatusPage, ReceiptPage, StatusLookupPage } from './request-status.views.js'

const FIELDS = [...Object.keys(INTAKE_FIELD_LABELS), 'idempotencyKey'] as const
const organQuery = z.object({ organ: z.string().max(200).optional() }).catch({})

/**
 * The public side of requests (no account): the form (条例 Art. 29), the acknowledgement shown
 * only after the request committed, and the status page behind the tracking number and secret.
 * Submissions are rate-limited per address; a double-clicked submit returns the same receipt.
 */
export function requestPublicRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const resolve = async (q: string): Promise<{ organ: Organ } | { message: string | null }> => {
      const r = await resolveOrganText(deps.db.kysely, q)
      return r.kind === 'found' ? { organ: r.organ } : { message: q ? organResolutionMessage(r, q) : null }
    }

    const form = (
      request: FastifyRequest,
      reply: FastifyReply,
      organ: Organ,
      values: IntakeValues,
      err?: DomainError,
    ) =>
      sendPage(
        reply,
        <PublicRequestFormPage
          viewer={request.viewer}
          csrfToken={request.csrfToken}
          organ={organ}
          idempotencyKey={values.idempotencyKey ?? newToken(18)}
          values={values}
          errors={err?.fields}
          message={err?.userMessage}
        />,
        err ? 422 : 200,
      )

    app.get('/requests/new', async (request, reply) => {
      const q = organQuery.parse(request.query).organ?.trim() ?? ''
      const r = await resolve(q)
      if ('message' in r) {
        return sendPage(reply, <ChooseOrganPage viewer={request.viewer} q={q} message={r.message} />)
      }
      return form(request, reply, r.organ, {})
    })

    app.post(
      '/requests/new',
      { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const q = organQuery.parse(request.query).organ?.trim() ?? ''
        const r = await resolve(q)
        if ('message' in r) {
          throw new DomainError('ORGAN_NOT_FOUND', `organ ${q}`)
        }
        const values = formStrings(request.body, FIELDS) as IntakeValues & { idempotencyKey?: string }
        try {
          const ack = await submitWebRequest(deps, {
            organId: r.organ.id,
            values,
            idempotencyKey: values.idempotencyKey,
          })
          return sendPage(
            reply,
            <ReceiptPage
              viewer={request.viewer}
              row={ack.request}
              organName={r.organ.name}
              secret={ack.secret}
              duplicate={ack.duplicate}
            />,
            ack.duplicate ? 200 : 201,
          )
        } catch (err) {
          if (isFormError(err, request)) {
            return form(request, reply, r.organ, values, err)
          }
          throw err
        }
      },
    )

    app.get('/requests/status', async (request, reply) =>
      sendPage(reply, <StatusLookupPage viewer={request.viewer} csrfToken={request.csrfToken} tracking="" />),
    )

    app.post(
      '/requests/status',
      { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const v = formStrings(request.body, ['tracking', 'secret'])
        try {
          const row = await findForApplicant(deps, v.tracking ?? '', v.secret ?? '')
          return sendPage(
            reply,
            <ApplicantStatusPage viewer={request.viewer} status={await applicantStatus(deps, row)} />,
          )
        } catch (err) {
          if (err instanceof DomainError && err.code === 'REQUEST_SECRET_INVALID') {
            return sendPage(
              reply,
              <StatusLookupPage
                viewer={request.viewer}
                csrfToken={request.csrfToken}
                tracking={v.tracking ?? ''}
                message={err.userMessage}
              />,
              404,
            )
          }
          throw err
        }
      },
    )
  }
}
