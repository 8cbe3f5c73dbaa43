import type { FastifyRequest } from 'fastify'
import { DomainError } from '../shared/errors.js'
import type { Viewer } from '../shared/actor.js'

/**
 * The logged-in staff member, or a 401 (pages redirect to the log-in form, see errors.tsx).
 * Staff still on their initial password are sent to change it first.
 */
export function requireViewer(
  request: FastifyRequest,
  options: { allowPasswordChangePending?: boolean } = {},
): Viewer {
  const viewer = request.viewer
  if (!viewer) {
    throw new DomainError('UNAUTHENTICATED', `anonymous ${request.method} ${request.url}`)
  }
  if (
    viewer.mustChangePassword &&
    !options.allowPasswordChangePending &&
    !request.url.startsWith('/account/password')
  ) {
    throw new DomainError('AUTH_PASSWORD_CHANGE_REQUIRED', `${viewer.username} must change password`)
  }
  return viewer
}
