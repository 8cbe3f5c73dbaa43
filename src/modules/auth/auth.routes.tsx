import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../shared/deps.js'
import { sendPage } from '../../http/html.js'
import { requireViewer } from '../../http/guards.js'
import { SESSION_COOKIE, cookieOptions } from '../../http/session.js'
import { isDomainError, ValidationError } from '../../shared/errors.js'
import { changePassword, login, logout } from './auth.service.js'
import { ChangePasswordPage, LoginPage } from './auth.views.js'

const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  next: z.string().optional(),
})

/** Only same-site relative paths are allowed as redirect targets after log-in. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/console'
}

/** Log-in, log-out and password change. */
export function authRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/login', async (request, reply) => {
      if (request.viewer) {
        return reply.redirect('/console')
      }
      const next = (request.query as { next?: string }).next
      return sendPage(reply, <LoginPage csrfToken={request.csrfToken} next={safeNext(next)} />)
    })

    app.post(
      '/login',
      { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const parsed = loginSchema.safeParse(request.body)
        const body = (request.body ?? {}) as Record<string, unknown>
        const username = typeof body.username === 'string' ? body.username : ''
        if (!parsed.success) {
          return sendPage(
            reply,
            <LoginPage csrfToken={request.csrfToken} username={username} message="请输入用户名和密码。" />,
            422,
          )
        }
        try {
          const { token } = await login(deps, {
            username: parsed.data.username,
            password: parsed.data.password,
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          })
          void reply.setCookie(SESSION_COOKIE, token, cookieOptions(deps))
          return reply.redirect(safeNext(parsed.data.next), 303)
        } catch (err) {
          if (
            isDomainError(err) &&
            ['AUTH_BAD_CREDENTIALS', 'AUTH_THROTTLED', 'AUTH_DISABLED'].includes(err.code)
          ) {
            if (err.retryAfterSeconds !== undefined) {
              void reply.header('retry-after', String(err.retryAfterSeconds))
            }
            return sendPage(
              reply,
              <LoginPage csrfToken={request.csrfToken} username={username} message={err.userMessage} />,
              err.status,
            )
          }
          throw err
        }
      },
    )

    app.post('/logout', async (request, reply) => {
      if (request.viewer) {
        await logout(deps, request.viewer)
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.redirect('/', 303)
    })

    app.get('/account/password', async (request, reply) => {
      const viewer = requireViewer(request)
      return sendPage(
        reply,
        <ChangePasswordPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          forced={viewer.mustChangePassword}
        />,
      )
    })

    app.post('/account/password', async (request, reply) => {
      const viewer = requireViewer(request)
      const body = z
        .object({ current: z.string().default(''), next: z.string().default('') })
        .parse(request.body ?? {})
      try {
        await changePassword(deps, viewer, body.current, body.next)
      } catch (err) {
        if (err instanceof ValidationError) {
          return sendPage(
            reply,
            <ChangePasswordPage viewer={viewer} csrfToken={request.csrfToken} errors={err.fields} />,
            422,
          )
        }
        throw err
      }
      return sendPage(
        reply,
        <ChangePasswordPage
          viewer={{ ...viewer, mustChangePassword: false }}
          csrfToken={request.csrfToken}
          done
        />,
      )
    })
  }
}
