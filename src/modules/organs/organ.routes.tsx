import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formStrings, isFormError, parseId } from '../../http/forms.js'
import { sendPage } from '../../http/html.js'
import type { Viewer } from '../../shared/actor.js'
import type { AppDeps } from '../../shared/deps.js'
import { DomainError } from '../../shared/errors.js'
import { requireAdministrator, viewerActor } from '../access/index.js'
import { adminOrganChoices } from './organ-choice.service.js'
import { organFieldText } from './organ-field.views.js'
import { organSuggestion, readOrganChoice } from './organ-lookup.service.js'
import { adminScopeFor, organsByIds } from './organ-tree.service.js'
import { organForest, type Organ, type OrganInput } from './organ.js'
import { createOrgan, getOrganById, organTreeForAdmin, updateOrgan } from './organ.service.js'
import {
  OrganFormPage,
  organFormValues,
  OrgansPage,
  type FormValues,
  type OrganNotice,
} from './organ.views.js'

const ORGAN_FORM_KEYS = [
  'name',
  'shortName',
  'kind',
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
function organInput(values: FormValues, parentId: string): OrganInput {
  return { ...values, parentId, name: values.name ?? '', code: values.code ?? '' }
}

/** The parent field as shown: what was typed (or the parent's 名称（代码）), its error and choices. */
interface ParentField {
  text: string
  choices?: Organ[] | undefined
}

/** The parent field of an organ being shown (its current parent, or the ?parent= of "新增下级"). */
async function parentFieldOf(deps: AppDeps, parentId: string | null | undefined): Promise<ParentField> {
  if (!parentId) {
    return { text: '' }
  }
  const [parent] = await organsByIds(deps.db.kysely, [parentId])
  return { text: parent ? organSuggestion(parent) : '' }
}

/** Console pages for the organ tree: list, add, edit (administrators). */
export function organRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const db = deps.db.kysely

    app.get('/console/organs', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const { tree, scope } = await organTreeForAdmin(db, viewerActor(viewer))
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

    /** The form again (or first), with the parent field's suggestions for this administrator. */
    const showForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      form: { organ?: Organ; values: FormValues; parent: ParentField; err?: DomainError | undefined },
    ) => {
      const choices = await adminOrganChoices(db, viewerActor(viewer), 'place')
      if (!form.organ && !choices.global && choices.reach?.paths.length === 0) {
        throw new DomainError('FORBIDDEN', `${viewer.username} may not add organs anywhere`)
      }
      const err = form.err
      const errors = err?.fields
        ? { ...err.fields, parent: [...(err.fields.parent ?? []), ...(err.fields.parentId ?? [])] }
        : undefined
      return sendPage(
        reply,
        <OrganFormPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          organ={form.organ}
          values={form.values}
          errors={errors}
          message={err?.userMessage}
          parent={{
            ...form.parent,
            suggestions: choices.suggestions,
            topLevelAllowed: choices.global || (form.organ !== undefined && form.organ.parentId === null),
          }}
        />,
        err ? 422 : 200,
      )
    }

    /**
     * The parent the form names (the text field `parent`, or an id posted as `parentId` by a
     * script), within where the administrator may place organs; an organ being edited may keep
     * its current parent. Unknown or ambiguous: the field's error, nothing saved. An id out of
     * reach goes on to the service, which refuses it (403).
     */
    const readParent = async (
      viewer: Viewer,
      body: unknown,
      editing?: Organ,
    ): Promise<{ id: string; error?: undefined } | { error: DomainError; field: ParentField }> => {
      const b = (body ?? {}) as Record<string, unknown>
      const choices = await adminOrganChoices(db, viewerActor(viewer), 'place')
      const posted = 'parent' in b ? null : typeof b.parentId === 'string' ? b.parentId : ''
      const text = posted ?? organFieldText(b, 'parent')
      const r = await readOrganChoice(db, text, {
        reach: choices.reach,
        label: '上级机关',
        optional: choices.global || (editing !== undefined && editing.parentId === null),
        alsoAllowed: editing?.parentId ? [editing.parentId] : [],
      })
      if (r.outside && posted !== null) {
        return { id: r.outside.id }
      }
      if (r.error !== null) {
        const error = new DomainError('ORGAN_PARENT_INVALID', `parent "${text}": ${r.error}`, {
          fields: { parent: [r.error] },
          userMessage: '机关信息未保存：请确认上级机关。',
        })
        return { error, field: { text: r.text, choices: r.choices } }
      }
      return { id: r.organ?.id ?? '' }
    }
    const typedParent = (body: unknown): ParentField => ({
      text: organFieldText(body as Record<string, unknown> | undefined, 'parent'),
    })

    app.get('/console/organs/new', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const q = z
        .object({ parent: z.string().max(64).optional() })
        .catch({})
        .parse(request.query)
      return showForm(request, reply, viewer, {
        values: { kind: q.parent ? 'department' : 'government' },
        parent: await parentFieldOf(deps, q.parent),
      })
    })

    app.post('/console/organs', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const values = formStrings(request.body, ORGAN_FORM_KEYS)
      const parent = await readParent(viewer, request.body)
      if (parent.error) {
        return showForm(request, reply, viewer, { values, parent: parent.field, err: parent.error })
      }
      try {
        const organ = await createOrgan(deps, viewerActor(viewer), organInput(values, parent.id))
        return reply.redirect(`/console/organs?created=${organ.id}`, 303)
      } catch (err) {
        if (isFormError(err, request)) {
          return showForm(request, reply, viewer, { values, parent: typedParent(request.body), err })
        }
        throw err
      }
    })

    /** The organ, if the administrator may edit it. @throws ORGAN_NOT_FOUND, FORBIDDEN */
    const editableOrgan = async (viewer: Viewer, id: string): Promise<Organ> => {
      const organ = await getOrganById(db, id)
      const scope = await adminScopeFor(db, viewerActor(viewer), [organ.id])
      if (!scope.global && !scope.organs.has(organ.id)) {
        throw new DomainError('FORBIDDEN', `${viewer.username} may not edit organ ${organ.id}`)
      }
      return organ
    }

    app.get('/console/organs/:id/edit', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const organ = await editableOrgan(viewer, parseId(request.params))
      return showForm(request, reply, viewer, {
        organ,
        values: organFormValues(organ),
        parent: await parentFieldOf(deps, organ.parentId),
      })
    })

    app.post('/console/organs/:id/edit', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const id = parseId(request.params)
      const values = formStrings(request.body, ORGAN_FORM_KEYS)
      const version = z.coerce.number().int().min(1).safeParse(values.version)
      if (!version.success) {
        throw new DomainError('REQUEST_INVALID', 'organ form without a version')
      }
      const organ = await editableOrgan(viewer, id)
      const parent = await readParent(viewer, request.body, organ)
      if (parent.error) {
        return showForm(request, reply, viewer, { organ, values, parent: parent.field, err: parent.error })
      }
      try {
        await updateOrgan(deps, viewerActor(viewer), id, version.data, organInput(values, parent.id))
        return reply.redirect(`/console/organs?updated=${id}`, 303)
      } catch (err) {
        if (isFormError(err, request)) {
          return showForm(request, reply, viewer, {
            organ: await getOrganById(db, id),
            values,
            parent: typedParent(request.body),
            err,
          })
        }
        throw err
      }
    })
  }
}
