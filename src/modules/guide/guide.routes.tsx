import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../shared/deps.js'
import { requireViewer } from '../../http/guards.js'
import { sendPage } from '../../http/html.js'
import { isDomainError, ValidationError } from '../../shared/errors.js'
import { organAncestorIds } from '../organs/index.js'
import { hasRoleOn } from '../access/index.js'
import { GUIDE_EDITOR_ROLES, type OrganTextKind } from './guide.js'
import { loadGuide } from './guide.service.js'
import { actOnOrganText, loadOrganTextForEdit } from './organ-text.service.js'
import { GuideView } from './guide.views.js'
import { OrganTextEditView } from './organ-text.views.js'
import { TEXT_ACTIONS, type TextAction } from './text-review.js'

function codeParam(request: FastifyRequest): string {
  return (request.params as { code: string }).code
}

function isTextAction(s: unknown): s is TextAction {
  return typeof s === 'string' && (TEXT_ACTIONS as readonly string[]).includes(s)
}

/** The 政府信息公开指南 page and the staff editor (with review) of an organ's column texts. */
export function guideRoutes(deps: AppDeps): FastifyPluginAsync {
  const db = deps.db.kysely
  return async (app: FastifyInstance) => {
    app.get('/organs/:code/guide', async (request, reply) => {
      const guide = await loadGuide(deps, codeParam(request))
      const mayEdit =
        request.viewer !== null &&
        hasRoleOn(
          request.viewer,
          GUIDE_EDITOR_ROLES,
          guide.organ.id,
          await organAncestorIds(db, guide.organ.id),
        )
      return sendPage(
        reply,
        <GuideView viewer={request.viewer} csrfToken={request.csrfToken} guide={guide} mayEdit={mayEdit} />,
      )
    })

    const editors: Array<[string, OrganTextKind]> = [
      ['guide', 'guide'],
      ['rules-intro', 'rules_intro'],
    ]
    for (const [path, kind] of editors) {
      app.get(`/console/organs/:code/${path}`, async (request, reply) => {
        const viewer = requireViewer(request)
        const text = await loadOrganTextForEdit(db, viewer, codeParam(request), kind)
        const done = (request.query as { done?: string }).done
        return sendPage(
          reply,
          <OrganTextEditView
            viewer={viewer}
            csrfToken={request.csrfToken}
            text={text}
            done={isTextAction(done) ? done : undefined}
          />,
        )
      })

      const act = async (
        request: FastifyRequest,
        reply: FastifyReply,
        action: TextAction,
      ): Promise<FastifyReply> => {
        const viewer = requireViewer(request)
        const code = codeParam(request)
        const body = (request.body ?? {}) as { body?: unknown; version?: unknown; comment?: unknown }
        try {
          await actOnOrganText(deps, viewer, code, kind, action, body)
        } catch (err) {
          const conflict = isDomainError(err) && err.code === 'CONFLICT'
          if (err instanceof ValidationError || conflict) {
            const current = await loadOrganTextForEdit(db, viewer, code, kind)
            const submitted = action === 'save' && typeof body.body === 'string' ? body.body : undefined
            return sendPage(
              reply,
              <OrganTextEditView
                viewer={viewer}
                csrfToken={request.csrfToken}
                text={current}
                {...(submitted === undefined ? {} : { body: submitted })}
                errors={err instanceof ValidationError ? err.fields : { body: ['他人已修改此内容'] }}
                message={
                  conflict
                    ? '此内容已被他人修改或已进入下一环节，您的操作未生效。页面已载入最新版本；请核对后再试。'
                    : '提交的内容有误，请检查标出的字段。'
                }
              />,
              conflict ? 409 : 422,
            )
          }
          throw err
        }
        return reply.redirect(`/console/organs/${encodeURIComponent(code)}/${path}?done=${action}`, 303)
      }

      app.post(`/console/organs/:code/${path}`, (request, reply) => act(request, reply, 'save'))
      app.post(`/console/organs/:code/${path}/review`, (request, reply) => {
        const action = (request.body as { action?: unknown } | undefined)?.action
        if (!isTextAction(action) || action === 'save') {
          throw new ValidationError({ action: ['请选择要办理的操作'] })
        }
        return act(request, reply, action)
      })
    }
  }
}
