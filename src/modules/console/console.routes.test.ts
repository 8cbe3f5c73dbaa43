import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildItem, buildOrgan, buildUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import type { OrganRow } from '../organs/organ.table.js'
import type { Role } from '../users/user.table.js'

describe.each(TEST_DIALECTS)('console dashboard (%s)', (dialect) => {
  let t: TestApp
  let gov: OrganRow
  let dept: OrganRow
  let inst: OrganRow
  let other: OrganRow
  beforeAll(async () => {
    t = await createTestApp(dialect)
    gov = await buildOrgan(t.db, { name: '某区人民政府', kind: 'government' })
    dept = await buildOrgan(t.db, { name: '某区广播电视局', parentId: gov.id })
    inst = await buildOrgan(t.db, { name: '某区融媒体中心', parentId: dept.id, kind: 'institution' })
    other = await buildOrgan(t.db, { name: '某区财政局', parentId: gov.id })
  })
  afterAll(async () => {
    await t.close()
  })

  async function dashboardAs(
    roles: Array<{ role: Role; organId?: string; subtree?: boolean }>,
  ): Promise<string> {
    const u = await buildUser(t.db, { roles })
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    const res = await c.get('/console')
    expect(res.statusCode).toBe(200)
    return res.body
  }

  it('sends anonymous visitors to the log-in form', async () => {
    const res = await new TestClient(t.app).get('/console')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/login?next=%2Fconsole')
  })

  it('lands on the dashboard after log-in', async () => {
    const u = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
    const c = new TestClient(t.app)
    await c.get('/login')
    const res = await c.post('/login', { username: u.username, password: u.password })
    expect(res.headers.location).toBe('/console')
  })

  it('shows an administrator the organ, user and audit pages', async () => {
    const body = await dashboardAs([{ role: 'admin', organId: gov.id, subtree: true }])
    expect(body).toContain('系统管理员')
    expect(body).toContain('本机关及下属机关')
    expect(body).toContain('href="/console/organs"')
    expect(body).toContain('href="/console/users"')
    expect(body).toContain('href="/console/audit"')
    expect(body).not.toContain('/console/items?status=final_review')
  })

  it('shows an information officer the first-review queue and the drafts, and no administration', async () => {
    const body = await dashboardAs([{ role: 'officer', organId: dept.id }])
    expect(body).toContain('信息员')
    expect(body).toContain('href="/console/items?status=first_review"')
    expect(body).toContain('href="/console/items"')
    expect(body).toContain(`href="/organs/${dept.code}"`)
    expect(body).not.toContain('href="/console/users"')
    expect(body).not.toContain('href="/console/audit"')
  })

  it('shows a handler where to draft', async () => {
    const body = await dashboardAs([{ role: 'handler', organId: dept.id }])
    expect(body).toContain('承办人')
    expect(body).toContain('href="/console/items/new"')
    expect(body).not.toContain('status=first_review')
  })

  it('shows a leader the final-review queue', async () => {
    const body = await dashboardAs([{ role: 'leader', organId: dept.id }])
    expect(body).toContain('分管领导')
    expect(body).toContain('href="/console/items?status=final_review"')
    expect(body).not.toContain('href="/console/audit"')
  })

  it('shows the head of the disclosure office an overview of the organs in charge', async () => {
    const body = await dashboardAs([{ role: 'office_head', organId: dept.id, subtree: true }])
    expect(body).toContain('公开办负责人')
    expect(body).toContain('负责范围（共 2 个机关）')
    expect(body).toContain(`href="/organs/${inst.code}"`)
    expect(body).not.toContain(`href="/organs/${other.code}"`)
  })

  it('shows a supervisor a read-only overview of exactly their subtree and the audit log', async () => {
    const body = await dashboardAs([{ role: 'supervisor', organId: dept.id, subtree: true }])
    expect(body).toContain('监督员')
    expect(body).toContain('监督范围（共 2 个机关）')
    // in tree order: the department before its institution
    const scopeList = /<ul class="scope-list">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? ''
    expect(scopeList.indexOf(dept.code)).toBeGreaterThanOrEqual(0)
    expect(scopeList.indexOf(dept.code)).toBeLessThan(scopeList.indexOf(inst.code))
    expect(body).toContain(`href="/organs/${dept.code}"`)
    expect(body).toContain(`href="/organs/${inst.code}"`)
    expect(body).not.toContain(`href="/organs/${other.code}"`)
    expect(body).not.toContain(`href="/organs/${gov.code}"`)
    expect(body).toContain('href="/console/audit"')
    expect(body).not.toContain('href="/console/users"')
    expect(body).not.toContain('href="/console/items/new"')
  })

  it('lists every role of a person holding several, per organ', async () => {
    const body = await dashboardAs([
      { role: 'officer', organId: dept.id },
      { role: 'leader', organId: other.id },
    ])
    expect(body).toMatch(new RegExp(`${dept.name}</a></td><td>信息员</td>`))
    expect(body).toMatch(new RegExp(`${other.name}</a></td><td>分管领导</td>`))
    expect(body).toContain('status=first_review')
    expect(body).toContain('status=final_review')
  })

  it('tells a person without roles to ask an administrator, and links the password change', async () => {
    const body = await dashboardAs([])
    expect(body).toContain('尚未被授予任何角色')
    expect(body).toContain('href="/account/password"')
    expect(body).not.toContain('href="/console/items')
  })

  it('counts what waits for each person and links each count to exactly those items', async () => {
    const organ = await buildOrgan(t.db, { name: '某区统计局', parentId: gov.id })
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: organ.id }] })
    const leader = await buildUser(t.db, { roles: [{ role: 'leader', organId: organ.id }] })
    const handler = await buildUser(t.db, { roles: [{ role: 'handler', organId: organ.id }] })
    const mine = (id: string) => ({ drafted_by: id, editors: JSON.stringify([id]) })
    await buildItem(t.db, {
      organ_id: organ.id,
      title: '待初审甲',
      status: 'first_review',
      ...mine(handler.id),
    })
    await buildItem(t.db, {
      organ_id: organ.id,
      title: '信息员自己起草的',
      status: 'first_review',
      ...mine(officer.id),
    })
    await buildItem(t.db, {
      organ_id: organ.id,
      title: '信息员改过的',
      status: 'first_review',
      drafted_by: handler.id,
      editors: JSON.stringify([handler.id, officer.id]),
    })
    await buildItem(t.db, {
      organ_id: organ.id,
      title: '待终审乙',
      status: 'final_review',
      first_reviewer_id: officer.id,
      ...mine(handler.id),
    })
    await buildItem(t.db, {
      organ_id: organ.id,
      title: '被退回丙',
      status: 'draft',
      return_reason: '请补充文号',
      ...mine(handler.id),
    })
    await buildItem(t.db, { organ_id: organ.id, title: '草稿丁', status: 'draft', ...mine(handler.id) })
    await buildItem(t.db, { organ_id: other.id, title: '别的机关的待初审', status: 'first_review' })

    const count = (body: string, label: string) =>
      new RegExp(`<span class="work-label">${label}</span> <span class="work-n">(\\d+)</span>`).exec(
        body,
      )?.[1]
    const as = async (u: { username: string; password: string }) => {
      const c = new TestClient(t.app)
      await c.login(u.username, u.password)
      return c
    }
    const o = await as(officer)
    const ob = (await o.get('/console')).body
    expect(count(ob, '待我初审')).toBe('1')
    expect(ob).toContain('href="/console/items?queue=first"')
    const queue = (await o.get('/console/items?queue=first')).body
    expect(queue).toContain('待初审甲')
    for (const hidden of ['信息员自己起草的', '信息员改过的', '别的机关的待初审', '待终审乙']) {
      expect(queue).not.toContain(hidden)
    }
    expect(count((await (await as(leader)).get('/console')).body, '待我终审')).toBe('1')
    const h = await as(handler)
    const hb = (await h.get('/console')).body
    expect(count(hb, '被退回')).toBe('1')
    expect(count(hb, '草稿')).toBe('2')
    expect(hb).not.toContain('待我初审')
    const returned = (await h.get('/console/items?queue=returned')).body
    expect(returned).toContain('被退回丙')
    expect(returned).not.toContain('草稿丁')
  })

  it('links each organ on a supervisor’s dashboard to its items in the console', async () => {
    const body = await dashboardAs([{ role: 'supervisor', organId: gov.id, subtree: true }])
    expect(body).toContain(`href="/console/items?organ=${dept.id}"`)
    expect(body).toContain(`href="/console/items?organ=${other.id}"`)
  })
})
