import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildOrgan, buildUser, uniqueUscc, type BuiltUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import type { OrganRow } from './organ.table.js'

/** Roles that must never reach the administration pages, even when granted over everything. */
const OTHER_ROLES = ['officer', 'handler', 'leader', 'office_head', 'supervisor'] as const

describe.each(TEST_DIALECTS)('console organ pages (%s)', (dialect) => {
  let t: TestApp
  let gov: OrganRow
  let dept: OrganRow
  let other: OrganRow
  let admin: BuiltUser
  let deptAdmin: BuiltUser
  let c: TestClient
  beforeAll(async () => {
    t = await createTestApp(dialect)
    gov = await buildOrgan(t.db, { kind: 'government', name: '测试区人民政府' })
    dept = await buildOrgan(t.db, { parentId: gov.id, name: '测试区广播电视局' })
    other = await buildOrgan(t.db, { parentId: gov.id, name: '测试区教育局' })
    admin = await buildUser(t.db, { roles: [{ role: 'admin', organId: gov.id, subtree: true }] })
    deptAdmin = await buildUser(t.db, { roles: [{ role: 'admin', organId: dept.id, subtree: true }] })
    c = new TestClient(t.app)
    await c.login(admin.username, admin.password)
  })
  afterAll(async () => {
    await t.close()
  })

  function validForm(over: Record<string, string> = {}): Record<string, string> {
    return {
      name: '测试区文化和旅游局',
      shortName: '区文旅局',
      kind: 'department',
      parentId: gov.id,
      code: uniqueUscc(),
      sortOrder: '3',
      officeName: '区文旅局办公室',
      officeAddress: '测试路 8 号',
      officePostcode: '255000',
      officeHours: '工作日 9:00-17:00',
      officePhone: '0533-3000000',
      officeFax: '',
      officeEmail: 'wl@example.gov.cn',
      officeWeb: 'https://wl.example.gov.cn',
      ...over,
    }
  }

  it('lists the organ tree with codes and edit links', async () => {
    const res = await c.get('/console/organs')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('测试区人民政府')
    expect(res.body).toContain(dept.code)
    expect(res.body).toContain(`/console/organs/${dept.id}/edit`)
    expect(res.body).toContain(`/console/organs/new?parent=${gov.id}`)
  })

  it('re-renders the form with 422, the expected check character and the input kept', async () => {
    const good = uniqueUscc()
    const expected = good.slice(17)
    const bad = good.slice(0, 17) + (expected === '0' ? '1' : '0')
    const res = await c.post(
      '/console/organs',
      validForm({ code: bad, officePostcode: '2550', name: '测试区<script>局' }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain(`第 18 位应为“${expected}”`)
    expect(res.body).toContain('邮政编码应为 6 位数字')
    expect(res.body).toContain('id="f-code-error"')
    expect(res.body).toContain(`value="${bad}"`)
    expect(res.body).toContain('value="测试区&lt;script>局"')
    expect(res.body).not.toContain('测试区<script>局')
    expect(res.body).toContain('value="wl@example.gov.cn"')
    const count = await t.db.kysely.selectFrom('organ').select('id').where('code', '=', bad).execute()
    expect(count).toHaveLength(0)
  })

  it('adds an organ, redirects to the tree with a notice, and audits it under the admin’s name', async () => {
    const form = validForm()
    const res = await c.post('/console/organs', form)
    expect(res.statusCode).toBe(303)
    const row = await t.db.kysely
      .selectFrom('organ')
      .selectAll()
      .where('code', '=', form.code!)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ name: '测试区文化和旅游局', parent_id: gov.id, office_postcode: '255000' })
    expect(res.headers.location).toBe(`/console/organs?created=${row.id}`)
    const page = await c.get(res.headers.location as string)
    expect(page.body).toContain('已新增机关“测试区文化和旅游局”')
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', row.id)
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'organ.created', actor_name: admin.username, actor_id: admin.id })
  })

  it('edits an organ, keeps input on errors, and refuses a stale version', async () => {
    const organ = await buildOrgan(t.db, { parentId: gov.id, name: '待编辑局' })
    const form = await c.get(`/console/organs/${organ.id}/edit`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('value="待编辑局"')
    expect(form.body).toContain('name="version" value="1"')
    const base = validForm({ name: '已编辑局', code: organ.code, version: '1' })
    const bad = await c.post(`/console/organs/${organ.id}/edit`, { ...base, officeEmail: 'nope' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('电子邮箱格式不正确')
    expect(bad.body).toContain('value="已编辑局"')
    const ok = await c.post(`/console/organs/${organ.id}/edit`, base)
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe(`/console/organs?updated=${organ.id}`)
    const stale = await c.post(`/console/organs/${organ.id}/edit`, { ...base, name: '覆盖局' })
    expect(stale.statusCode).toBe(409)
    const row = await t.db.kysely
      .selectFrom('organ')
      .selectAll()
      .where('id', '=', organ.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ name: '已编辑局', version: 2 })
  })

  it('answers JSON callers with the error code and field messages', async () => {
    const good = uniqueUscc()
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0')
    const res = await t.app.inject({
      method: 'POST',
      url: '/console/organs',
      headers: { ...(await sessionHeaders(t, admin)), accept: 'application/json' },
      payload: { name: 'JSON 局', code: bad },
    })
    expect(res.statusCode).toBe(422)
    const body = res.json<{ error: { code: string; fields: Record<string, string[]> } }>()
    expect(body.error.code).toBe('ORGAN_CODE_INVALID')
    expect(body.error.fields.code?.[0]).toContain(`第 18 位应为“${good.slice(17)}”`)
  })

  it('lets a department admin edit only inside their subtree (403 elsewhere)', async () => {
    const d = new TestClient(t.app)
    await d.login(deptAdmin.username, deptAdmin.password)
    expect((await d.get(`/console/organs/${dept.id}/edit`)).statusCode).toBe(200)
    expect((await d.get(`/console/organs/${other.id}/edit`)).statusCode).toBe(403)
    expect((await d.get(`/console/organs/${gov.id}/edit`)).statusCode).toBe(403)
    const list = await d.get('/console/organs')
    expect(list.body).not.toContain(`/console/organs/${other.id}/edit`)
    const newForm = await d.get('/console/organs/new')
    // The parent field suggests the department (the admin's own subtree), not the government.
    expect(newForm.body).toContain(`<option value="${dept.name}（${dept.code}）"`)
    expect(newForm.body).not.toContain(`<option value="${gov.name}（${gov.code}）"`)
    const outside = await d.post('/console/organs', validForm({ parentId: other.id }))
    expect(outside.statusCode).toBe(403)
    const inside = await d.post('/console/organs', validForm({ parentId: dept.id, kind: 'institution' }))
    expect(inside.statusCode).toBe(303)
  })

  describe('the parent field (a text field with suggestions, for any number of organs)', () => {
    const countNamed = async (name: string) =>
      (await t.db.kysely.selectFrom('organ').select('id').where('name', '=', name).execute()).length

    it('places the organ under the parent typed by name, short name or code', async () => {
      const byName = await c.post('/console/organs', {
        ...validForm({ name: '按名称下级中心', kind: 'institution' }),
        parent: dept.name,
      })
      expect(byName.statusCode).toBe(303)
      const byCode = await c.post('/console/organs', {
        ...validForm({ name: '按代码下级中心', kind: 'institution' }),
        parent: `${dept.name}（${dept.code}）`,
      })
      expect(byCode.statusCode).toBe(303)
      const rows = await t.db.kysely
        .selectFrom('organ')
        .select(['name', 'parent_id'])
        .where('name', 'in', ['按名称下级中心', '按代码下级中心'])
        .execute()
      expect(rows.map((r) => r.parent_id)).toEqual([dept.id, dept.id])
    })

    it('offers the matching organs as choices when the text is ambiguous, saving nothing, then takes the pick', async () => {
      const form = { ...validForm({ name: '歧义测试中心', kind: 'institution' }), parent: '测试区' }
      const res = await c.post('/console/organs', form)
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('与“测试区”相符，请从下列选项中选择')
      expect(res.body).toContain('id="f-parent-error"')
      expect(res.body).toContain(`name="parentPick" value="${dept.id}"`)
      expect(res.body).toContain(`name="parentPick" value="${other.id}"`)
      expect(res.body).toContain('value="歧义测试中心"')
      expect(await countNamed('歧义测试中心')).toBe(0)
      const picked = await c.post('/console/organs', { ...form, parentPick: other.id })
      expect(picked.statusCode).toBe(303)
      const row = await t.db.kysely
        .selectFrom('organ')
        .select('parent_id')
        .where('name', '=', '歧义测试中心')
        .executeTakeFirstOrThrow()
      expect(row.parent_id).toBe(other.id)
    })

    it('says in Chinese that an unknown parent does not exist, and saves nothing', async () => {
      const res = await c.post('/console/organs', {
        ...validForm({ name: '无上级测试中心' }),
        parent: '根本不存在的局',
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('没有名称或代码含“根本不存在的局”的上级机关')
      expect(res.body).toContain('value="根本不存在的局"')
      expect(await countNamed('无上级测试中心')).toBe(0)
    })

    it('refuses a parent outside the administrator’s subtree with a field error', async () => {
      const d = new TestClient(t.app)
      await d.login(deptAdmin.username, deptAdmin.password)
      const byCode = await d.post('/console/organs', {
        ...validForm({ name: '越界测试中心' }),
        parent: other.code,
      })
      expect(byCode.statusCode).toBe(422)
      expect(byCode.body).toContain(`“${other.name}”不在您可选择的范围内`)
      const byName = await d.post('/console/organs', {
        ...validForm({ name: '越界测试中心' }),
        parent: other.name,
      })
      expect(byName.statusCode).toBe(422)
      expect(byName.body).toContain(`没有名称或代码含“${other.name}”的上级机关`)
      const empty = await d.post('/console/organs', { ...validForm({ name: '越界测试中心' }), parent: '' })
      expect(empty.statusCode).toBe(422)
      expect(empty.body).toContain('请填写上级机关名称或机构代码')
      expect(await countNamed('越界测试中心')).toBe(0)
    })

    it('shows the current parent in the edit form and keeps it on save', async () => {
      const organ = await buildOrgan(t.db, {
        parentId: dept.id,
        name: '保留上级测试中心',
        kind: 'institution',
      })
      const form = await c.get(`/console/organs/${organ.id}/edit`)
      expect(form.body).toContain(`name="parent"`)
      expect(form.body).toContain(`value="${dept.name}（${dept.code}）"`)
      const saved = await c.post(`/console/organs/${organ.id}/edit`, {
        ...validForm({ name: '保留上级测试中心', code: organ.code, kind: 'institution', version: '1' }),
        parent: `${dept.name}（${dept.code}）`,
      })
      expect(saved.statusCode).toBe(303)
      const row = await t.db.kysely
        .selectFrom('organ')
        .select('parent_id')
        .where('id', '=', organ.id)
        .executeTakeFirstOrThrow()
      expect(row.parent_id).toBe(dept.id)
    })
  })

  it('returns 404 for an organ that does not exist', async () => {
    expect((await c.get('/console/organs/00000000-0000-4000-8000-000000000000/edit')).statusCode).toBe(404)
  })

  describe('access to every organ page', () => {
    const routes = (id: string): Array<['GET' | 'POST', string]> => [
      ['GET', '/console/organs'],
      ['GET', '/console/organs/new'],
      ['GET', `/console/organs/${id}/edit`],
      ['POST', '/console/organs'],
      ['POST', `/console/organs/${id}/edit`],
    ]

    it.each(OTHER_ROLES)('refuses %s with 403 on every route and changes nothing', async (role) => {
      const u = await buildUser(t.db, { roles: [{ role, organId: gov.id, subtree: true }] })
      const client = new TestClient(t.app)
      await client.login(u.username, u.password)
      for (const [method, url] of routes(dept.id)) {
        const res =
          method === 'GET'
            ? await client.get(url)
            : await client.post(url, validForm({ name: '越权修改局', code: dept.code, version: '1' }))
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403)
      }
      const row = await t.db.kysely
        .selectFrom('organ')
        .select('name')
        .where('id', '=', dept.id)
        .executeTakeFirst()
      expect(row?.name).toBe('测试区广播电视局')
    })

    it('sends anonymous visitors to log in (GET) or refuses them (POST)', async () => {
      const anon = new TestClient(t.app)
      for (const [method, url] of routes(dept.id)) {
        const res = method === 'GET' ? await anon.get(url) : await anon.post(url, validForm())
        if (method === 'GET') {
          expect(res.statusCode, url).toBe(303)
          expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`)
        } else {
          expect(res.statusCode, url).toBe(401)
        }
      }
    })
  })
})

/** Cookie and CSRF headers of a fresh session (for requests TestClient cannot shape, like JSON). */
async function sessionHeaders(t: TestApp, u: BuiltUser): Promise<Record<string, string>> {
  const first = await t.app.inject({ method: 'GET', url: '/login' })
  const anon = first.cookies.find((x) => x.name === 'gk_csrf')?.value ?? ''
  const login = await t.app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: `gk_csrf=${anon}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: anon, username: u.username, password: u.password }).toString(),
  })
  const session = login.cookies.find((x) => x.name === 'gk_session')?.value ?? ''
  const page = await t.app.inject({
    method: 'GET',
    url: '/console/organs',
    headers: { cookie: `gk_session=${session}` },
  })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
  return { cookie: `gk_session=${session}`, 'x-csrf-token': csrf }
}
