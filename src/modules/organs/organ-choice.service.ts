import type { Kdb } from '../../db/database.js'
import type { Actor, Grant } from '../../shared/actor.js'
import type { Organ } from './organ.js'
import type { OrganReach } from './organ.repository.js'
import { childOrgans, isGlobalAdmin, organsByIds, reachOfGrants } from './organ-tree.service.js'

/**
 * The organ choices of the administration forms (an organ's parent, the organ of a role grant) for
 * any size of tree: where the administrator may choose (a reach the lookup searches within) and a
 * few suggestions for the field's datalist. Reads only the organs the administrator's grants name
 * and one level below them, never the whole tree.
 */

/** How many organs a field's datalist suggests at most. */
export const ORGAN_SUGGESTION_LIMIT = 30

export interface AdminOrganChoices {
  /** The administrator may choose any organ (and, for a parent, none: a top-level organ). */
  global: boolean
  /** Where the choice may fall; undefined when `global`. */
  reach: OrganReach | undefined
  /** The administrator's own organs and the level below them (the datalist). */
  suggestions: Organ[]
}

/**
 * What an administrator may choose: `place` — a parent to add an organ under (subtree admin grants,
 * rule 4); `grant` — an organ to grant a role on (every organ the administrator manages, rule 2).
 */
export async function adminOrganChoices(
  db: Kdb,
  actor: Actor,
  purpose: 'place' | 'grant',
): Promise<AdminOrganChoices> {
  const global = await isGlobalAdmin(db, actor)
  const grants: Grant[] =
    actor.grants === 'all'
      ? []
      : actor.grants.filter((g) => g.role === 'admin' && (purpose === 'grant' || g.includeSubtree))
  const bases = global
    ? await childOrgans(db, null)
    : await organsByIds(
        db,
        grants.map((g) => g.organId),
      )
  const suggestions = bases.slice(0, ORGAN_SUGGESTION_LIMIT)
  const expandable = global
    ? bases
    : bases.filter((b) => grants.some((g) => g.organId === b.id && g.includeSubtree))
  for (const base of expandable) {
    if (suggestions.length >= ORGAN_SUGGESTION_LIMIT) {
      break
    }
    const seen = new Set(suggestions.map((s) => s.id))
    const below = (await childOrgans(db, base.id)).filter((c) => !seen.has(c.id))
    suggestions.push(...below.slice(0, ORGAN_SUGGESTION_LIMIT - suggestions.length))
  }
  return { global, reach: global ? undefined : await reachOfGrants(db, grants), suggestions }
}
