import SqliteDatabase from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildApp } from '../../../app.js'
import { createDb } from '../../../db/database.js'
import { migrateToLatest } from '../../../db/migrator.js'
import { systemClock } from '../../../shared/clock.js'
import { TEST_DIALECTS } from '../../../../test/db.js'
import { buildItem, buildOrgan, buildUser } from '../../../../test/factories.js'
import { createTestApp, testConfig, TestClient, type TestApp } from '../../../../test/http.js'
import { createSearchIndex } from '../search/index.js'
import { packagedCalendarProvider } from '../../../shared/calendar/provider.js'
import { ORGAN_SELECT_MAX } from './catalogue-public.service.js'
import { oneOffFieldCipher } from '../../privacy/index.js'

describe.each(TEST_DIALECTS)('public pages stay current (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => {
    await t.close()
  })
  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('shows a change made after the page was first served', async () => {
    const organ = await buildOrgan(t.db)
    const item = await buildItem(t.db, {
      organ_id: organ.id,
      index_no: `${organ.org_code}/2024-00001`,
      title: '原来的标题',
    })
    expect((await get(`/items/${item.id}`)).body).toContain('原来的标题')
    expect((await get(`/organs/${organ.code}/catalogue`)).body).toContain('共 1 条')
    await t.db.kysely.updateTable('item').set({ title: '改过的标题' }).where('id', '=', item.id).execute()
    await buildItem(t.db, { organ_id: organ.id, index_no: `${organ.org_code}/2024-00002` })
    expect((await get(`/items/${item.id}`)).body).toContain('改过的标题')
    const list = (await get(`/organs/${organ.code}/catalogue`)).body
    expect(list).toContain('改过的标题')
    expect(list).toContain('共 2 条')
    await t.db.kysely.updateTable('item').set({ status: 'withdrawn' }).where('id', '=', item.id).execute()
    expect((await get(`/items/${item.id}`)).statusCode).toBe(404)
  })

  it('answers a repeated search from the read cache until the catalogue changes', async () => {
    const organ = await buildOrgan(t.db)
    const first = await buildItem(t.db, { organ_id: organ.id, title: '关于加强有线广播管理的通知' })
    await t.deps.search.upsert(t.db.kysely, [{ docNo: first.doc_no, title: first.title, body: '' }])
    const engine = vi.spyOn(t.deps.search, 'search')
    try {
      const url = `/search?q=${encodeURIComponent('有线广播')}`
      expect((await get(url)).body).toContain('共 1 条')
      expect((await get(url)).body).toContain('共 1 条')
      expect(engine).toHaveBeenCalledTimes(1)
      const second = await buildItem(t.db, { organ_id: organ.id, title: '有线广播站点名单' })
      await t.deps.search.upsert(t.db.kysely, [{ docNo: second.doc_no, title: second.title, body: '' }])
      const after = (await get(url)).body
      expect(after).toContain('共 2 条')
      expect(after).toContain('站点名单')
      expect(engine).toHaveBeenCalledTimes(2)
    } finally {
      engine.mockRestore()
    }
  })

  it('never serves one visitor’s page to another: staff get their own, the public never get staff pages', async () => {
    const organ = await buildOrgan(t.db)
    const item = await buildItem(t.db, { organ_id: organ.id, index_no: `${organ.org_code}/2024-00001` })
    const user = await buildUser(t.db, { roles: [{ role: 'officer', organId: organ.id }] })
    const staff = new TestClient(t.app)
    await staff.login(user.username, user.password)
    const anonymousFirst = await get(`/items/${item.id}`)
    expect(anonymousFirst.body).not.toContain('退出（')
    const staffPage = await staff.get(`/items/${item.id}`)
    expect(staffPage.body).toContain('退出（')
    expect(staffPage.body).toContain(staff.csrf)
    const anonymousAfter = await get(`/items/${item.id}`)
    expect(anonymousAfter.body).not.toContain('退出（')
    expect(anonymousAfter.body).not.toContain(staff.csrf)
  })
})

describe('public pages stay current when another process writes (sqlite file)', () => {
  let dir: string
  let close: () => Promise<void>
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gk-cache-'))
  })
  afterAll(async () => {
    await close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('sees a title changed through another connection on the next request', async () => {
    const path = join(dir, 'gk.db')
    const db = createDb({ kind: 'sqlite', path })
    await migrateToLatest(db)
    const app = await buildApp(
      {
        config: testConfig(),
        db,
        clock: systemClock,
        search: createSearchIndex('sqlite'),
        calendar: packagedCalendarProvider(),
        personalData: oneOffFieldCipher(),
      },
      { logger: false },
    )
    close = async () => {
      await app.close()
      await db.close()
    }
    const organ = await buildOrgan(db)
    const item = await buildItem(db, {
      organ_id: organ.id,
      index_no: `${organ.org_code}/2024-00001`,
      title: '甲',
    })
    expect((await app.inject({ url: `/items/${item.id}` })).body).toContain('<h1 class="item-title">甲')
    const other = new SqliteDatabase(path)
    other.prepare('UPDATE item SET title = ? WHERE id = ?').run('乙', item.id)
    other.close()
    expect((await app.inject({ url: `/items/${item.id}` })).body).toContain('<h1 class="item-title">乙')
  })
})

describe.each(TEST_DIALECTS)('an installation with many organs (%s)', (dialect) => {
  let t: TestApp
  let target: Awaited<ReturnType<typeof buildOrgan>>
  beforeAll(async () => {
    t = await createTestApp(dialect)
    const now = new Date().toISOString()
    const rows = Array.from({ length: ORGAN_SELECT_MAX + 1 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `批量机关${i}`,
      short_name: null,
      kind: 'department' as const,
      parent_id: null,
      code: `B${String(i).padStart(8, '0')}`,
      code_type: 'org9' as const,
      org_code: `B${String(i).padStart(8, '0')}`,
      sort_order: 10,
      office_name: null,
      office_address: null,
      office_postcode: null,
      office_hours: null,
      office_phone: null,
      office_fax: null,
      office_email: null,
      office_web: null,
      created_at: now,
      updated_at: now,
      version: 1,
    }))
    await t.db.kysely
      .insertInto('organ')
      .values(rows.map((r) => ({ ...r, path: `/${r.id}/` })))
      .execute()
    target = await buildOrgan(t.db, { name: '要找的机关' })
    await buildItem(t.db, {
      organ_id: target.id,
      index_no: `${target.org_code}/2024-00001`,
      title: '目标机关的信息',
    })
    await buildItem(t.db, {
      organ_id: rows[3]!.id,
      index_no: 'B00000003/2024-00001',
      title: '别的机关的信息',
    })
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })
  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('offers a text box for the organ instead of a select of every organ', async () => {
    const res = await get('/catalogue')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<input id="f-organ" name="organ" type="text"')
    expect(res.body).not.toContain('<select id="f-organ"')
    expect(res.body).toContain('别的机关的信息')
    expect(res.body).toContain('批量机关3')
  })

  it('filters by the full name or the code typed in the box, and says when neither matches', async () => {
    for (const q of [encodeURIComponent('要找的机关'), target.code.toLowerCase()]) {
      const res = await get(`/catalogue?organ=${q}`)
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('目标机关的信息')
      expect(res.body).not.toContain('别的机关的信息')
      expect(res.body).toContain('value="要找的机关"')
    }
    const none = await get(`/catalogue?organ=${encodeURIComponent('不存在的机关')}`)
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('没有找到该机关，请输入机关全称或机构代码')
    expect(none.body).toContain('value="不存在的机关"')
  })

  it('offers the organs an ambiguous entry matches as choices, and filters by the one picked', async () => {
    const typed = encodeURIComponent('机关3')
    const res = await get(`/catalogue?organ=${typed}`)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('与“机关3”相符，请从下列选项中选择')
    expect(res.body).toContain('id="f-organ-error"')
    expect(res.body).toContain('name="organPick" value="00000000-0000-4000-8000-000000000003"')
    expect(res.body).toContain('name="organPick" value="00000000-0000-4000-8000-000000000030"')
    const picked = await get(`/catalogue?organ=${typed}&organPick=00000000-0000-4000-8000-000000000003`)
    expect(picked.statusCode).toBe(200)
    expect(picked.body).toContain('别的机关的信息')
    expect(picked.body).not.toContain('目标机关的信息')
    expect(picked.body).toContain('value="批量机关3"')
    const search = await get(
      `/search?q=${encodeURIComponent('信息')}&organ=${typed}&organPick=00000000-0000-4000-8000-000000000003`,
    )
    expect(search.statusCode).toBe(200)
    expect(search.body).not.toContain('目标机关的信息')
  })
})
