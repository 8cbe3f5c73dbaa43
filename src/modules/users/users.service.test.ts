import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, TEST_DIALECTS } from '../../../test/db.js'
import { buildOrgan, buildUser } from '../../../test/factories.js'
import { testConfig } from '../../../test/http.js'
import type { Db } from '../../db/database.js'
import type { AppDeps } from '../../shared/deps.js'
import { systemClock } from '../../shared/clock.js'
import { DomainError } from '../../shared/errors.js'
import { login } from '../auth/index.js'
import { passwordPolicyProblems, verifyPassword } from '../auth/index.js'
import { createSearchIndex } from '../catalogue/search/index.js'
import { packagedCalendarProvider } from '../../shared/calendar/provider.js'
import { OPERATOR_ACTOR, type AdminActor } from '../access/access.js'
import {
  createUser,
  getUserByUsername,
  grantRole,
  listUsersWithGrants,
  resetPassword,
  revokeRole,
  setDisabled,
} from './users.service.js'
import { oneOffFieldCipher } from '../privacy/index.js'

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (err) {
    if (err instanceof DomainError) {
      return err
    }
    throw err
  }
  throw new Error('expected a DomainError, but the call succeeded')
}

let serial = 0
function uname(prefix = 'u'): string {
  serial += 1
  return `${prefix}${serial}${Math.random().toString(36).slice(2, 6)}`
}

describe.each(TEST_DIALECTS)('staff account service (%s)', (dialect) => {
  let db: Db
  let deps: AppDeps
  // gov ─┬─ dept ── inst
  //      └─ other
  let gov: string
  let dept: string
  let inst: string
  let other: string
  let deptAdmin: AdminActor
  beforeAll(async () => {
    db = await createTestDb(dialect)
    deps = {
      config: testConfig(),
      db,
      clock: systemClock,
      search: createSearchIndex(db.dialect),
      calendar: packagedCalendarProvider(),
      personalData: oneOffFieldCipher(),
    }
    gov = (await buildOrgan(db, { kind: 'government' })).id
    dept = (await buildOrgan(db, { parentId: gov })).id
    inst = (await buildOrgan(db, { parentId: dept, kind: 'institution' })).id
    other = (await buildOrgan(db, { parentId: gov })).id
    const u = await buildUser(db, { roles: [{ role: 'admin', organId: dept, subtree: true }] })
    deptAdmin = {
      id: u.id,
      name: u.username,
      grants: [{ role: 'admin', organId: dept, includeSubtree: true }],
    }
  })
  afterAll(async () => {
    await db.close()
  })

  async function auditActions(userId: string): Promise<string[]> {
    const rows = await db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', userId)
      .orderBy('seq')
      .execute()
    return rows.map((r) => r.action)
  }

  async function userRow(id: string) {
    return db.kysely.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  }

  it('creates an account with the given initial password, to be changed at first log-in', async () => {
    const username = uname('zhang')
    const { user, password, generated } = await createUser(deps, OPERATOR_ACTOR, {
      username,
      displayName: '张三',
      password: 'Initial-Passw0rd',
      grants: [{ role: 'officer', organId: dept, includeSubtree: true }],
    })
    expect(generated).toBe(false)
    expect(password).toBe('Initial-Passw0rd')
    expect(user).toMatchObject({ username, displayName: '张三', mustChangePassword: true, disabled: false })
    expect(user.grants).toEqual([
      expect.objectContaining({ role: 'officer', organId: dept, includeSubtree: true }),
    ])
    const row = await userRow(user.id)
    expect(row.password_hash).not.toContain('Initial-Passw0rd')
    expect(await verifyPassword('Initial-Passw0rd', row.password_hash)).toBe(true)
    expect(await auditActions(user.id)).toEqual(['user.created', 'user.role_granted'])
    const created = await db.kysely
      .selectFrom('audit_log')
      .select('summary')
      .where('target_id', '=', user.id)
      .where('action', '=', 'user.created')
      .executeTakeFirstOrThrow()
    expect(created.summary).not.toContain('Initial-Passw0rd')
  })

  it('generates an initial password that meets the policy when none is given', async () => {
    const username = uname()
    const { password, generated } = await createUser(deps, OPERATOR_ACTOR, { username, displayName: '李四' })
    expect(generated).toBe(true)
    expect(passwordPolicyProblems(password, username)).toEqual([])
  })

  it('refuses a bad user name, an empty display name and a weak password with field messages', async () => {
    const err = await rejection(
      createUser(deps, OPERATOR_ACTOR, { username: 'Zhang San', displayName: ' ', password: 'short' }),
    )
    expect(err.code).toBe('REQUEST_INVALID')
    expect(err.fields?.username?.[0]).toContain('小写字母')
    expect(err.fields?.displayName).toEqual(['请填写姓名'])
    expect(err.fields?.password).toContain('密码至少 10 位')
    expect(err.message).toContain('初始密码：密码至少 10 位')
  })

  it('refuses a user name that is taken', async () => {
    const existing = await buildUser(db)
    const err = await rejection(
      createUser(deps, OPERATOR_ACTOR, { username: existing.username, displayName: '重名' }),
    )
    expect(err.code).toBe('USER_NAME_TAKEN')
    expect(err.fields?.username).toEqual(['该用户名已被使用'])
  })

  it('lets a department admin create accounts only with grants inside their subtree', async () => {
    const ok = await createUser(deps, deptAdmin, {
      username: uname(),
      displayName: '所属单位信息员',
      grants: [{ role: 'officer', organId: inst }],
    })
    expect(ok.user.grants).toHaveLength(1)
    const outside = await rejection(
      createUser(deps, deptAdmin, {
        username: uname(),
        displayName: '越权',
        grants: [{ role: 'officer', organId: other }],
      }),
    )
    expect(outside.code).toBe('FORBIDDEN')
    const none = await rejection(createUser(deps, deptAdmin, { username: uname(), displayName: '无角色' }))
    expect(none.fields?.organId).toEqual(['请为新账号授予一个您管理的机关上的角色'])
    const unknownRole = await rejection(
      createUser(deps, deptAdmin, {
        username: uname(),
        displayName: '错角色',
        grants: [{ role: 'emperor', organId: dept }],
      }),
    )
    expect(unknownRole.fields?.role).toEqual(['请选择角色'])
  })

  it('resets a password: temporary, must change, unlocked, every session ended', async () => {
    const u = await buildUser(db, { roles: [{ role: 'handler', organId: inst }] })
    const { token } = await login(deps, {
      username: u.username,
      password: u.password,
      ip: null,
      userAgent: null,
    })
    expect(token).toBeTruthy()
    await db.kysely
      .updateTable('app_user')
      .set({ locked_until: '2999-01-01T00:00:00.000Z', failed_logins: 2 })
      .where('id', '=', u.id)
      .execute()
    const weak = await rejection(resetPassword(deps, deptAdmin, u.id, 'password'))
    expect(weak.fields?.password).toContain('密码至少 10 位')
    const { password, generated } = await resetPassword(deps, deptAdmin, u.id)
    expect(generated).toBe(true)
    const row = await userRow(u.id)
    expect(row).toMatchObject({ must_change_password: 1, failed_logins: 0, locked_until: null })
    expect(await verifyPassword(password, row.password_hash)).toBe(true)
    const sessions = await db.kysely.selectFrom('session').select('id').where('user_id', '=', u.id).execute()
    expect(sessions).toHaveLength(0)
    expect(await auditActions(u.id)).toContain('user.password_reset')
    await login(deps, { username: u.username, password, ip: null, userAgent: null })
  })

  it('grants and revokes roles, refusing duplicates and subtree grants the admin does not hold', async () => {
    const u = await buildUser(db, { roles: [{ role: 'officer', organId: dept }] })
    const g = await grantRole(deps, deptAdmin, u.id, { role: 'leader', organId: inst })
    expect(g).toMatchObject({ role: 'leader', organId: inst, includeSubtree: false })
    const dup = await rejection(grantRole(deps, deptAdmin, u.id, { role: 'leader', organId: inst }))
    expect(dup.fields?.role?.[0]).toContain('已有此角色')
    const outside = await rejection(grantRole(deps, deptAdmin, u.id, { role: 'leader', organId: other }))
    expect(outside.code).toBe('FORBIDDEN')
    const plain: AdminActor = {
      id: 'x',
      name: 'plain',
      grants: [{ role: 'admin', organId: dept, includeSubtree: false }],
    }
    const u2 = await buildUser(db, { roles: [{ role: 'officer', organId: dept }] })
    const subtree = await rejection(
      grantRole(deps, plain, u2.id, { role: 'officer', organId: dept, includeSubtree: true }),
    )
    expect(subtree.code).toBe('FORBIDDEN')
    await revokeRole(deps, deptAdmin, u.id, g.id)
    const after = await getUserByUsername(deps, u.username)
    expect(after.grants.map((x) => x.role)).toEqual(['officer'])
    expect(await auditActions(u.id)).toEqual(['user.role_granted', 'user.role_revoked'])
    const missing = await rejection(revokeRole(deps, deptAdmin, u.id, g.id))
    expect(missing.code).toBe('NOT_FOUND')
  })

  it('disables an account (ending its sessions, refusing log-in) and enables it again', async () => {
    const u = await buildUser(db, { roles: [{ role: 'officer', organId: inst }] })
    await login(deps, { username: u.username, password: u.password, ip: null, userAgent: null })
    await setDisabled(deps, deptAdmin, u.id, true)
    const sessions = await db.kysely.selectFrom('session').select('id').where('user_id', '=', u.id).execute()
    expect(sessions).toHaveLength(0)
    const refused = await rejection(
      login(deps, { username: u.username, password: u.password, ip: null, userAgent: null }),
    )
    expect(refused.code).toBe('AUTH_DISABLED')
    await setDisabled(deps, deptAdmin, u.id, false)
    await login(deps, { username: u.username, password: u.password, ip: null, userAgent: null })
    expect(await auditActions(u.id)).toEqual(expect.arrayContaining(['user.disabled', 'user.enabled']))
  })

  it('refuses changes to accounts outside the admin’s scope and to the admin’s own account', async () => {
    const stranger = await buildUser(db, { roles: [{ role: 'officer', organId: other }] })
    const shared = await buildUser(db, {
      roles: [
        { role: 'officer', organId: dept },
        { role: 'officer', organId: other },
      ],
    })
    for (const target of [stranger.id, shared.id, deptAdmin.id as string]) {
      expect((await rejection(setDisabled(deps, deptAdmin, target, true))).code).toBe('FORBIDDEN')
      expect((await rejection(resetPassword(deps, deptAdmin, target))).code).toBe('FORBIDDEN')
      expect(
        (await rejection(grantRole(deps, deptAdmin, target, { role: 'officer', organId: inst }))).code,
      ).toBe('FORBIDDEN')
    }
    expect((await userRow(stranger.id)).disabled).toBe(0)
  })

  it('lists to a department admin only the accounts they manage, plus their own', async () => {
    const mine = await buildUser(db, { roles: [{ role: 'officer', organId: inst }] })
    const stranger = await buildUser(db, { roles: [{ role: 'officer', organId: other }] })
    const listed = await listUsersWithGrants(deps, deptAdmin)
    const ids = listed.map((u) => u.id)
    expect(ids).toContain(mine.id)
    expect(ids).not.toContain(stranger.id)
    expect(listed.find((u) => u.id === deptAdmin.id)).toMatchObject({ manageable: false })
    expect(listed.find((u) => u.id === mine.id)?.grants[0]).toMatchObject({ role: 'officer', organId: inst })
    const all = await listUsersWithGrants(deps, OPERATOR_ACTOR)
    expect(all.map((u) => u.id)).toEqual(expect.arrayContaining([mine.id, stranger.id]))
    expect(all.every((u) => u.manageable)).toBe(true)
  })
})
