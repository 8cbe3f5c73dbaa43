import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formStrings, isFormError, parseId } from '../../http/forms.js'
import { sendPage } from '../../http/html.js'
import type { Viewer } from '../../shared/actor.js'
import type { AppDeps } from '../../shared/deps.js'
import { DomainError } from '../../shared/errors.js'
import { adminOrganChoices, organFieldText, readOrganChoice, type FormValues } from '../organs/index.js'
import { viewerActor } from '../access/index.js'
import { requireAdministrator } from '../access/index.js'
import { NewUserPage, UserPage, UsersPage, type GrantOrganField, type UserNotice } from './user.views.js'
import {
  createUser,
  getUserForAdmin,
  grantRole,
  listUsersWithGrants,
  resetPassword,
  revokeRole,
  setDisabled,
} from './users.service.js'

const GRANT_KEYS = ['role', 'includeSubtree'] as const

/** Field errors of the grant form, the service's `organId` shown at the organ field. */
function grantErrors(err: DomainError | undefined): DomainError['fields'] {
  const f = err?.fields
  return f ? { ...f, organ: [...(f.organ ?? []), ...(f.organId ?? [])] } : undefined
}

const noticeQuery = z
  .object({ done: z.enum(['created', 'granted', 'revoked', 'disabled', 'enabled', 'reset']).optional() })
  .catch({})

/** Console pages for staff accounts and their roles (administrators). */
export function userRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const now = () => deps.clock.now().toISOString()

    app.get('/console/users', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const users = await listUsersWithGrants(deps, viewerActor(viewer))
      return sendPage(
        reply,
        <UsersPage viewer={viewer} csrfToken={request.csrfToken} users={users} now={now()} />,
      )
    })

    const showNewForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      values: FormValues,
      organ: GrantOrganField,
      err?: DomainError,
    ) => {
      const choices = await adminOrganChoices(deps.db.kysely, viewerActor(viewer), 'grant')
      return sendPage(
        reply,
        <NewUserPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          values={values}
          errors={grantErrors(err)}
          message={err?.userMessage}
          organ={{ ...organ, suggestions: choices.suggestions }}
          roleOptional={choices.global}
        />,
        err ? 422 : 200,
      )
    }

    /**
     * The organ of a grant form (the text field `organ`, or an id posted as `organId` by a
     * script), among the organs the administrator manages. Unknown or ambiguous: the field's
     * error, nothing saved; an id out of reach goes on to the service, which refuses it (403).
     */
    const readGrantOrgan = async (
      viewer: Viewer,
      body: unknown,
    ): Promise<
      | { id: string; field: GrantOrganField; error?: undefined }
      | { error: DomainError; field: GrantOrganField }
    > => {
      const b = (body ?? {}) as Record<string, unknown>
      const choices = await adminOrganChoices(deps.db.kysely, viewerActor(viewer), 'grant')
      const posted = 'organ' in b ? null : typeof b.organId === 'string' ? b.organId : ''
      const text = posted ?? organFieldText(b, 'organ')
      const r = await readOrganChoice(deps.db.kysely, text, {
        reach: choices.reach,
        label: '机关',
        optional: true,
      })
      if (r.outside && posted !== null) {
        return { id: r.outside.id, field: { text: '' } }
      }
      if (r.error !== null) {
        const error = new DomainError('REQUEST_INVALID', `grant organ "${text}": ${r.error}`, {
          fields: { organ: [r.error] },
          userMessage: '未授予角色：请确认机关。',
        })
        return { error, field: { text: r.text, choices: r.choices } }
      }
      return { id: r.organ?.id ?? '', field: { text: r.text } }
    }

    app.get('/console/users/new', async (request, reply) => {
      const viewer = requireAdministrator(request)
      return showNewForm(request, reply, viewer, {}, { text: '' })
    })

    app.post('/console/users', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const values = formStrings(request.body, ['username', 'displayName', 'password', ...GRANT_KEYS])
      const role = values.role ?? ''
      const organ = await readGrantOrgan(viewer, request.body)
      if (organ.error) {
        return showNewForm(request, reply, viewer, { ...values, password: '' }, organ.field, organ.error)
      }
      const organId = organ.id
      try {
        const created = await createUser(deps, viewerActor(viewer), {
          username: values.username ?? '',
          displayName: values.displayName ?? '',
          password: values.password ?? '',
          grants:
            role === '' && organId === ''
              ? []
              : [{ role, organId, includeSubtree: values.includeSubtree === '1' }],
        })
        return await showUser(request, reply, viewer, created.user.id, {
          notice: 'created',
          password: created.generated ? created.password : undefined,
        })
      } catch (err) {
        if (isFormError(err, request)) {
          // The password is never sent back to the browser.
          return showNewForm(request, reply, viewer, { ...values, password: '' }, organ.field, err)
        }
        throw err
      }
    })

    const showUser = async (
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      userId: string,
      extra: {
        notice?: UserNotice | undefined
        password?: string | undefined
        grantValues?: FormValues
        grantOrgan?: GrantOrganField
        grantErrors?: DomainError
        passwordErrors?: DomainError
      } = {},
    ) => {
      const actor = viewerActor(viewer)
      const { user } = await getUserForAdmin(deps, actor, userId)
      const choices = await adminOrganChoices(deps.db.kysely, actor, 'grant')
      const failed = extra.grantErrors ?? extra.passwordErrors
      if (extra.password) {
        // A page carrying a temporary password must not be kept by any cache.
        void reply.header('cache-control', 'no-store')
      }
      return sendPage(
        reply,
        <UserPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          user={user}
          now={now()}
          grantOrgan={{ ...(extra.grantOrgan ?? { text: '' }), suggestions: choices.suggestions }}
          notice={extra.notice}
          password={extra.password}
          grantValues={extra.grantValues}
          grantErrors={grantErrors(extra.grantErrors)}
          passwordErrors={extra.passwordErrors?.fields}
          message={failed ? `${failed.userMessage}` : undefined}
        />,
        failed ? 422 : 200,
      )
    }

    app.get('/console/users/:id', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const { done } = noticeQuery.parse(request.query)
      return showUser(request, reply, viewer, parseId(request.params), { notice: done })
    })

    app.post('/console/users/:id/grants', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const id = parseId(request.params)
      const values = formStrings(request.body, GRANT_KEYS)
      const organ = await readGrantOrgan(viewer, request.body)
      if (organ.error) {
        // The account must be one this administrator may see before any form is shown again.
        return showUser(request, reply, viewer, id, {
          grantValues: values,
          grantOrgan: organ.field,
          grantErrors: organ.error,
        })
      }
      try {
        await grantRole(deps, viewerActor(viewer), id, {
          role: values.role ?? '',
          organId: organ.id,
          includeSubtree: values.includeSubtree === '1',
        })
      } catch (err) {
        if (isFormError(err, request)) {
          return showUser(request, reply, viewer, id, {
            grantValues: values,
            grantOrgan: organ.field,
            grantErrors: err,
          })
        }
        throw err
      }
      return reply.redirect(`/console/users/${id}?done=granted`, 303)
    })

    app.post('/console/users/:id/grants/:grantId/revoke', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const { id, grantId } = z
        .object({ id: z.string().regex(/^[\w-]{1,64}$/), grantId: z.string().regex(/^[\w-]{1,64}$/) })
        .catch({ id: '', grantId: '' })
        .parse(request.params)
      if (!id || !grantId) {
        throw new DomainError('NOT_FOUND', 'malformed id')
      }
      await revokeRole(deps, viewerActor(viewer), id, grantId)
      return reply.redirect(`/console/users/${id}?done=revoked`, 303)
    })

    app.post('/console/users/:id/password', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const id = parseId(request.params)
      const { password } = formStrings(request.body, ['password'])
      try {
        const result = await resetPassword(deps, viewerActor(viewer), id, password ?? '')
        return await showUser(request, reply, viewer, id, {
          notice: 'reset',
          password: result.generated ? result.password : undefined,
        })
      } catch (err) {
        if (isFormError(err, request)) {
          return showUser(request, reply, viewer, id, { passwordErrors: err })
        }
        throw err
      }
    })

    app.post('/console/users/:id/disabled', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const id = parseId(request.params)
      const body = z.object({ disabled: z.enum(['0', '1']) }).safeParse(request.body ?? {})
      if (!body.success) {
        throw new DomainError('REQUEST_INVALID', 'disabled must be 0 or 1')
      }
      const disabled = body.data.disabled === '1'
      await setDisabled(deps, viewerActor(viewer), id, disabled)
      return reply.redirect(`/console/users/${id}?done=${disabled ? 'disabled' : 'enabled'}`, 303)
    })
  }
}
