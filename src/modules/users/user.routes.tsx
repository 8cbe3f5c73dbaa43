import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formStrings, isFormError, parseId } from '../../http/forms.js'
import { sendPage } from '../../http/html.js'
import type { Viewer } from '../../shared/actor.js'
import type { AppDeps } from '../../shared/deps.js'
import { DomainError } from '../../shared/errors.js'
import type { OrganAtDepth } from '../organs/index.js'
import { indentedName, organTreeForAdmin, type FormValues, type SelectOption } from '../organs/index.js'
import { canGrantOn, viewerActor, type AdminScope } from '../access/index.js'
import { requireAdministrator } from '../access/index.js'
import { NewUserPage, UserPage, UsersPage, type UserNotice } from './user.views.js'
import {
  createUser,
  getUserForAdmin,
  grantRole,
  listUsersWithGrants,
  resetPassword,
  revokeRole,
  setDisabled,
} from './users.service.js'

/** Organs on which the administrator may grant roles, as <option>s in tree order. */
function grantableOrgans(tree: OrganAtDepth[], scope: AdminScope): SelectOption[] {
  return tree
    .filter((t) => canGrantOn(scope, t.organ.id, false))
    .map((t) => ({ value: t.organ.id, label: indentedName(t) }))
}

const GRANT_KEYS = ['role', 'organId', 'includeSubtree'] as const

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
      err?: DomainError,
    ) => {
      const { tree, scope } = await organTreeForAdmin(deps.db.kysely, viewerActor(viewer))
      return sendPage(
        reply,
        <NewUserPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          values={values}
          errors={err?.fields}
          message={err?.userMessage}
          organOptions={grantableOrgans(tree, scope)}
          roleOptional={scope.global}
        />,
        err ? 422 : 200,
      )
    }

    app.get('/console/users/new', async (request, reply) => {
      const viewer = requireAdministrator(request)
      return showNewForm(request, reply, viewer, {})
    })

    app.post('/console/users', async (request, reply) => {
      const viewer = requireAdministrator(request)
      const values = formStrings(request.body, ['username', 'displayName', 'password', ...GRANT_KEYS])
      const role = values.role ?? ''
      const organId = values.organId ?? ''
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
          return showNewForm(request, reply, viewer, { ...values, password: '' }, err)
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
        grantErrors?: DomainError
        passwordErrors?: DomainError
      } = {},
    ) => {
      const actor = viewerActor(viewer)
      const { user, scope } = await getUserForAdmin(deps, actor, userId)
      const { tree } = await organTreeForAdmin(deps.db.kysely, actor)
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
          organOptions={grantableOrgans(tree, scope)}
          notice={extra.notice}
          password={extra.password}
          grantValues={extra.grantValues}
          grantErrors={extra.grantErrors?.fields}
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
      try {
        await grantRole(deps, viewerActor(viewer), id, {
          role: values.role ?? '',
          organId: values.organId ?? '',
          includeSubtree: values.includeSubtree === '1',
        })
      } catch (err) {
        if (isFormError(err, request)) {
          return showUser(request, reply, viewer, id, { grantValues: values, grantErrors: err })
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
