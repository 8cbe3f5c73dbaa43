import { LRUCache } from 'lru-cache'
import type { Db, Kdb } from '../../../db/database.js'
import { type Organ, getOrganByCode, resolveOrganText } from '../../organs/index.js'
import { presentEntry, type CatalogueEntry, type ItemListRow, type OrganRef } from './catalogue-public.js'
import * as repo from './catalogue-public.repository.js'

/**
 * What the public catalogue's use cases share: the read cache and organ labels.
 *
 * - The organ labels of a page of rows come from what is already loaded (the organ of a column,
 *   the filter's choices) or from one query for the page, never one query per row.
 * - Counts, the organ choices and the year range are kept in a small per-database cache whose
 *   entries are valid only under the change stamp they were computed under (catalogueStamp, exact
 *   on both engines and across processes); without a stamp only large counts are kept, briefly.
 */

// ─── read cache ────────────────────────────────────────────────────────────────────────────

interface CacheEntry {
  value: unknown
  stamp: string | null
}

/** Entries kept per database; the least recently used go first. */
const CACHE_MAX = 2000
/** The size bound, in rough units of one list element or map entry (see sizeOf). */
const CACHE_MAX_SIZE = 2_000_000
/** Even under an unchanged stamp an entry is recomputed after this long (belt and braces). */
const STAMPED_TTL_MS = 5 * 60_000
/** Without a stamp (PostgreSQL), large counts are reused this long. */
const UNSTAMPED_TTL_MS = 10_000
/** Without a stamp, only counts this large are worth reusing (small ones are cheap and exact). */
const UNSTAMPED_MIN_COUNT = 2000

/** A rough size of a cached value: its number of elements (organ maps hold up to every organ). */
function sizeOf(value: unknown): number {
  if (value instanceof Map || value instanceof Set) {
    return Math.max(1, value.size)
  }
  return Array.isArray(value) ? Math.max(1, value.length) : 1
}

const stores = new WeakMap<Kdb, LRUCache<string, CacheEntry>>()

/** The read cache of one database as of now: one stamp query, then lookups. */
export class ReadCache {
  constructor(
    private readonly db: Kdb,
    private readonly stamp: string | null,
  ) {}

  /**
   * `stamp`: the database's change stamp as the caller read it (catalogueStamp) before its
   * queries; without one, entries are not exact and only large counts are kept, briefly.
   */
  static open(db: Kdb, stamp: string | null | undefined): ReadCache {
    return new ReadCache(db, stamp ?? null)
  }

  /** True when entries are exact (a change stamp exists). */
  get exact(): boolean {
    return this.stamp !== null
  }

  private store(): LRUCache<string, CacheEntry> {
    let s = stores.get(this.db)
    if (!s) {
      s = new LRUCache<string, CacheEntry>({
        max: CACHE_MAX,
        maxSize: CACHE_MAX_SIZE,
        sizeCalculation: (e) => sizeOf(e.value),
      })
      stores.set(this.db, s)
    }
    return s
  }

  /**
   * The cached value of `key`, or `compute()` (kept when the stamp makes it exact, or when
   * `worthKeeping` says a stamp-less value is expensive enough to reuse for a few seconds).
   */
  async get<V>(
    key: string,
    compute: () => Promise<V>,
    worthKeeping: (v: V) => boolean = () => false,
  ): Promise<V> {
    const store = this.store()
    const hit = store.get(key)
    if (hit) {
      if (hit.stamp === this.stamp) {
        return hit.value as V
      }
      store.delete(key)
    }
    const value = await compute()
    if (this.stamp !== null || worthKeeping(value)) {
      store.set(
        key,
        { value, stamp: this.stamp },
        { ttl: this.stamp !== null ? STAMPED_TTL_MS : UNSTAMPED_TTL_MS },
      )
    }
    return value
  }

  /** The number of items in a view. */
  count(filter: repo.PublicFilter): Promise<number> {
    return this.get(
      `count:${filterKey(filter)}`,
      () => repo.countPublishedItems(this.db, filter),
      (n) => n >= UNSTAMPED_MIN_COUNT,
    )
  }
}

function filterKey(f: repo.PublicFilter): string {
  return JSON.stringify([f.organIds, f.topic, f.genre, f.genres, f.year, f.art20Item, f.validity])
}

/**
 * The token under which whole public pages and the read cache's entries may be kept, or null
 * when they may not; read it before the queries whose results are kept under it. Exact on both
 * engines and across processes sharing the database (src/db/change-stamp.ts).
 */
export function catalogueStamp(db: Db): Promise<string | null> {
  return db.changeStamp()
}

// ─── organs ────────────────────────────────────────────────────────────────────────────────

export function organRef(o: Pick<Organ, 'id' | 'code' | 'name'>): OrganRef {
  return { id: o.id, code: o.code, name: o.name }
}

/** Organ id → public reference, for labelling rows from many organs. */
export type OrganMap = ReadonlyMap<string, OrganRef>

export function organMapOf(refs: readonly OrganRef[]): OrganMap {
  return new Map(refs.map((o) => [o.id, o]))
}

/** More organs than this and the catalogue's organ filter is a text box, not a select. */
export const ORGAN_SELECT_MAX = 300

/**
 * The organs a filter select offers, in display order, or null when the installation has more
 * than ORGAN_SELECT_MAX (a select of a thousand organs helps nobody and weighs 60 KB a page).
 */
export function organChoices(db: Kdb, cache: ReadCache): Promise<OrganRef[] | null> {
  return cache.get('organChoices', async () => {
    const refs = await repo.listOrganRefs(db, ORGAN_SELECT_MAX + 1)
    return refs.length > ORGAN_SELECT_MAX ? null : refs
  })
}

/** @throws DomainError ORGAN_NOT_FOUND */
export function organByCode(db: Kdb, code: string): Promise<Organ> {
  return getOrganByCode(db, code)
}

/**
 * The organ filter of an installation-wide page: a code from the select, or (when there are too
 * many organs for a select) a code or full name typed in the box.
 */
export async function resolveOrganFilter(
  db: Kdb,
  raw: string | undefined,
  choices: readonly OrganRef[] | null,
): Promise<{ organ: OrganRef | null; error: string | null; ambiguous?: OrganRef[] }> {
  if (!raw) {
    return { organ: null, error: null }
  }
  if (choices) {
    const organ = choices.find((o) => o.code === raw.toUpperCase() || o.name === raw) ?? null
    return organ ? { organ, error: null } : { organ: null, error: '没有找到该机关，请输入机关全称或机构代码' }
  }
  // Many organs: a name, short name or code typed in the box; when several match, say which.
  const r = await resolveOrganText(db, raw)
  if (r.kind === 'found') {
    return { organ: organRef(r.organ), error: null }
  }
  if (r.kind === 'ambiguous') {
    // The form offers them as choices (OrganField); the message says what to do.
    return {
      organ: null,
      error: `有${r.more ? '超过 ' : ' '}${r.choices.length} 个机关与“${raw.trim()}”相符，请从下列选项中选择，或输入机关全称或机构代码`,
      ambiguous: r.choices.map(organRef),
    }
  }
  return { organ: null, error: '没有找到该机关，请输入机关全称或机构代码' }
}

/**
 * Rows as list entries. Organ labels come from `known`, and the organs missing there are loaded
 * in one query for the whole page.
 */
export async function present(
  db: Kdb,
  rows: readonly ItemListRow[],
  known: OrganMap = new Map(),
  cache?: ReadCache,
): Promise<CatalogueEntry[]> {
  let missing = [...new Set(rows.map((r) => r.organ_id))].filter((id) => !known.has(id))
  if (missing.length > 0 && cache?.exact) {
    // Under an exact stamp, every organ's label is loaded once and reused until data changes.
    const all = await cache.get('organRefs', async () => organMapOf(await repo.listOrganRefs(db, 1_000_000)))
    known = new Map([
      ...known,
      ...missing.flatMap((id) => {
        const o = all.get(id)
        return o ? [[id, o] as const] : []
      }),
    ])
    missing = missing.filter((id) => !known.has(id))
  }
  let map = known
  if (missing.length > 0) {
    const more = new Map(known)
    for (const o of await repo.findOrganRefsByIds(db, missing)) {
      more.set(o.id, o)
    }
    map = more
  }
  return rows.map((r) => presentEntry(r, map.get(r.organ_id) ?? null))
}
