import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { AppDeps } from '../../shared/deps.js'
import { requireViewer } from '../../http/guards.js'
import { sendPage } from '../../http/html.js'
import { myWorkCounts } from '../catalogue/items/index.js'
import { loginAlerts } from '../auth/index.js'
import { loadDashboard } from './console.service.js'
import { DashboardPage } from './console.views.js'

/** The staff console's landing page (every logged-in staff member). */
export function consoleRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/console', async (request, reply) => {
      const viewer = requireViewer(request)
      const roles = await loadDashboard(deps.db.kysely, viewer)
      const work = await myWorkCounts(deps, viewer)
      const alerts = await loginAlerts(deps, viewer)
      return sendPage(
        reply,
        <DashboardPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          roles={roles}
          work={work}
          loginAlerts={alerts}
        />,
      )
    })
  }
}
