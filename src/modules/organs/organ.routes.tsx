import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formStrings, isFormError, parseId } from '../../http/forms.js'
import { sendPage } from '../../http/html.js'
import type { Viewer } from '../../shared/actor.js'
import type { AppDeps } from '../../shared/deps.js'
import { DomainError } from '../../shared/errors.js'
import { canPlaceOrganUnder, requireAdministrator, viewerActor, type AdminScope } from '../access/index.js'
import { descendantIds, organForest, type Organ, type OrganAtDepth, type OrganInput } from './organ.js'
import { createOrgan, getOrganById, organTreeForAdmin, updateOrgan } from './organ.service.js'
import {
  indentedName,
  OrganFormPage,
  organFormValues,
  OrgansPage,
  type FormValues,
  type OrganNotice,
  type SelectOption,
} from './organ.views.js'

const ORGAN_FORM_KEYS = [
  'name',
  'shortName',
  'kind',
  'parentId',
  'code',
  'sortOrder',
  'officeName',
  'officeAddress',
  'officePostcode',
  'officeHours',
  'officePhone',
  'officeFax',
  'officeEmail',
  'officeWeb',
  'version',
] as const

/** The organ form as the service takes it (which validates every field). */
function organInput(values: FormValues): OrganInput {
  return { ...values, name: values.name ?? '', code: values.code ?? '' }
}

/** Parents an organ may be placed under; `current` stays selectable when editing. */
function parentOptions(tree: OrganAtDepth[], scope: AdminScope, editing?: Organ): SelectOption[] {
  const excluded = editing
    ? descendantIds(
        tree.map((t) => t.organ),
        editing.id,
      ).add(editing.id)
    : new Set<string>()
  const options: SelectOption[] = []
  if (scope.global || (editing && editing.parentId === null)) {
    options.push({ value: '', label: '（无上级，顶级机关）' })
  }
  for (const t of tree) {
    const allowed = canPlaceOrganUnder(scope, t.organ.id) || t.organ.id === editing?.parentId
    if (allowed && !excluded.has(t.organ.id)) {
      options.push({ value: t.organ.id, label: indentedName(t) })
    }
  }
  return options
}

/** Console pages for the organ tree: list, add, edit (administrators). */
export function organRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/console/organs', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const { tree, scope } = await organTreeForAdmin(deps.db.kysely, viewerActor(viewer))
      const q = z
        .object({ created: z.string().optional(), updated: z.string().optional() })
        .catch({})
        .parse(request.query)
      const noticeId = q.created ?? q.updated
      const organ = noticeId ? tree.find((t) => t.organ.id === noticeId)?.organ : undefined
      const kind: OrganNotice = q.created ? 'created' : 'updated'
      return sendPage(
        reply,
        <OrgansPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          forest={organForest(tree.map((t) => t.organ))}
          scope={scope}
          count={tree.length}
          notice={organ ? { kind, organ } : undefined}
        />,
      )
    })

    const showNewForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      values: FormValues,
      err?: DomainError,
    ) => {
      const { tree, scope } = await organTreeForAdmin(deps.db.kysely, viewerActor(viewer))
      const options = parentOptions(tree, scope)
      if (options.length === 0) {
        throw new DomainError('FORBIDDEN', `${viewer.username} may not add organs anywhere`)
      }
      return sendPage(
        reply,
        <OrganFormPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          values={values}
          errors={err?.fields}
          message={err?.userMessage}
          parentOptions={options}
        />,
        err ? 422 : 200,
      )
    }

    app.get('/console/organs/new', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const q = z.object({ parent: z.string().optional() }).catch({}).parse(request.query)
      const parentId = q.parent ?? ''
      return showNewForm(request, reply, viewer, { parentId, kind: parentId ? 'department' : 'government' })
    })

    app.post('/console/organs', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const values = formStrings(request.body, ORGAN_FORM_KEYS)
      try {
        const organ = await createOrgan(deps, viewerActor(viewer), organInput(values))
        return reply.redirect(`/console/organs?created=${organ.id}`, 303)
      } catch (err) {
        if (isFormError(err, request)) {
          return showNewForm(request, reply, viewer, values, err)
        }
        throw err
      }
    })

    const showEditForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      organ: Organ,
      values: FormValues,
      err?: DomainError,
    ) => {
      const { tree, scope } = await organTreeForAdmin(deps.db.kysely, viewerActor(viewer))
      if (!scope.global && !scope.organs.has(organ.id)) {
        throw new DomainError('FORBIDDEN', `${viewer.username} may not edit organ ${organ.id}`)
      }
      return sendPage(
        reply,
        <OrganFormPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          organ={organ}
          values={values}
          errors={err?.fields}
          message={err?.userMessage}
          parentOptions={parentOptions(tree, scope, organ)}
        />,
        err ? 422 : 200,
      )
    }

    app.get('/console/organs/:id/edit', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const organ = await getOrganById(deps.db.kysely, parseId(request.params))
      return showEditForm(request, reply, viewer, organ, organFormValues(organ))
    })

    app.post('/console/organs/:id/edit', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const id = parseId(request.params)
      const values = formStrings(request.body, ORGAN_FORM_KEYS)
      const version = z.coerce.number().int().min(1).safeParse(values.version)
      if (!version.success) {
        throw new DomainError('REQUEST_INVALID', 'organ form without a version')
      }
      try {
        await updateOrgan(deps, viewerActor(viewer), id, version.data, organInput(values))
        return reply.redirect(`/console/organs?updated=${id}`, 303)
      } catch (err) {
        if (isFormError(err, request)) {
          return showEditForm(request, reply, viewer, await getOrganById(deps.db.kysely, id), values, err)
        }
        throw err
      }
    })
  }
}
