import type { Kdb } from '../../db/database.js'
import type { Viewer } from '../../shared/actor.js'
import { organForest, type Organ, type OrganNode } from '../organs/index.js'
import { listOrgans } from '../organs/index.js'
import { organsWithRole } from '../access/index.js'
import type { Role } from '../users/user.table.js'
import { DASHBOARD_ROLE_ORDER } from './console.js'

/** One role the viewer holds, with the organs it was granted on and everything it covers. */
export interface DashboardRole {
  role: Role
  grants: Array<{ organ: Organ; includeSubtree: boolean }>
  /** Every organ the role covers (grant organs plus subtrees), in display order. */
  scope: Organ[]
}

/** The viewer's roles, in dashboard order, resolved against the organ tree. */
export async function loadDashboard(db: Kdb, viewer: Viewer): Promise<DashboardRole[]> {
  const organs = await listOrgans(db)
  const byId = new Map(organs.map((o) => [o.id, o]))
  const treeOrder = flatten(organForest(organs))
  const out: DashboardRole[] = []
  for (const role of DASHBOARD_ROLE_ORDER) {
    const grants = viewer.grants
      .filter((g) => g.role === role)
      .flatMap((g) => {
        const organ = byId.get(g.organId)
        return organ ? [{ organ, includeSubtree: g.includeSubtree }] : []
      })
    if (grants.length === 0) {
      continue
    }
    const covered = organsWithRole(viewer, [role], organs)
    out.push({ role, grants, scope: treeOrder.filter((o) => covered.has(o.id)) })
  }
  return out
}

/** The forest in reading order: each organ followed by the organs below it. */
function flatten(nodes: OrganNode[]): Organ[] {
  return nodes.flatMap((n) => [n.organ, ...flatten(n.children)])
}
