import type { AppDeps } from '../../../shared/deps.js'
import { DomainError } from '../../../shared/errors.js'
import {
  organsByIds,
  organsWithRoleIn,
  readOrganChoice,
  reachOfGrants,
  type Organ,
  type OrganChoice,
} from '../../organs/index.js'
import type { ItemActor } from './item-context.js'
import { DRAFTING_ROLES } from './item-transitions.js'

/**
 * The 发布机构 choice of the "new item" form for any number of organs: a `<select>` when the
 * person drafts for a few organs, else a text field with suggestions (OrganField) resolved within
 * the organs they draft for.
 */

/** Up to this many drafting organs the form offers a `<select>`. */
export const ITEM_ORGAN_SELECT_MAX = 30

export interface DraftingOrganChoice {
  /** The organs to choose from, or null when there are too many (the text field then). */
  organs: Organ[] | null
  /** The organs of the person's drafting grants (the text field's suggestions). */
  suggestions: Organ[]
}

/** What the "new item" form offers as 发布机构. @throws FORBIDDEN when the actor drafts for no organ */
export async function draftingOrganChoice(deps: AppDeps, actor: ItemActor): Promise<DraftingOrganChoice> {
  const db = deps.db.kysely
  const { ids } = await organsWithRoleIn(db, actor.grants, DRAFTING_ROLES)
  if (ids.size === 0) {
    throw new DomainError('FORBIDDEN', `${actor.username} drafts for no organ`)
  }
  const grantIds = actor.grants.filter((g) => DRAFTING_ROLES.includes(g.role)).map((g) => g.organId)
  if (ids.size <= ITEM_ORGAN_SELECT_MAX) {
    const organs = await organsByIds(db, ids)
    return { organs, suggestions: organs }
  }
  return { organs: null, suggestions: await organsByIds(db, grantIds) }
}

/** Resolves the typed 发布机构 among the organs the actor drafts for (a Chinese field error otherwise). */
export async function readDraftingOrgan(deps: AppDeps, actor: ItemActor, text: string): Promise<OrganChoice> {
  const grants = actor.grants.filter((g) => DRAFTING_ROLES.includes(g.role))
  return readOrganChoice(deps.db.kysely, text, {
    reach: await reachOfGrants(deps.db.kysely, grants),
    label: '发布机构',
  })
}
