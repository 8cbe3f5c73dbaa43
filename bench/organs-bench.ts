/**
 * `npm run bench:organs -- [--items N] [--rounds R]` (or `node --import tsx bench/organs-bench.ts`):
 * organs at scale (issue 7 §6). Two SQLite databases with the same number of items: one with the
 * 6 organs of the demo installation (a district government and five departments), one with a
 * province of 10,000 organs (1 province, 16 cities × 10 districts × 60 departments and
 * institutions, plus city and provincial departments), every organ with a valid 统一社会信用代码
 * (GB 32100 check character) from the organs module's code helpers. Through the real services,
 * interleaved round by round, over the same items (see below): saving a draft, a first review, a final review (publication), and
 * the console item list of a subtree reviewer. Writes bench/out/last-organs.json.
 */
import { mkdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { writeFileSync } from 'node:fs'
import { loadConfig } from '../src/config.js'
import { createDb, type Db } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrator.js'
import { createSearchIndex } from '../src/modules/catalogue/search/index.js'
import { packagedCalendarProvider } from '../src/shared/calendar/provider.js'
import {
  CHECKLIST,
  createItem,
  EMPTY_ITEM_FORM,
  finalReview,
  firstReview,
  listItemsForConsole,
  submitItem,
  updateDraft,
  type Checklist,
  type ItemActor,
  type ItemFormValues,
} from '../src/modules/catalogue/items/index.js'
import { GENRES, TOPIC_VALUES } from '../src/modules/catalogue/classification/index.js'
import { completeOrgCode, completeUscc } from '../src/modules/organs/index.js'
import { systemClock } from '../src/shared/clock.js'
import type { Role } from '../src/shared/actor.js'
import type { AppDeps } from '../src/shared/deps.js'
import { newId } from '../src/shared/ids.js'
import { oneOffFieldCipher } from '../src/modules/privacy/index.js'

const OUT = new URL('./out/', import.meta.url).pathname
mkdirSync(OUT, { recursive: true })

const { values } = parseArgs({
  options: { items: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '40' } },
  strict: false,
})
const ITEMS = Number(values.items)
const ROUNDS = Number(values.rounds)
const t0 = Date.now()
const log = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${s}`)

interface OrganSpec {
  id: string
  parentId: string | null
  name: string
  kind: 'government' | 'department' | 'institution'
}

let serial = 0
function code(): { code: string; orgCode: string } {
  serial++
  const org = completeOrgCode(`M${String(serial).padStart(7, '0')}`)
  const uscc = completeUscc(`11370000${org}`)
  return { code: uscc, orgCode: org }
}

function demoTree(): OrganSpec[] {
  const gov: OrganSpec = { id: newId(), parentId: null, name: '张店区人民政府', kind: 'government' }
  const depts = ['教育局', '财政局', '广播电视局', '民政局', '卫生健康局'].map((d): OrganSpec => ({
    id: newId(),
    parentId: gov.id,
    name: `张店区${d}`,
    kind: 'department',
  }))
  return [gov, ...depts]
}

const DEPTS = Array.from({ length: 60 }, (_, i) => (i < 40 ? `第${i + 1}局` : `第${i - 39}中心`))

function provinceTree(): OrganSpec[] {
  const out: OrganSpec[] = []
  const province: OrganSpec = { id: newId(), parentId: null, name: '山东省人民政府', kind: 'government' }
  out.push(province)
  for (let p = 0; p < 15; p++) {
    out.push({ id: newId(), parentId: province.id, name: `省第${p + 1}厅`, kind: 'department' })
  }
  for (let c = 0; c < 16; c++) {
    const city: OrganSpec = {
      id: newId(),
      parentId: province.id,
      name: `第${c + 1}市人民政府`,
      kind: 'government',
    }
    out.push(city)
    for (let d = 0; d < 13; d++) {
      out.push({ id: newId(), parentId: city.id, name: `第${c + 1}市第${d + 1}局`, kind: 'department' })
    }
    for (let k = 0; k < 10; k++) {
      const district: OrganSpec = {
        id: newId(),
        parentId: city.id,
        name: `第${c + 1}市第${k + 1}区人民政府`,
        kind: 'government',
      }
      out.push(district)
      for (const d of DEPTS) {
        out.push({
          id: newId(),
          parentId: district.id,
          name: `第${c + 1}市第${k + 1}区${d}`,
          kind: d.endsWith('中心') ? 'institution' : 'department',
        })
      }
    }
  }
  return out
}

const CLEAR: Checklist = Object.fromEntries(
  CHECKLIST.map((q) => [q.key, { answer: 'no' as const, note: '' }]),
)

function form(n: number): ItemFormValues {
  return {
    ...EMPTY_ITEM_FORM,
    title: `关于做好第${n}批政务公开工作的通知`,
    summary: '',
    bodyHtml: `<p>各有关单位：现将第${n}批工作安排通知如下。</p>`,
    formedDate: '2026-03-02',
    topic: TOPIC_VALUES[0] as string,
    genre: GENRES[0] as string,
  }
}

interface Setup {
  label: string
  organs: number
  deps: AppDeps
  db: Db
  handler: ItemActor
  officer: ItemActor
  leader: ItemActor
  /** The department the drafts belong to. */
  deptId: string
}

async function setUp(
  label: string,
  tree: OrganSpec[],
  dept: OrganSpec,
  gov: OrganSpec,
  itemOrgans: OrganSpec[],
): Promise<Setup> {
  const path = `${OUT}organs-${label}.db`
  rmSync(path, { force: true })
  rmSync(`${path}-wal`, { force: true })
  rmSync(`${path}-shm`, { force: true })
  const config = loadConfig({ DATABASE_URL: path, FILES_DIR: `${OUT}organs-files` })
  const db = createDb(config.db)
  await migrateToLatest(db)
  const deps: AppDeps = {
    config,
    db,
    clock: systemClock,
    search: createSearchIndex('sqlite'),
    calendar: packagedCalendarProvider(),
    personalData: oneOffFieldCipher(),
  }
  const h = db.sqlite!
  const now = new Date().toISOString()
  const pathOf = new Map<string, string>()
  const ins =
    h.prepare(`INSERT INTO organ (id, path, name, kind, parent_id, code, code_type, org_code, sort_order,
    office_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 'uscc', ?, ?, '办公室', ?, ?, 1)`)
  h.transaction(() => {
    tree.forEach((o, i) => {
      const p = `${o.parentId ? pathOf.get(o.parentId) : '/'}${o.id}/`
      pathOf.set(o.id, p)
      const c = code()
      ins.run(o.id, p, o.name, o.kind, o.parentId, c.code, c.orgCode, i, now, now)
    })
  })()
  const user = (name: string, role: Role, organId: string, subtree: boolean): ItemActor => {
    const id = newId()
    h.prepare(
      `INSERT INTO app_user (id, username, display_name, password_hash, password_changed_at,
      must_change_password, failed_logins, disabled, created_at, updated_at)
      VALUES (?, ?, ?, 'x', ?, 0, 0, 0, ?, ?)`,
    ).run(id, name, name, now, now, now)
    h.prepare(
      `INSERT INTO role_grant (id, user_id, organ_id, role, include_subtree, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(newId(), id, organId, role, subtree ? 1 : 0, now)
    return { userId: id, username: name, grants: [{ role, organId, includeSubtree: subtree }] }
  }
  const s: Setup = {
    label,
    organs: tree.length,
    deps,
    db,
    handler: user('handler', 'handler', dept.id, false),
    officer: user('officer', 'officer', gov.id, true),
    leader: user('leader', 'leader', gov.id, true),
    deptId: dept.id,
  }
  // The corpus: one item through the services, cloned ITEMS times over every organ in turn.
  const { id } = await createItem(deps, s.handler, dept.id, form(0))
  h.exec('CREATE TEMP TABLE bench_organ (rn INTEGER PRIMARY KEY, id TEXT NOT NULL)')
  const insOrgan = h.prepare('INSERT INTO bench_organ (rn, id) VALUES (?, ?)')
  h.transaction(() => itemOrgans.forEach((o, i) => insOrgan.run(i, o.id)))()
  const cols = (h.prepare('PRAGMA table_info(item)').all() as Array<{ name: string }>).map((c) => c.name)
  const expr = (c: string): string => {
    switch (c) {
      case 'id':
        return "printf('%08x-0000-4000-8000-%012d', n.i, n.i)"
      case 'doc_no':
        return '1000000 + n.i'
      case 'organ_id':
        return `(SELECT id FROM bench_organ WHERE rn = n.i % ${itemOrgans.length})`
      case 'title':
        return "t.title || ' ' || n.i"
      case 'status':
        return "CASE WHEN n.i % 10 = 0 THEN 'draft' ELSE 'published' END"
      case 'index_no':
        return "CASE WHEN n.i % 10 = 0 THEN NULL ELSE 'BENCH-' || n.i END"
      case 'updated_at':
        return "strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (n.i % 100000) || ' seconds')"
      default:
        return `t.${c}`
    }
  }
  h.prepare(
    `INSERT INTO item (${cols.join(', ')})
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     SELECT ${cols.map(expr).join(', ')} FROM n, item t WHERE t.id = ?`,
  ).run(ITEMS, id)
  h.exec('ANALYZE')
  log(`${label}: ${tree.length} organs, ${ITEMS} items`)
  return s
}

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const a = performance.now()
  const r = await f()
  return [performance.now() - a, r]
}

const version = (s: Setup, id: string) =>
  Number(s.db.sqlite!.prepare('SELECT version FROM item WHERE id = ?').pluck().get(id))

type Op = 'saveDraft' | 'firstReview' | 'finalReview' | 'consoleList'
const OPS: Op[] = ['saveDraft', 'firstReview', 'finalReview', 'consoleList']

async function round(s: Setup, n: number, out: Record<Op, number[]>): Promise<void> {
  const { id } = await createItem(s.deps, s.handler, s.deptId, form(n))
  const [save] = await time(() => updateDraft(s.deps, s.handler, id, version(s, id), form(n + 0.5)))
  await submitItem(s.deps, s.handler, id, version(s, id))
  const [first] = await time(() =>
    firstReview(s.deps, s.officer, id, {
      decision: 'approve',
      checklist: CLEAR,
      comment: '',
      expectedVersion: version(s, id),
    }),
  )
  const [final] = await time(() =>
    finalReview(s.deps, s.leader, id, {
      decision: 'approve',
      comment: '同意公开',
      expectedVersion: version(s, id),
    }),
  )
  const [list] = await time(() => listItemsForConsole(s.deps, s.leader, { page: 1 }))
  out.saveDraft.push(save)
  out.firstReview.push(first)
  out.finalReview.push(final)
  out.consoleList.push(list)
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] as number
}

const demo = demoTree()
const province = provinceTree()
// The province's counterpart of the demo: a district government and one of its departments.
const district = province.find((o) => o.name === '第1市第1区人民政府') as OrganSpec
const provinceDept = province.find((o) => o.name === '第1市第1区第3局') as OrganSpec
// The same corpus in both: every item belongs to the reviewers' government or one of its organs
// (the demo's 6; in the province, the district and its 60 departments among 10,000 organs), so
// each operation sees the same items and only the size of the organ tree differs.
const a = await setUp('demo', demo, demo[3] as OrganSpec, demo[0] as OrganSpec, demo)
const districtOrgans = province.filter((o) => o.id === district.id || o.parentId === district.id)
const b = await setUp('province', province, provinceDept, district, districtOrgans)
const times = {
  demo: { saveDraft: [], firstReview: [], finalReview: [], consoleList: [] } as Record<Op, number[]>,
  province: { saveDraft: [], firstReview: [], finalReview: [], consoleList: [] } as Record<Op, number[]>,
}
for (let w = 0; w < 3; w++) {
  await round(a, w, { saveDraft: [], firstReview: [], finalReview: [], consoleList: [] })
  await round(b, w, { saveDraft: [], firstReview: [], finalReview: [], consoleList: [] })
}
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which database goes first, so that neither always runs on a warmer machine.
  const order = r % 2 === 0 ? [a, b] : [b, a]
  for (const s of order) {
    await round(s, 100 + r, times[s.label as 'demo' | 'province'])
  }
}
const result = Object.fromEntries(
  OPS.map((op) => {
    const d = median(times.demo[op])
    const p = median(times.province[op])
    return [
      op,
      {
        demoMedianMs: Math.round(d * 100) / 100,
        demoP95Ms: Math.round(p95(times.demo[op]) * 100) / 100,
        provinceMedianMs: Math.round(p * 100) / 100,
        provinceP95Ms: Math.round(p95(times.province[op]) * 100) / 100,
        ratio: Math.round((p / d) * 100) / 100,
      },
    ]
  }),
)
console.table(result)
writeFileSync(
  `${OUT}last-organs.json`,
  `${JSON.stringify(
    {
      machine: {
        date: new Date().toISOString(),
        node: process.version,
        cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
        loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
      },
      items: ITEMS,
      rounds: ROUNDS,
      organs: { demo: a.organs, province: b.organs },
      result,
    },
    null,
    2,
  )}\n`,
)
await a.db.close()
await b.db.close()
log('wrote bench/out/last-organs.json')
