import type { Kdb } from '../../db/database.js'
import { pathWithin } from './organ-path.js'
import { organRowToOrgan, type Organ } from './organ.js'
import * as repo from './organ.repository.js'
import type { OrganReach } from './organ.repository.js'
import type { OrganRow } from './organ.table.js'

export type { OrganReach } from './organ.repository.js'

/** How many "did you mean" choices an ambiguous organ entry offers. */
export const ORGAN_CHOICE_LIMIT = 20

/** What a typed organ (name, short name, code, or a suggestion "名称（代码）") resolves to. */
export type OrganResolution =
  | { kind: 'empty' }
  | { kind: 'found'; organ: Organ }
  /** Several organs match (or one only partly): the person picks one of `choices`. */
  | { kind: 'ambiguous'; choices: Organ[]; more: boolean }
  | { kind: 'unknown' }
  /** The organ exists but lies outside the reach the caller allows. */
  | { kind: 'outside'; organ: Organ }

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// A suggestion as the datalist offers it: 名称（代码）, with either kind of bracket.
const SUGGESTION = /[（(]\s*([0-9A-Za-z-]{9,20})\s*[）)]\s*$/u

function inReach(row: OrganRow, reach: OrganReach | undefined): boolean {
  return !reach || reach.ids.includes(row.id) || reach.paths.some((p) => pathWithin(row.path, p))
}

/** Organs whose name, short name or code contains `q`, best matches first, within `reach`. */
export async function searchOrgans(
  db: Kdb,
  q: string,
  opts: { limit?: number; reach?: OrganReach } = {},
): Promise<Organ[]> {
  const text = q.trim()
  if (text === '') {
    return []
  }
  const rows = await repo.searchOrganRows(db, text, opts.limit ?? ORGAN_CHOICE_LIMIT, opts.reach)
  return rows.map(organRowToOrgan)
}

/**
 * Resolves what somebody typed into an organ field: an id (forms that post one), a code (统一社会
 * 信用代码 or 组织机构代码, hyphen and case ignored), a suggestion "名称（代码）", or an exact name or
 * short name that only one organ bears. Anything else that matches offers choices.
 */
export async function resolveOrganText(db: Kdb, raw: string, reach?: OrganReach): Promise<OrganResolution> {
  const text = raw.trim()
  if (text === '') {
    return { kind: 'empty' }
  }
  const exact = async (): Promise<OrganRow | undefined> => {
    if (ID.test(text)) {
      return repo.findOrganById(db, text.toLowerCase())
    }
    const suggested = SUGGESTION.exec(text)?.[1]
    const code = (suggested ?? text).toUpperCase().replace(/[\s-]/g, '')
    return /^[0-9A-Z]{9}$|^[0-9A-Z]{18}$/.test(code) ? repo.findOrganByCode(db, code) : undefined
  }
  const hit = await exact()
  if (hit) {
    return inReach(hit, reach)
      ? { kind: 'found', organ: organRowToOrgan(hit) }
      : { kind: 'outside', organ: organRowToOrgan(hit) }
  }
  const rows = await repo.searchOrganRows(db, text, ORGAN_CHOICE_LIMIT + 1, reach)
  if (rows.length === 0) {
    return { kind: 'unknown' }
  }
  const named = rows.filter((r) => r.name === text || r.short_name === text)
  if (named.length === 1) {
    return { kind: 'found', organ: organRowToOrgan(named[0] as OrganRow) }
  }
  return {
    kind: 'ambiguous',
    choices: rows.slice(0, ORGAN_CHOICE_LIMIT).map(organRowToOrgan),
    more: rows.length > ORGAN_CHOICE_LIMIT,
  }
}

/** The field message for a resolution that did not find an organ (Chinese, for pages and JSON). */
export function organResolutionMessage(r: OrganResolution, text: string, label = '机关'): string | null {
  switch (r.kind) {
    case 'found':
      return null
    case 'empty':
      return `请填写${label}名称或机构代码`
    case 'unknown':
      return `没有名称或代码含“${text.trim()}”的${label}`
    case 'outside':
      return `“${r.organ.name}”不在您可选择的范围内`
    case 'ambiguous':
      return r.choices.length === 1
        ? `请确认${label}：是否为下列机关？`
        : `有${r.more ? '超过 ' : ' '}${r.choices.length} 个${label}与“${text.trim()}”相符，请从下列选项中选择，或输入更完整的名称或代码`
  }
}

/** What an organ field (OrganField) read back to: the organ, or the field error and its choices. */
export interface OrganChoice {
  /** What the person typed (or the picked choice's suggestion text), to show again. */
  text: string
  organ: Organ | null
  /** A Chinese field message when no single organ was found (nothing may be saved then). */
  error: string | null
  /** "Did you mean" choices after an ambiguous entry. */
  choices: Organ[]
  /** The organ named exactly (id or code) but out of reach: the caller may let the service refuse it. */
  outside?: Organ
}

/**
 * Reads what an organ field submitted: resolves it within `reach` (the organs the form may name),
 * and says in Chinese what is wrong when it names no organ, several, or one out of reach. An empty
 * field is `organ: null` without error when `optional`. `alsoAllowed` names organs accepted even
 * out of reach (the current parent of an organ being edited).
 */
export async function readOrganChoice(
  db: Kdb,
  raw: string,
  opts: {
    reach?: OrganReach | undefined
    label: string
    optional?: boolean
    alsoAllowed?: readonly string[]
  },
): Promise<OrganChoice> {
  const r = await resolveOrganText(db, raw, opts.reach)
  if (r.kind === 'empty' && opts.optional) {
    return { text: '', organ: null, error: null, choices: [] }
  }
  if (r.kind === 'found' || (r.kind === 'outside' && opts.alsoAllowed?.includes(r.organ.id))) {
    return { text: organSuggestion(r.organ), organ: r.organ, error: null, choices: [] }
  }
  return {
    text: ID.test(raw.trim()) ? '' : raw.trim(),
    organ: null,
    error: organResolutionMessage(r, raw, opts.label),
    choices: r.kind === 'ambiguous' ? r.choices : [],
    ...(r.kind === 'outside' ? { outside: r.organ } : {}),
  }
}

/** The text a suggestion puts into an organ field: 名称（代码）, which the lookup accepts. */
export function organSuggestion(o: Pick<Organ, 'name' | 'code'>): string {
  return `${o.name}（${o.code}）`
}
