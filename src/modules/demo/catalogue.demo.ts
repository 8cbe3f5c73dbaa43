import type { AppDeps } from '../../shared/deps.js'
import { findOrganByCode, organsByIds, type Organ } from '../organs/index.js'
import { countPublishedSampleItems, listDemoItemKeys } from '../catalogue/items/index.js'
import { plan2013 } from './catalogue-2013.demo.js'
import { ORGAN_DOC_AGENCY, plan2026, RADIO_2026, RULES_2026, SIBLINGS_2026 } from './catalogue-2026.demo.js'
import type { Planned } from './catalogue-entries.demo.js'
import { demoCast, runPlan } from './catalogue-steps.demo.js'
import { demoOrgan } from './demo.data.js'

export { DEMO_2013_COUNT, DEMO_RADIO_ORGAN_NAME } from './catalogue-2013.demo.js'

/*
 * Demo disclosure items (DEMO DATA): for 张店区广播电视局 its 2013 proactive disclosures, exactly 90
 * samples (catalogue-2013.demo.ts); a 2026 year of items for it and its sibling departments in
 * every lifecycle state, and every demo organ's 政府信息公开制度 (catalogue-2026.demo.ts). Every
 * item goes through the ordinary item services (catalogue-steps.demo.ts). Items are published in
 * the order of their 发布日期, so each organ's 索引号 serials follow the dates. Idempotent: each demo
 * item has a stable key in item.source ('demo:…'); keys already present are skipped.
 */

export interface CatalogueDemoReport {
  created: number
  skipped: number
  /** Published 2013 sample items of 张店区广播电视局 after loading. */
  samples2013: number
}

/** The demo organs that have items, by their key in demo.data.ts. */
type DemoOrganKey = 'gov' | 'office' | 'radio' | 'education' | 'finance' | 'media'
const ITEM_ORGANS: readonly DemoOrganKey[] = ['gov', 'office', 'radio', 'education', 'finance', 'media']

export interface CatalogueDemoOptions {
  /** Organ ids by demo key; found by their demo code when omitted. */
  organIds?: Partial<Record<DemoOrganKey, string | undefined>>
  /** Skip the 2026 items (tests that only need the 2013 catalogue). */
  only2013?: boolean
}

/** The demo organs present, by key (by the ids given, else by their demo 统一社会信用代码). */
async function findDemoOrgans(
  deps: AppDeps,
  given: CatalogueDemoOptions['organIds'] = {},
): Promise<Map<DemoOrganKey, Organ>> {
  const db = deps.db.kysely
  const ids = Object.values(given).filter((id): id is string => typeof id === 'string')
  const byId = new Map((await organsByIds(db, ids)).map((o) => [o.id, o]))
  const out = new Map<DemoOrganKey, Organ>()
  for (const key of ITEM_ORGANS) {
    const id = given[key]
    const organ = id ? byId.get(id) : await findOrganByCode(db, demoOrgan(key).code)
    if (organ) {
      out.set(key, organ)
    }
  }
  return out
}

/** Every planned demo item of the organs present, in the order of publication. */
function planAll(organs: Map<DemoOrganKey, Organ>, only2013: boolean): Planned[] {
  const radio = organs.get('radio')
  const plans: Planned[] = radio ? plan2013(radio.id) : []
  if (!only2013) {
    const of = (key: string) => organs.get(key as DemoOrganKey)
    if (radio) {
      plans.push(...plan2026(radio.id, 'radio', RADIO_2026))
    }
    for (const [key, rows] of Object.entries(SIBLINGS_2026)) {
      const organ = of(key)
      if (organ) {
        plans.push(...plan2026(organ.id, key, rows))
      }
    }
    for (const [key, rows] of Object.entries(RULES_2026)) {
      const organ = of(key)
      if (organ) {
        plans.push(...plan2026(organ.id, `rules:${key}`, rows))
      }
    }
  }
  // Serials (索引号) are issued on publication, per organ and year: publishing in date order
  // (ties in plan order; the sort is stable) keeps them in the order of their dates.
  return plans.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/** 文号 of the 2026 documents: numbered per issuing agency in the order they were written. */
function docNumbers2026(plans: readonly Planned[]): Map<string, string> {
  const out = new Map<string, string>()
  const serial = new Map<string, number>()
  const docs = plans.filter((p) => p.entry.docPrefix && !p.sample && !p.docNumber)
  const byFormed = [...docs].sort((a, b) =>
    a.formed < b.formed ? -1 : a.formed > b.formed ? 1 : a.key < b.key ? -1 : 1,
  )
  for (const p of byFormed) {
    const agency = ORGAN_DOC_AGENCY[p.entry.docPrefix as string] ?? '张政发'
    const n = (serial.get(agency) ?? 0) + 1
    serial.set(agency, n)
    out.set(p.key, `${agency}〔2026〕${n}号`)
  }
  return out
}

/**
 * Loads the demo disclosure items (idempotent: running it twice changes nothing). Needs the demo
 * organs (demo.service.ts); organs that are missing are skipped.
 */
export async function loadCatalogueDemo(
  deps: AppDeps,
  options: CatalogueDemoOptions = {},
): Promise<CatalogueDemoReport> {
  const organs = await findDemoOrgans(deps, options.organIds)
  const plans = planAll(organs, options.only2013 ?? false)
  const docNumbers = docNumbers2026(plans)
  const byId = new Map([...organs.values()].map((o) => [o.id, o]))
  const existing = new Set(await listDemoItemKeys(deps))
  const cast = await demoCast(deps)
  let created = 0
  let skipped = 0
  for (const p of plans) {
    if (existing.has(p.key)) {
      skipped += 1
      continue
    }
    await runPlan(deps, p, byId.get(p.organId) as Organ, cast, p.docNumber ?? docNumbers.get(p.key))
    created += 1
  }
  const radio = organs.get('radio')
  return {
    created,
    skipped,
    samples2013: radio ? await countPublishedSampleItems(deps, radio.id, 2013) : 0,
  }
}
