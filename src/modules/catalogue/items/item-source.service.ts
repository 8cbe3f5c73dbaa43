import type { AppDeps } from '../../../shared/deps.js'
import { type ItemActor, loadForActor } from './item-context.js'
import * as repo from './item.repository.js'

/**
 * Small reads for loaders that drive items through the ordinary services (the demo): which
 * loader keys (item.source 'demo:…') exist already, how many samples are published, and the
 * version a next step must name.
 */

/** The item.source keys of demo items already loaded. */
export async function listDemoItemKeys(deps: AppDeps): Promise<string[]> {
  return repo.listDemoSourceKeys(deps.db.kysely)
}

/** Published sample items (item.sample = 1) of an organ in a year. */
export async function countPublishedSampleItems(
  deps: AppDeps,
  organId: string,
  year: number,
): Promise<number> {
  return repo.countPublishedSamples(deps.db.kysely, organId, year)
}

/** The current version of an item the actor may see. @throws ITEM_NOT_FOUND */
export async function currentItemVersion(deps: AppDeps, actor: ItemActor, id: string): Promise<number> {
  return Number((await loadForActor(deps, actor, id)).row.version)
}
