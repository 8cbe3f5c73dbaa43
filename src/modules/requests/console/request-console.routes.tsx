import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formStrings, isFormError, parseId } from '../../../http/forms.js'
import { requireViewer } from '../../../http/guards.js'
import { sendPage } from '../../../http/html.js'
import { viewerActor, type Viewer } from '../../../shared/actor.js'
import { attachmentDisposition, toCsv } from '../../../shared/csv.js'
import type { AppDeps } from '../../../shared/deps.js'
import { DomainError } from '../../../shared/errors.js'
import { organsByIds, organsWithRoleIn } from '../../organs/index.js'
import {
  APPLICANT_TYPE_LABELS,
  approveReply,
  assignHandler,
  confirmReceipt,
  correctionLapsed,
  decide,
  extendDeadline,
  feeLapsed,
  INTAKE_FIELD_LABELS,
  QUEUES,
  recordConsultationReply,
  recordCorrection,
  recordFeePaid,
  recordStaffRequest,
  recordWithdrawal,
  REQUEST_ACTIONS,
  requestCorrection,
  requestDetail,
  requestQueues,
  reviewReply,
  sendFeeNotice,
  sendReply,
  startConsultation,
  STATUS_LABELS,
  transferRequest,
  waiveFee,
  type ApplicantType,
  type RequestAction,
  type RequestStatus,
  type StepInput,
} from '../cases/index.js'
import { RequestDetailPage, RequestQueuePage, StaffRecordPage, maskedName } from './request-console.views.js'

const queueQuery = z
  .object({
    queue: z.enum(QUEUES).catch('all'),
    page: z.coerce.number().int().min(1).max(10_000).catch(1),
    mine: z.string().optional(),
  })
  .catch({ queue: 'all', page: 1 })
const detailQuery = z.object({ reveal: z.string().optional(), done: z.string().optional() }).catch({})
const STEP_FIELDS = [
  'date', 'note', 'handlerId', 'department', 'matters', 'deadline', 'kind', 'party', 'consultationId',
  'opinion', 'days', 'reason', 'method', 'quantity', 'earlier', 'outcome', 'linkedItems',
  'responsibleOrgan', 'piiReason', 'proof', 'organCode',
] as const // prettier-ignore

type Step = (
  deps: AppDeps,
  actor: ReturnType<typeof viewerActor>,
  id: string,
  input: StepInput,
) => Promise<unknown>
const STEPS: Record<RequestAction, Step> = {
  confirm: confirmReceipt,
  assign: assignHandler,
  request_correction: requestCorrection,
  record_correction: recordCorrection,
  correction_lapsed: correctionLapsed,
  consult: startConsultation,
  consultation_reply: recordConsultationReply,
  extend: extendDeadline,
  fee_notice: sendFeeNotice,
  fee_paid: recordFeePaid,
  fee_waived: waiveFee,
  fee_lapsed: feeLapsed,
  decide,
  approve_officer: (d, a, id, i) => reviewReply(d, a, id, 'approve', i),
  approve_leader: approveReply,
  return: (d, a, id, i) => reviewReply(d, a, id, 'return', i),
  send: sendReply,
  withdraw: recordWithdrawal,
  transfer: transferRequest,
}

/** Staff pages of requests: the queues, recording a request, one request with its actions. */
export function requestConsoleRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const staffOrgans = async (viewer: Viewer) => {
      const { ids } = await organsWithRoleIn(deps.db.kysely, viewer.grants, [
        'officer',
        'handler',
        'office_head',
      ])
      return (await organsByIds(deps.db.kysely, [...ids].slice(0, 500))).map((o) => ({
        id: o.id,
        name: o.name,
      }))
    }

    app.get('/console/requests', async (request, reply) => {
      const viewer = requireViewer(request)
      const q = queueQuery.parse(request.query)
      const page = await requestQueues(deps, viewerActor(viewer), {
        queue: q.queue,
        page: q.page,
        mine: q.mine === '1',
      })
      return sendPage(reply, <RequestQueuePage viewer={viewer} page={page} mine={q.mine === '1'} />)
    })

    app.get('/console/requests.csv', async (request, reply) => {
      const viewer = requireViewer(request)
      const q = queueQuery.parse(request.query)
      const page = await requestQueues(deps, viewerActor(viewer), {
        queue: q.queue,
        page: 1,
        pageSize: 10_000,
      })
      const csv = toCsv(
        ['查询码', '机关', '申请人', '申请人类型', '所需信息', '收到日期', '答复期限', '状态', '办结日期'],
        page.rows.map((r) => [
          r.tracking_number,
          r.organ_name,
          maskedName(r.applicant_name),
          APPLICANT_TYPE_LABELS[r.applicant_type as ApplicantType],
          r.description,
          r.received_date ?? '',
          r.due_date ?? '',
          STATUS_LABELS[r.status as RequestStatus],
          r.closed_date ?? '',
        ]),
      )
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          attachmentDisposition(`依申请公开-${q.queue}.csv`, `requests-${q.queue}.csv`),
        )
        .send(csv)
    })

    const recordForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      values: Record<string, string | undefined>,
      err?: DomainError,
    ) =>
      sendPage(
        reply,
        <StaffRecordPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          organs={await staffOrgans(viewer)}
          values={values}
          errors={err?.fields}
          message={err?.userMessage}
        />,
        err ? 422 : 200,
      )

    app.get('/console/requests/new', async (request, reply) => {
      const viewer = requireViewer(request)
      return recordForm(request, reply, viewer, {})
    })

    app.post('/console/requests/new', async (request, reply) => {
      const viewer = requireViewer(request)
      const values = formStrings(request.body, [...Object.keys(INTAKE_FIELD_LABELS), 'organId'])
      try {
        const ack = await recordStaffRequest(deps, viewerActor(viewer), {
          organId: values.organId ?? '',
          values,
        })
        return reply.redirect(`/console/requests/${ack.request.id}?done=recorded`, 303)
      } catch (err) {
        if (isFormError(err, request)) {
          return recordForm(request, reply, viewer, values, err)
        }
        throw err
      }
    })

    const detail = async (
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      id: string,
      extra: { reveal?: boolean; done?: string | undefined; err?: DomainError } = {},
    ) =>
      sendPage(
        reply,
        <RequestDetailPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          detail={await requestDetail(deps, viewerActor(viewer), id, { reveal: extra.reveal ?? false })}
          done={extra.done}
          message={extra.err?.userMessage}
        />,
        extra.err ? 422 : 200,
      )

    app.get('/console/requests/:id', async (request, reply) => {
      const viewer = requireViewer(request)
      const q = detailQuery.parse(request.query)
      return detail(request, reply, viewer, parseId(request.params), {
        reveal: q.reveal === '1',
        done: q.done,
      })
    })

    app.post('/console/requests/:id/:action', async (request, reply) => {
      const viewer = requireViewer(request)
      const params = z
        .object({ id: z.string().regex(/^[\w-]{1,64}$/), action: z.enum(REQUEST_ACTIONS) })
        .safeParse(request.params)
      if (!params.success) {
        throw new DomainError('NOT_FOUND', `no such request action ${request.url}`)
      }
      const { id, action } = params.data
      const input = formStrings(request.body, STEP_FIELDS) as StepInput
      try {
        await STEPS[action](deps, viewerActor(viewer), id, input)
      } catch (err) {
        if (isFormError(err, request)) {
          return detail(request, reply, viewer, id, { err })
        }
        throw err
      }
      return reply.redirect(`/console/requests/${id}?done=${action}`, 303)
    })
  }
}
