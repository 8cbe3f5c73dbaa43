import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../../shared/deps.js'
import type { Viewer } from '../../../shared/actor.js'
import { requireViewer } from '../../../http/guards.js'
import { sendPage, wantsJson } from '../../../http/html.js'
import { isDomainError, ValidationError, type ErrorCode } from '../../../shared/errors.js'
import { parseInput } from '../../../shared/validation.js'
import { listItemAttachments } from '../attachments/index.js'
import { ITEM_STATUSES } from '../catalogue.table.js'
import { organFieldText } from '../../organs/index.js'
import {
  checklistFromBody,
  EMPTY_ITEM_FORM,
  formValuesFromBody,
  itemToFormValues,
  validateItemForm,
} from './item.js'
import { draftingOrganChoice, readDraftingOrgan } from './item-organ-choice.service.js'
import { WORK_QUEUES } from './work-queues.js'
import {
  createItem,
  discardDraft,
  finalReview,
  firstReview,
  getDraftForEdit,
  getItemDetail,
  listItemsForConsole,
  setItemValidity,
  startRevision,
  submitItem,
  updateDraft,
  withdrawItem,
} from './item.service.js'
import {
  EditItemPage,
  ItemListPage,
  ItemPage,
  itemConsoleHref,
  NewItemPage,
  type ActionFailure,
} from './item.views.js'
import { DiscardConfirmPage } from './item-discard.views.js'

const listQuery = z.object({
  status: z.enum(ITEM_STATUSES).optional().catch(undefined),
  queue: z.enum(WORK_QUEUES).optional().catch(undefined),
  organ: z.string().max(64).optional(),
  title: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
})

const idParams = z.object({ id: z.string().min(1).max(64) })

const versionField = z.object({ version: z.coerce.number().int().min(1) })

/** Errors an action form shows next to itself (the item page is shown again); others go to the error page. */
const FORM_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'REQUEST_INVALID',
  'ITEM_CHECKLIST_INCOMPLETE',
  'ITEM_CHECKLIST_NOTE_MISSING',
  'ITEM_CHECKLIST_BLOCKS_PUBLICATION',
  'ITEM_CHANGED_CONCURRENTLY',
  'ITEM_REPLACEMENT_INVALID',
  'ITEM_NOT_PROACTIVE',
])

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const b = request.body
  return b && typeof b === 'object' ? (b as Record<string, unknown>) : {}
}

function str(b: Record<string, unknown>, key: string): string {
  const v = b[key]
  return typeof v === 'string' ? v : ''
}

function parseVersion(b: Record<string, unknown>): number {
  const r = versionField.safeParse(b)
  if (!r.success) {
    throw new ValidationError({ version: ['表单已过期，请刷新页面后重试'] })
  }
  return r.data.version
}

/** The separation-of-duties note on the item page. */
const DUTY_NOTE =
  '您起草、修改、提交或初审了该信息。按照职责分离的要求，您不能审核或批准它，请由其他有权限的人员办理。'

/** Console pages of proactive-disclosure items: list, drafting, review, publication. */
export function itemRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    async function showItem(
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      id: string,
      opts: { done?: string | undefined; failure?: ActionFailure; status?: number } = {},
    ) {
      const detail = await getItemDetail(deps, viewer, id)
      const attachments = await listItemAttachments(deps, viewer, id)
      return sendPage(
        reply,
        <ItemPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          detail={detail}
          done={opts.done}
          failure={opts.failure}
          dutyNote={detail.separationOfDuties ? DUTY_NOTE : null}
          attachments={attachments}
        />,
        opts.status ?? 200,
      )
    }

    /**
     * Runs an item action; on success redirects to the item page with a notice, on a form error
     * shows the page again with the message next to the form that failed.
     */
    async function act(
      request: FastifyRequest,
      reply: FastifyReply,
      form: ActionFailure['form'],
      run: (
        viewer: Viewer,
        id: string,
        body: Record<string, unknown>,
      ) => Promise<{ to?: string; done: string }>,
      keep: (body: Record<string, unknown>) => Partial<ActionFailure> = () => ({}),
    ) {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const body = bodyOf(request)
      try {
        const r = await run(viewer, id, body)
        return reply.redirect(`${itemConsoleHref(r.to ?? id)}?done=${r.done}`, 303)
      } catch (err) {
        if (
          isDomainError(err) &&
          FORM_ERRORS.has(err.code) &&
          !wantsJson(request.headers.accept, request.url)
        ) {
          const failure: ActionFailure = {
            form: err.code === 'ITEM_CHANGED_CONCURRENTLY' ? 'other' : form,
            message: err.userMessage,
            fields: err.fields,
            ...keep(body),
          }
          return showItem(request, reply, viewer, id, { failure, status: err.status })
        }
        throw err
      }
    }

    function showNew(
      request: FastifyRequest,
      reply: FastifyReply,
      page: Omit<Parameters<typeof NewItemPage>[0], 'csrfToken'>,
      status = 200,
    ) {
      return sendPage(reply, <NewItemPage {...page} csrfToken={request.csrfToken} />, status)
    }

    function showEdit(
      request: FastifyRequest,
      reply: FastifyReply,
      page: Omit<Parameters<typeof EditItemPage>[0], 'csrfToken'>,
      status = 200,
    ) {
      return sendPage(reply, <EditItemPage {...page} csrfToken={request.csrfToken} />, status)
    }

    app.get('/console/items', async (request, reply) => {
      const viewer = requireViewer(request)
      const q = parseInput(listQuery, request.query ?? {})
      const query = {
        status: q.status,
        queue: q.queue,
        organId: q.organ || undefined,
        title: q.title?.trim() || undefined,
      }
      const list = await listItemsForConsole(deps, viewer, { ...query, page: q.page })
      return sendPage(
        reply,
        <ItemListPage viewer={viewer} csrfToken={request.csrfToken} list={list} query={query} />,
      )
    })

    app.get('/console/items/new', async (request, reply) => {
      const viewer = requireViewer(request)
      const choice = await draftingOrganChoice(deps, viewer)
      const wanted = parseInput(z.object({ organ: z.string().max(64).optional() }), request.query ?? {}).organ
      const preset = choice.organs ?? choice.suggestions
      const organId = preset.find((o) => o.id === wanted)?.id ?? (choice.organs?.[0]?.id || '')
      const text =
        choice.organs === null && wanted ? (await readDraftingOrgan(deps, viewer, wanted)).text : ''
      return showNew(request, reply, {
        viewer,
        organ: { ...choice, organId, text },
        values: EMPTY_ITEM_FORM,
      })
    })

    app.post('/console/items/new', async (request, reply) => {
      const viewer = requireViewer(request)
      const choice = await draftingOrganChoice(deps, viewer)
      const body = bodyOf(request)
      const values = formValuesFromBody(body)
      // A select posts organId; the text field (many organs) posts what was typed or picked.
      const typed = choice.organs === null && 'organ' in body
      const read = typed ? await readDraftingOrgan(deps, viewer, organFieldText(body, 'organ')) : null
      const organId = read ? (read.organ?.id ?? '') : str(body, 'organId')
      const organ = { ...choice, organId, text: read?.text ?? '', choices: read?.choices }
      try {
        if (read?.error) {
          // Every field's message at once: the organ's and the form's own.
          const form = validateItemForm(values)
          throw new ValidationError({ ...(form.ok ? {} : form.fields), organ: [read.error] })
        }
        const { id } = await createItem(deps, viewer, organId, values)
        return reply.redirect(`${itemConsoleHref(id)}?done=created`, 303)
      } catch (err) {
        if (err instanceof ValidationError && !wantsJson(request.headers.accept, request.url)) {
          return showNew(request, reply, { viewer, organ, values, errors: err.fields }, 422)
        }
        throw err
      }
    })

    app.get('/console/items/:id', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const done = z
        .object({ done: z.string().max(30).optional() })
        .catch({ done: undefined })
        .parse(request.query ?? {}).done
      return showItem(request, reply, viewer, id, { done })
    })

    // An action's URL is only posted to; opening or reloading it (after an error page was shown
    // at that address) shows the item instead of a 404 (post/redirect/get).
    for (const action of ['submit', 'review/first', 'review/final', 'withdraw', 'validity', 'revise']) {
      app.get(`/console/items/:id/${action}`, async (request, reply) => {
        requireViewer(request)
        const { id } = parseInput(idParams, request.params)
        return reply.redirect(itemConsoleHref(id), 303)
      })
    }

    app.get('/console/items/:id/edit', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const detail = await getDraftForEdit(deps, viewer, id)
      return showEdit(request, reply, {
        viewer,
        detail,
        values: itemToFormValues(detail.item),
        version: detail.item.version,
      })
    })

    app.post('/console/items/:id/edit', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const body = bodyOf(request)
      const values = formValuesFromBody(body)
      try {
        await updateDraft(deps, viewer, id, parseVersion(body), values)
        return reply.redirect(`${itemConsoleHref(id)}?done=saved`, 303)
      } catch (err) {
        if (
          isDomainError(err) &&
          (err instanceof ValidationError || err.code === 'ITEM_CHANGED_CONCURRENTLY') &&
          !wantsJson(request.headers.accept, request.url)
        ) {
          const detail = await getDraftForEdit(deps, viewer, id)
          const stale = err.code === 'ITEM_CHANGED_CONCURRENTLY'
          // A stale save: the user's input is shown again, nothing is lost. The form now carries
          // the current version, so saving again deliberately replaces what the other person saved.
          return showEdit(
            request,
            reply,
            {
              viewer,
              detail,
              values,
              version: stale ? detail.item.version : Number(str(body, 'version')) || detail.item.version,
              errors: err.fields,
              message: stale
                ? `${err.userMessage} 下面保留了您填写的内容；当前已保存的名称为“${detail.item.title}”。确认无误后可再次保存以覆盖。`
                : undefined,
            },
            err.status,
          )
        }
        throw err
      }
    })

    app.post('/console/items/:id/submit', (request, reply) =>
      act(request, reply, 'submit', async (viewer, id, body) => {
        await submitItem(deps, viewer, id, parseVersion(body))
        return { done: 'submitted' }
      }),
    )

    app.get('/console/items/:id/discard', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const detail = await getItemDetail(deps, viewer, id)
      if (!detail.actions.includes('discard')) {
        return reply.redirect(itemConsoleHref(id), 303)
      }
      return sendPage(
        reply,
        <DiscardConfirmPage viewer={viewer} csrfToken={request.csrfToken} detail={detail} />,
      )
    })

    app.post('/console/items/:id/discard', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      if (
        str(bodyOf(request), 'confirm') !== 'yes' &&
        (await getItemDetail(deps, viewer, id)).actions.includes('discard')
      ) {
        // Deleting asks first (the confirmation page posts confirm=yes); who may not delete
        // gets the refusal below.
        return reply.redirect(`${itemConsoleHref(id)}/discard`, 303)
      }
      const r = await discardDraft(deps, viewer, id, parseVersion(bodyOf(request)))
      return reply.redirect(r.revisionOfId ? itemConsoleHref(r.revisionOfId) : '/console/items', 303)
    })

    const decision = (b: Record<string, unknown>): 'approve' | 'return' => {
      const d = str(b, 'decision')
      if (d !== 'approve' && d !== 'return') {
        throw new ValidationError({ decision: ['请选择“通过”或“退回”'] })
      }
      return d
    }

    app.post('/console/items/:id/review/first', (request, reply) =>
      act(
        request,
        reply,
        'first',
        async (viewer, id, body) => {
          const d = decision(body)
          await firstReview(deps, viewer, id, {
            decision: d,
            checklist: checklistFromBody(body),
            comment: str(body, 'comment'),
            expectedVersion: parseVersion(body),
          })
          return { done: d === 'approve' ? 'approve_first' : 'return_first' }
        },
        (body) => ({ checklist: checklistFromBody(body), comment: str(body, 'comment') }),
      ),
    )

    app.post('/console/items/:id/review/final', (request, reply) =>
      act(
        request,
        reply,
        'final',
        async (viewer, id, body) => {
          const d = decision(body)
          const r = await finalReview(deps, viewer, id, {
            decision: d,
            comment: str(body, 'comment'),
            expectedVersion: parseVersion(body),
          })
          return { to: r.id, done: d === 'approve' ? 'approve_final' : 'return_final' }
        },
        (body) => ({ comment: str(body, 'comment') }),
      ),
    )

    app.post('/console/items/:id/withdraw', (request, reply) =>
      act(
        request,
        reply,
        'withdraw',
        async (viewer, id, body) => {
          await withdrawItem(deps, viewer, id, parseVersion(body), str(body, 'reason'))
          return { done: 'withdrawn' }
        },
        (body) => ({ comment: str(body, 'reason') }),
      ),
    )

    app.post('/console/items/:id/validity', (request, reply) =>
      act(request, reply, 'validity', async (viewer, id, body) => {
        const validity = z.enum(['valid', 'expired', 'repealed', 'revised']).safeParse(str(body, 'validity'))
        if (!validity.success) {
          throw new ValidationError({ validity: ['请选择有效性'] })
        }
        await setItemValidity(deps, viewer, id, {
          validity: validity.data,
          date: str(body, 'date'),
          replacement: str(body, 'replacement'),
          expectedVersion: parseVersion(body),
        })
        return { done: 'validity' }
      }),
    )

    app.post('/console/items/:id/revise', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const r = await startRevision(deps, viewer, id)
      return reply.redirect(`${itemConsoleHref(r.id)}?done=revision`, 303)
    })
  }
}
