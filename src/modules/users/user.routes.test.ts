import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildOrgan, buildUser, type BuiltUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import type { OrganRow } from '../organs/organ.table.js'

const OTHER_ROLES = ['officer', 'handler', 'leader', 'office_head', 'supervisor'] as const

/** The temporary password a page shows once. */
function shownPassword(body: string): string {
  const m = /<code class="secret">([^<]+)<\/code>/.exec(body)
  if (!m?.[1]) {
    throw new Error('no temporary password on the page')
  }
  return m[1]
}

describe.each(TEST_DIALECTS)('console user pages (%s)', (dialect) => {
  let t: TestApp
  let gov: OrganRow
  let dept: OrganRow
  let other: OrganRow
  let admin: BuiltUser
  let c: TestClient
  beforeAll(async () => {
    t = await createTestApp(dialect)
    gov = await buildOrgan(t.db, { kind: 'government', name: '测试区人民政府' })
    dept = await buildOrgan(t.db, { parentId: gov.id, name: '测试区广播电视局' })
    other = await buildOrgan(t.db, { parentId: gov.id, name: '测试区教育局' })
    admin = await buildUser(t.db, { roles: [{ role: 'admin', organId: gov.id, subtree: true }] })
    c = new TestClient(t.app)
    await c.login(admin.username, admin.password)
  })
  afterAll(async () => {
    await t.close()
  })

  async function userId(username: string): Promise<string> {
    const row = await t.db.kysely
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
    return row.id
  }

  it('lists accounts with their roles and organs', async () => {
    const u = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
    const res = await c.get('/console/users')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(u.username)
    expect(res.body).toContain('信息员 · 测试区广播电视局')
    expect(res.body).toContain(`/console/users/${u.id}`)
  })

  it('re-renders the new-user form with 422 and Chinese messages, keeping input but not the password', async () => {
    const res = await c.post('/console/users', {
      username: 'Zhang San',
      displayName: '张三',
      password: 'weakpass',
      role: 'officer',
      organId: dept.id,
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('用户名只能由小写字母')
    expect(res.body).toContain('密码至少 10 位')
    expect(res.body).toContain('value="Zhang San"')
    expect(res.body).toContain('value="张三"')
    expect(res.body).not.toContain('weakpass')
    expect(res.body).toContain(`name="organ" type="text" value="${dept.name}（${dept.code}）"`)
  })

  it('creates an account with a generated password shown once; the new user must change it', async () => {
    const res = await c.post('/console/users', {
      username: 'li.si',
      displayName: '李四',
      password: '',
      role: 'officer',
      organId: dept.id,
      includeSubtree: '1',
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).toContain('账号已创建')
    const password = shownPassword(res.body)
    const row = await t.db.kysely
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', 'li.si')
      .executeTakeFirstOrThrow()
    expect(row.must_change_password).toBe(1)
    const grants = await t.db.kysely
      .selectFrom('role_grant')
      .selectAll()
      .where('user_id', '=', row.id)
      .execute()
    expect(grants).toEqual([
      expect.objectContaining({ role: 'officer', organ_id: dept.id, include_subtree: 1 }),
    ])
    const li = new TestClient(t.app)
    await li.get('/login')
    expect((await li.post('/login', { username: 'li.si', password })).statusCode).toBe(303)
    const next = await li.get('/console/users')
    expect(next.statusCode).toBe(303)
    expect(next.headers.location).toBe('/account/password')
  })

  it('refuses a taken user name next to the field', async () => {
    const u = await buildUser(t.db)
    const res = await c.post('/console/users', {
      username: u.username,
      displayName: '重名',
      role: '',
      organId: '',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('该用户名已被使用')
    expect(res.body).toContain('id="f-username-error"')
  })

  it('grants and revokes a role, with field messages when the grant form is incomplete', async () => {
    const u = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
    const page = await c.get(`/console/users/${u.id}`)
    expect(page.statusCode).toBe(200)
    const incomplete = await c.post(`/console/users/${u.id}/grants`, { role: '', organId: other.id })
    expect(incomplete.statusCode).toBe(422)
    expect(incomplete.body).toContain('请选择角色')
    // The organ stays in its field, as 名称（代码）.
    expect(incomplete.body).toContain(`name="organ" type="text" value="${other.name}（${other.code}）"`)
    const granted = await c.post(`/console/users/${u.id}/grants`, { role: 'leader', organId: other.id })
    expect(granted.statusCode).toBe(303)
    expect(granted.headers.location).toBe(`/console/users/${u.id}?done=granted`)
    const after = await c.get(granted.headers.location as string)
    expect(after.body).toContain('已授予角色')
    expect(after.body).toContain('分管领导')
    const grant = await t.db.kysely
      .selectFrom('role_grant')
      .selectAll()
      .where('user_id', '=', u.id)
      .where('role', '=', 'leader')
      .executeTakeFirstOrThrow()
    const revoked = await c.post(`/console/users/${u.id}/grants/${grant.id}/revoke`)
    expect(revoked.statusCode).toBe(303)
    const left = await t.db.kysely
      .selectFrom('role_grant')
      .select('role')
      .where('user_id', '=', u.id)
      .execute()
    expect(left.map((g) => g.role)).toEqual(['officer'])
  })

  it('resets a password (shown once) and disables and enables an account', async () => {
    const u = await buildUser(t.db, { roles: [{ role: 'handler', organId: other.id }] })
    const weak = await c.post(`/console/users/${u.id}/password`, { password: 'abc' })
    expect(weak.statusCode).toBe(422)
    expect(weak.body).toContain('密码至少 10 位')
    const reset = await c.post(`/console/users/${u.id}/password`, { password: '' })
    expect(reset.statusCode).toBe(200)
    expect(reset.body).toContain('密码已重置')
    const password = shownPassword(reset.body)
    const disabled = await c.post(`/console/users/${u.id}/disabled`, { disabled: '1' })
    expect(disabled.statusCode).toBe(303)
    const them = new TestClient(t.app)
    await them.get('/login')
    expect((await them.post('/login', { username: u.username, password })).statusCode).toBe(403)
    expect((await c.post(`/console/users/${u.id}/disabled`, { disabled: '1x' })).statusCode).toBe(422)
    await c.post(`/console/users/${u.id}/disabled`, { disabled: '0' })
    expect((await them.post('/login', { username: u.username, password })).statusCode).toBe(303)
    const actions = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('target_id', '=', u.id)
      .orderBy('seq')
      .execute()
    expect(actions.filter((a) => a.actor_name === admin.username).map((a) => a.action)).toEqual([
      'user.password_reset',
      'user.disabled',
      'user.enabled',
    ])
  })

  it('shows the admin’s own account read-only and refuses changes to it', async () => {
    const self = await c.get(`/console/users/${admin.id}`)
    expect(self.statusCode).toBe(200)
    expect(self.body).toContain('这是您本人的账号')
    expect(self.body).not.toContain(`/console/users/${admin.id}/disabled`)
    expect((await c.post(`/console/users/${admin.id}/disabled`, { disabled: '1' })).statusCode).toBe(403)
  })

  it('keeps a department admin to the accounts inside their subtree', async () => {
    const deptAdmin = await buildUser(t.db, { roles: [{ role: 'admin', organId: dept.id, subtree: true }] })
    const inside = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
    const outside = await buildUser(t.db, { roles: [{ role: 'officer', organId: other.id }] })
    const d = new TestClient(t.app)
    await d.login(deptAdmin.username, deptAdmin.password)
    const list = await d.get('/console/users')
    expect(list.body).toContain(inside.username)
    expect(list.body).not.toContain(outside.username)
    expect((await d.get(`/console/users/${inside.id}`)).statusCode).toBe(200)
    expect((await d.get(`/console/users/${outside.id}`)).statusCode).toBe(403)
    expect((await d.post(`/console/users/${outside.id}/password`, { password: '' })).statusCode).toBe(403)
    const newForm = await d.get('/console/users/new')
    // The organ field suggests the organs this administrator manages only.
    expect(newForm.body).toContain(`<option value="${dept.name}（${dept.code}）"`)
    expect(newForm.body).not.toContain(`<option value="${other.name}（${other.code}）"`)
    const noRole = await d.post('/console/users', {
      username: 'wang.wu',
      displayName: '王五',
      role: '',
      organId: '',
    })
    expect(noRole.statusCode).toBe(422)
    expect(noRole.body).toContain('请为新账号授予一个您管理的机关上的角色')
    const foreign = await d.post('/console/users', {
      username: 'wang.wu',
      displayName: '王五',
      role: 'officer',
      organId: other.id,
    })
    expect(foreign.statusCode).toBe(403)
  })

  describe('the grant organ field (a text field with suggestions, for any number of organs)', () => {
    const grantsOf = async (userId: string) =>
      t.db.kysely
        .selectFrom('role_grant')
        .select(['role', 'organ_id'])
        .where('user_id', '=', userId)
        .execute()

    it('grants on the organ typed by name or picked from the suggestions', async () => {
      const u = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
      const byName = await c.post(`/console/users/${u.id}/grants`, { role: 'leader', organ: other.name })
      expect(byName.statusCode).toBe(303)
      const bySuggestion = await c.post(`/console/users/${u.id}/grants`, {
        role: 'handler',
        organ: `${dept.name}（${dept.code}）`,
      })
      expect(bySuggestion.statusCode).toBe(303)
      expect(await grantsOf(u.id)).toEqual(
        expect.arrayContaining([
          { role: 'leader', organ_id: other.id },
          { role: 'handler', organ_id: dept.id },
        ]),
      )
    })

    it('offers choices for an ambiguous organ and grants nothing until one is picked', async () => {
      const u = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
      const ambiguous = await c.post(`/console/users/${u.id}/grants`, { role: 'leader', organ: '测试区' })
      expect(ambiguous.statusCode).toBe(422)
      expect(ambiguous.body).toContain('与“测试区”相符，请从下列选项中选择')
      expect(ambiguous.body).toContain('id="f-organ-error"')
      expect(ambiguous.body).toContain(`name="organPick" value="${other.id}"`)
      expect(await grantsOf(u.id)).toHaveLength(1)
      const picked = await c.post(`/console/users/${u.id}/grants`, {
        role: 'leader',
        organ: '测试区',
        organPick: other.id,
      })
      expect(picked.statusCode).toBe(303)
      expect(await grantsOf(u.id)).toContainEqual({ role: 'leader', organ_id: other.id })
    })

    it('says in Chinese that an unknown organ does not exist, and creates no account', async () => {
      const res = await c.post('/console/users', {
        username: 'zhao.liu',
        displayName: '赵六',
        role: 'officer',
        organ: '不存在的机关',
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('没有名称或代码含“不存在的机关”的机关')
      expect(res.body).toContain('value="zhao.liu"')
      const row = await t.db.kysely
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'zhao.liu')
        .executeTakeFirst()
      expect(row).toBeUndefined()
    })
  })

  it('returns 404 for an account that does not exist', async () => {
    expect((await c.get('/console/users/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
  })

  describe('access to every user page', () => {
    let target: BuiltUser
    let grantId: string
    beforeAll(async () => {
      target = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
      const g = await t.db.kysely
        .selectFrom('role_grant')
        .select('id')
        .where('user_id', '=', target.id)
        .executeTakeFirstOrThrow()
      grantId = g.id
    })
    const routes = (): Array<['GET' | 'POST', string, Record<string, string>]> => [
      ['GET', '/console/users', {}],
      ['GET', '/console/users/new', {}],
      ['GET', `/console/users/${target.id}`, {}],
      [
        'POST',
        '/console/users',
        { username: 'intruder', displayName: '越权', role: 'admin', organId: gov.id },
      ],
      ['POST', `/console/users/${target.id}/grants`, { role: 'admin', organId: gov.id, includeSubtree: '1' }],
      ['POST', `/console/users/${target.id}/grants/${grantId}/revoke`, {}],
      ['POST', `/console/users/${target.id}/password`, { password: 'Hijacked-Passw0rd' }],
      ['POST', `/console/users/${target.id}/disabled`, { disabled: '1' }],
    ]

    async function unchanged(): Promise<void> {
      const row = await t.db.kysely
        .selectFrom('app_user')
        .selectAll()
        .where('id', '=', target.id)
        .executeTakeFirst()
      expect(row).toMatchObject({ disabled: 0, must_change_password: 0 })
      const grants = await t.db.kysely
        .selectFrom('role_grant')
        .select('role')
        .where('user_id', '=', target.id)
        .execute()
      expect(grants.map((g) => g.role)).toEqual(['officer'])
      const intruder = await t.db.kysely
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'intruder')
        .execute()
      expect(intruder).toHaveLength(0)
    }

    it.each(OTHER_ROLES)('refuses %s with 403 on every route and changes nothing', async (role) => {
      const u = await buildUser(t.db, { roles: [{ role, organId: gov.id, subtree: true }] })
      const client = new TestClient(t.app)
      await client.login(u.username, u.password)
      for (const [method, url, form] of routes()) {
        const res = method === 'GET' ? await client.get(url) : await client.post(url, form)
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403)
      }
      await unchanged()
    })

    it('sends anonymous visitors to log in (GET) or refuses them (POST)', async () => {
      const anon = new TestClient(t.app)
      for (const [method, url, form] of routes()) {
        if (method === 'GET') {
          const res = await anon.get(url)
          expect(res.statusCode, url).toBe(303)
          expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`)
        } else {
          expect((await anon.post(url, form)).statusCode, url).toBe(401)
        }
      }
      await unchanged()
      expect(await userId(target.username)).toBe(target.id)
    })
  })
})
