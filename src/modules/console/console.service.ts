import type { Kdb } from '../../db/database.js'
import type { Viewer } from '../../shared/actor.js'
import { organForest, type Organ, type OrganNode } from '../organs/index.js'
import { organsByIds, organsWithRoleIn, SMALL_TREE_LIMIT } from '../organs/index.js'
import type { Role } from '../users/user.table.js'
import { DASHBOARD_ROLE_ORDER } from './console.js'

/** One role the viewer holds, with the organs it was granted on and everything it covers. */
export interface DashboardRole {
  role: Role
  grants: Array<{ organ: Organ; includeSubtree: boolean }>
  /**
   * The organs the role covers (grant organs plus subtrees) in tree order; for a scope larger
   * than SMALL_TREE_LIMIT only the grant organs themselves.
   */
  scope: Organ[]
  /** How many organs the role covers. */
  scopeCount: number
}

/** The viewer's roles, in dashboard order, each with the organs it covers (targeted queries). */
export async function loadDashboard(db: Kdb, viewer: Viewer): Promise<DashboardRole[]> {
  const grantOrgans = new Map(
    (
      await organsByIds(
        db,
        viewer.grants.map((g) => g.organId),
      )
    ).map((o) => [o.id, o]),
  )
  const out: DashboardRole[] = []
  for (const role of DASHBOARD_ROLE_ORDER) {
    const grants = viewer.grants
      .filter((g) => g.role === role)
      .flatMap((g) => {
        const organ = grantOrgans.get(g.organId)
        return organ ? [{ organ, includeSubtree: g.includeSubtree }] : []
      })
    if (grants.length === 0) {
      continue
    }
    const covered = (await organsWithRoleIn(db, viewer.grants, [role])).ids
    const shown =
      covered.size <= SMALL_TREE_LIMIT ? await organsByIds(db, covered) : grants.map((g) => g.organ)
    out.push({ role, grants, scope: flatten(organForest(shown)), scopeCount: covered.size })
  }
  return out
}

/** The forest in reading order: each organ followed by the organs below it. */
function flatten(nodes: OrganNode[]): Organ[] {
  return nodes.flatMap((n) => [n.organ, ...flatten(n.children)])
}
