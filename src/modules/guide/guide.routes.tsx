import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../shared/deps.js'
import { requireViewer } from '../../http/guards.js'
import { sendPage } from '../../http/html.js'
import { isDomainError, ValidationError } from '../../shared/errors.js'
import { organAncestorIds } from '../organs/index.js'
import { hasRoleOn } from '../access/index.js'
import { GUIDE_EDITOR_ROLES, type OrganTextKind } from './guide.js'
import { loadGuide, loadOrganTextForEdit, saveOrganText } from './guide.service.js'
import { GuideView, OrganTextEditView } from './guide.views.js'

function codeParam(request: FastifyRequest): string {
  return (request.params as { code: string }).code
}

/** The 政府信息公开指南 page and the staff editor of an organ's column texts. */
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
        const saved = (request.query as { saved?: string }).saved === '1'
        return sendPage(
          reply,
          <OrganTextEditView viewer={viewer} csrfToken={request.csrfToken} text={text} saved={saved} />,
        )
      })

      app.post(`/console/organs/:code/${path}`, async (request, reply): Promise<FastifyReply> => {
        const viewer = requireViewer(request)
        const code = codeParam(request)
        const body = (request.body ?? {}) as { body?: unknown; version?: unknown }
        try {
          await saveOrganText(deps, viewer, code, kind, body)
        } catch (err) {
          const conflict = isDomainError(err) && err.code === 'CONFLICT'
          if (err instanceof ValidationError || conflict) {
            const current = await loadOrganTextForEdit(db, viewer, code, kind)
            const submitted = typeof body.body === 'string' ? body.body : ''
            return sendPage(
              reply,
              <OrganTextEditView
                viewer={viewer}
                csrfToken={request.csrfToken}
                text={current}
                body={submitted}
                errors={err instanceof ValidationError ? err.fields : { body: ['他人已修改此内容'] }}
                message={
                  conflict
                    ? '此内容已被他人修改，您的保存未生效。下方保留了您提交的文字，页面已载入最新版本号；请核对后再次保存。'
                    : '提交的内容有误，请检查标出的字段。'
                }
              />,
              conflict ? 409 : 422,
            )
          }
          throw err
        }
        return reply.redirect(`/console/organs/${encodeURIComponent(code)}/${path}?saved=1`, 303)
      })
    }
  }
}
