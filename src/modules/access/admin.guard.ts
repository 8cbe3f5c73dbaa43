import type { FastifyRequest } from 'fastify'
import { requireViewer } from '../../http/guards.js'
import type { Viewer } from '../../shared/actor.js'
import { DomainError } from '../../shared/errors.js'
import { isAdministrator } from './access.js'

/**
 * The logged-in viewer if they hold an admin grant somewhere (the administration pages);
 * anonymous visitors go to the log-in form, every other role gets 403. What exactly an admin
 * may change is decided per organ and account by the services (rules in users/access.ts).
 */
export function requireAdministrator(request: FastifyRequest): Viewer {
  const viewer = requireViewer(request)
  if (!isAdministrator(viewer)) {
    throw new DomainError('FORBIDDEN', `${viewer.username} is not an administrator (${request.url})`)
  }
  return viewer
}
