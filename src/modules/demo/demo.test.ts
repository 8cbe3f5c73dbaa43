import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { createTestApp, type TestApp } from '../../../test/http.js'
import type { Database } from '../../db/database.js'
import { verifyAuditChain } from '../audit/index.js'
import { login } from '../auth/index.js'
import { passwordPolicyProblems } from '../auth/index.js'
import { checkOrganCode } from '../organs/index.js'
import { listOrgans } from '../organs/index.js'
import { ROLES } from '../users/user.table.js'
import { DEMO_ACCOUNTS, DEMO_ORGANS, DEMO_PASSWORD } from './demo.data.js'
import { loadDemo, type DemoReport } from './demo.service.js'

const TABLES: Array<keyof Database> = [
  'organ',
  'app_user',
  'role_grant',
  'audit_log',
  'session',
  'counter',
  'item',
  'item_revision',
  'item_review',
]

describe('demo data (pure)', () => {
  it('gives every organ a valid 统一社会信用代码 in 张店区 (370303)', () => {
    for (const o of DEMO_ORGANS) {
      const check = checkOrganCode(o.code)
      expect(check, o.name).toMatchObject({ ok: true, type: 'uscc' })
      expect(o.code.slice(2, 8), o.name).toBe('370303')
      expect(o.code.slice(0, 2), o.name).toBe(o.kind === 'institution' ? '12' : '11')
    }
    expect(new Set(DEMO_ORGANS.map((o) => o.code)).size).toBe(DEMO_ORGANS.length)
  })

  it('has an account for every role, and a demo password that meets the policy', () => {
    const roles = new Set(DEMO_ACCOUNTS.flatMap((a) => a.grants.map((g) => g.role)))
    expect([...roles].sort()).toEqual([...ROLES].sort())
    for (const a of DEMO_ACCOUNTS) {
      expect(passwordPolicyProblems(DEMO_PASSWORD, a.username), a.username).toEqual([])
    }
  })
})

describe.each(TEST_DIALECTS)('gongkai demo (%s)', (dialect) => {
  let t: TestApp
  let first: DemoReport

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {}
    for (const table of TABLES) {
      const row = await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      out[table] = Number(row.n)
    }
    return out
  }

  beforeAll(async () => {
    t = await createTestApp(dialect)
    first = await loadDemo(t.deps)
  }, 180_000)
  afterAll(async () => {
    await t.close()
  })

  it('creates 张店区人民政府 with its departments and the 融媒体中心 under the 广播电视局', async () => {
    expect(first.organsCreated).toHaveLength(DEMO_ORGANS.length)
    const organs = await listOrgans(t.db.kysely)
    const byName = new Map(organs.map((o) => [o.name, o]))
    const gov = byName.get('张店区人民政府')!
    expect(gov.parentId).toBeNull()
    expect(gov.kind).toBe('government')
    for (const name of ['张店区广播电视局', '张店区教育局', '张店区财政局', '张店区人民政府办公室']) {
      expect(byName.get(name)?.parentId, name).toBe(gov.id)
      expect(byName.get(name)?.kind, name).toBe('department')
    }
    const media = byName.get('张店区融媒体中心')!
    expect(media.kind).toBe('institution')
    expect(media.parentId).toBe(byName.get('张店区广播电视局')!.id)
    for (const o of organs) {
      expect(o.office.address, o.name).toMatch(/^山东省淄博市张店区/)
      expect(o.office.postcode, o.name).toMatch(/^255\d{3}$/)
      expect(o.office.phone, o.name).toMatch(/^0533-\d{7}$/)
      expect(o.office.hours && o.office.fax && o.office.email && o.office.web, o.name).toBeTruthy()
    }
  })

  it('lets every demo account log in with the published password, without a forced change', async () => {
    expect(first.usersCreated).toEqual(DEMO_ACCOUNTS.map((a) => a.username))
    for (const a of DEMO_ACCOUNTS) {
      const { token } = await login(t.deps, {
        username: a.username,
        password: DEMO_PASSWORD,
        ip: '127.0.0.1',
        userAgent: 'demo test',
      })
      expect(token, a.username).toBeTruthy()
      const row = await t.db.kysely
        .selectFrom('app_user')
        .select('must_change_password')
        .where('username', '=', a.username)
        .executeTakeFirstOrThrow()
      expect(row.must_change_password, a.username).toBe(0)
    }
  })

  it('grants the roles as documented (admin and supervisor over the whole district)', async () => {
    const organs = await listOrgans(t.db.kysely)
    const code = new Map(organs.map((o) => [o.id, o.name]))
    const grants = await t.db.kysely
      .selectFrom('role_grant')
      .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
      .select(['app_user.username', 'role_grant.role', 'role_grant.organ_id', 'role_grant.include_subtree'])
      .execute()
    const seen = grants
      .map((g) => `${g.username}:${g.role}@${code.get(g.organ_id)}${g.include_subtree ? '+' : ''}`)
      .sort()
    expect(seen).toEqual(
      [
        'admin:admin@张店区人民政府+',
        'handler:handler@张店区广播电视局',
        'leader:leader@张店区广播电视局',
        'officehead:office_head@张店区广播电视局',
        'officer2:officer@张店区广播电视局',
        'officer:officer@张店区广播电视局',
        'supervisor:supervisor@张店区人民政府+',
      ].sort(),
    )
  })

  it('loads the demo disclosure items, with the 2013 samples of 张店区广播电视局', () => {
    expect(first.catalogue.created).toBeGreaterThan(90)
    expect(first.catalogue.samples2013).toBe(90)
  })

  it('writes every change to an intact audit chain', async () => {
    const r = await verifyAuditChain(t.db.kysely)
    expect(r.ok).toBe(true)
    const created = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['organ.created', 'user.created'])
      .execute()
    expect(created).toHaveLength(DEMO_ORGANS.length + DEMO_ACCOUNTS.length)
  })

  it('changes nothing when run a second time', async () => {
    const before = await counts()
    const again = await loadDemo(t.deps)
    expect(again.organsCreated).toEqual([])
    expect(again.usersCreated).toEqual([])
    expect(again.grantsAdded).toBe(0)
    expect(again.catalogue.created).toBe(0)
    expect(await counts()).toEqual(before)
  })

  it('restores a missing demo grant without touching the rest', async () => {
    await t.db.kysely
      .deleteFrom('role_grant')
      .where('user_id', 'in', (eb) => eb.selectFrom('app_user').select('id').where('username', '=', 'leader'))
      .execute()
    const again = await loadDemo(t.deps)
    expect(again.usersCreated).toEqual([])
    expect(again.grantsAdded).toBe(1)
  })
})
