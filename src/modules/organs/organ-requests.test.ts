import type { FastifyInstance } from 'fastify'
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../app.js'
import type { Db } from '../../db/database.js'
import { systemClock } from '../../shared/clock.js'
import type { AppDeps } from '../../shared/deps.js'
import { createTestDb, TEST_DIALECTS } from '../../../test/db.js'
import { buildItem, buildOrgan, buildUser, uniqueUscc, type BuiltUser } from '../../../test/factories.js'
import { testConfig, TestClient } from '../../../test/http.js'
import { createSearchIndex } from '../catalogue/search/index.js'
import { packagedCalendarProvider } from '../../shared/calendar/provider.js'
import type { OrganRow } from './organ.table.js'
import { oneOffFieldCipher } from '../privacy/index.js'

/** The table a FROM entry names, through an alias. */
function tableName(node: OperationNode): string | undefined {
  const n = node as { kind: string; node?: OperationNode; table?: { identifier?: { name?: string } } }
  if (n.kind === 'AliasNode' && n.node) {
    return tableName(n.node)
  }
  return n.kind === 'TableNode' ? n.table?.identifier?.name : undefined
}

/** A LIMIT up to this bounds a read (a page, a level); above it a "limit" is the whole table. */
const MAX_BOUNDED_READ = 1000

/**
 * Records every SELECT that reads organ rows with neither a WHERE nor a small LIMIT: what loading the
 * whole tree looks like, whichever function does it. (A bare count(*) reads no rows out.)
 */
class WholeOrganTableReads implements KyselyPlugin {
  seen: string[] = []
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const n = args.node as unknown as {
      kind: string
      from?: { froms: OperationNode[] }
      joins?: Array<{ table: OperationNode }>
      where?: unknown
      limit?: { limit?: { value?: unknown } }
      selections?: Array<{ selection: { kind: string; node?: { kind: string } } }>
    }
    const limit = Number(n.limit?.limit?.value ?? Infinity)
    if (n.kind === 'SelectQueryNode' && !n.where && !(limit <= MAX_BOUNDED_READ)) {
      const tables = [...(n.from?.froms ?? []), ...(n.joins ?? []).map((j) => j.table)].map(tableName)
      const onlyAggregates =
        (n.selections ?? []).length > 0 &&
        (n.selections ?? []).every((s) => (s.selection.node ?? s.selection).kind === 'AggregateFunctionNode')
      if (tables.includes('organ') && !onlyAggregates) {
        this.seen.push(JSON.stringify(tables))
      }
    }
    return args.node
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result)
  }
}

describe.each(TEST_DIALECTS)('request paths read only the organs they need (%s)', (dialect) => {
  let db: Db
  let app: FastifyInstance
  const reads = new WholeOrganTableReads()
  let province: OrganRow
  let bureau: OrganRow
  let officer: BuiltUser
  let leader: BuiltUser
  let admin: BuiltUser
  let draftId: string
  let publishedId: string

  beforeAll(async () => {
    const raw = await createTestDb(dialect)
    db = { ...raw, kysely: raw.kysely.withPlugin(reads) }
    province = await buildOrgan(db, { kind: 'government', name: '请求测试省人民政府' })
    for (let c = 0; c < 3; c++) {
      const city = await buildOrgan(db, { parentId: province.id, kind: 'government', name: `请求测试市${c}` })
      for (let d = 0; d < 4; d++) {
        await buildOrgan(db, { parentId: city.id, name: `请求测试市${c}局${d}` })
      }
    }
    const city = await buildOrgan(db, { parentId: province.id, kind: 'government', name: '请求测试主市' })
    bureau = await buildOrgan(db, { parentId: city.id, name: '请求测试主市教育局' })
    officer = await buildUser(db, { roles: [{ role: 'officer', organId: bureau.id }] })
    leader = await buildUser(db, { roles: [{ role: 'leader', organId: city.id, subtree: true }] })
    admin = await buildUser(db, { roles: [{ role: 'admin', organId: province.id, subtree: true }] })
    draftId = (await buildItem(db, { organ_id: bureau.id, status: 'draft', drafted_by: officer.id })).id
    publishedId = (await buildItem(db, { organ_id: bureau.id })).id
    const deps: AppDeps = {
      config: testConfig(),
      db,
      clock: systemClock,
      search: createSearchIndex(db.dialect),
      calendar: packagedCalendarProvider(),
      personalData: oneOffFieldCipher(),
    }
    app = await buildApp(deps, { logger: false })
  })
  afterAll(async () => {
    await app.close()
    await db.close()
  })

  it('serves the console item list, an item page and the edit form without reading the whole organ table', async () => {
    const c = new TestClient(app)
    await c.login(officer.username, officer.password)
    reads.seen = []
    for (const url of [
      '/console',
      '/console/items',
      `/console/items/${draftId}`,
      `/console/items/${draftId}/edit`,
    ]) {
      expect((await c.get(url)).statusCode, url).toBe(200)
    }
    expect(reads.seen).toEqual([])
  })

  it('checks a subtree reviewer’s access and the audit browser without reading the whole organ table', async () => {
    const l = new TestClient(app)
    await l.login(leader.username, leader.password)
    const a = new TestClient(app)
    await a.login(admin.username, admin.password)
    reads.seen = []
    expect((await l.get(`/console/items/${publishedId}`)).statusCode).toBe(200)
    expect((await l.get('/console/items')).statusCode).toBe(200)
    expect((await a.get('/console/audit')).statusCode).toBe(200)
    expect((await a.get(`/console/audit?organ=${bureau.id}`)).statusCode).toBe(200)
    expect(reads.seen).toEqual([])
  })

  it('serves an organ’s public column without reading the whole organ table', async () => {
    reads.seen = []
    expect((await app.inject({ url: `/organs/${bureau.code}` })).statusCode).toBe(200)
    expect((await app.inject({ url: `/organs/${bureau.code}/catalogue` })).statusCode).toBe(200)
    expect(reads.seen).toEqual([])
  })

  it('serves the organ and user forms with their organ fields without reading the whole organ table', async () => {
    const a = new TestClient(app)
    await a.login(admin.username, admin.password)
    reads.seen = []
    for (const url of [
      '/console/organs/new',
      `/console/organs/new?parent=${bureau.id}`,
      `/console/organs/${bureau.id}/edit`,
      '/console/users/new',
      `/console/users/${officer.id}`,
    ]) {
      expect((await a.get(url)).statusCode, url).toBe(200)
    }
    // Typed, ambiguous and unknown organs on the organ and grant forms.
    for (const parent of ['请求测试主市', '请求测试市', '没有这个机关']) {
      const res = await a.post('/console/organs', {
        name: '请求测试新局',
        kind: 'department',
        code: uniqueUscc(),
        parent,
      })
      expect([303, 422], parent).toContain(res.statusCode)
    }
    for (const organ of ['请求测试主市教育局', '请求测试市', '没有这个机关']) {
      const res = await a.post(`/console/users/${officer.id}/grants`, { role: 'handler', organ })
      expect([303, 422], organ).toContain(res.statusCode)
    }
    expect(reads.seen).toEqual([])
  })

  it('serves the new-item form and takes a typed 发布机构 without reading the whole organ table', async () => {
    const c = new TestClient(app)
    await c.login(officer.username, officer.password)
    reads.seen = []
    expect((await c.get('/console/items/new')).statusCode).toBe(200)
    const res = await c.post('/console/items/new', { organ: '请求测试市', title: '' })
    expect([303, 404, 422]).toContain(res.statusCode)
    expect(reads.seen).toEqual([])
  })

  it('serves the catalogue and search pages with a typed, ambiguous or picked 发布机构 without reading the whole organ table', async () => {
    reads.seen = []
    for (const url of [
      `/catalogue?organ=${encodeURIComponent('请求测试市')}`,
      `/catalogue?organ=${encodeURIComponent('请求测试市')}&organPick=${bureau.id}`,
      `/catalogue?organ=${bureau.code}`,
      `/search?q=${encodeURIComponent('测试')}&organ=${encodeURIComponent('请求测试市')}`,
    ]) {
      expect([200, 422], url).toContain((await app.inject({ url })).statusCode)
    }
    expect(reads.seen).toEqual([])
  })

  it('does see a whole-table read when one happens (the probe works)', async () => {
    reads.seen = []
    await db.kysely.selectFrom('organ').select(['id', 'parent_id']).execute()
    await db.kysely.selectFrom('organ').select('id').limit(1_000_000).execute()
    expect(reads.seen.length).toBe(2)
  })
})
