import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildItem, buildOrgan, buildUser, type BuiltUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import { fixedClock } from '../../shared/clock.js'
import { verifyAuditChain } from '../audit/index.js'
import type { OrganRow } from '../organs/organ.table.js'

// A 2027 Spring Festival as an administrator would type it from the notice (dates for the test).
const SPRING_2027 = [
  { date: '2027-02-06', kind: 'workday', name: '春节' },
  { date: '2027-02-08', kind: 'holiday', name: '春节' },
  { date: '2027-02-09', kind: 'holiday', name: '春节' },
  { date: '2027-02-10', kind: 'holiday', name: '春节' },
  { date: '2027-02-11', kind: 'holiday', name: '春节' },
  { date: '2027-02-12', kind: 'holiday', name: '春节' },
]
const NOTICE = { noticeNumber: '国办发明电〔2026〕9号', noticeDate: '2026-11-20' }

describe.each(TEST_DIALECTS)('console calendar page (%s)', (dialect) => {
  let t: TestApp
  let gov: OrganRow
  let dept: OrganRow
  let admin: BuiltUser
  let c: TestClient

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: fixedClock('2026-12-03T02:00:00Z') })
    gov = await buildOrgan(t.db, { kind: 'government', name: '测试区人民政府' })
    dept = await buildOrgan(t.db, { parentId: gov.id, name: '测试区广播电视局' })
    admin = await buildUser(t.db, { roles: [{ role: 'admin', organId: gov.id, subtree: true }] })
    c = new TestClient(t.app)
    await c.login(admin.username, admin.password)
  })
  afterAll(async () => {
    await t.close()
  })

  async function entryCount(): Promise<number> {
    const r = await t.db.kysely
      .selectFrom('calendar_day')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  it('names the next uncovered year and lists each year with its source', async () => {
    const res = await c.get('/console/calendar')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('尚未覆盖的下一年度：2027年')
    expect(res.body).toMatch(/<td data-label="年度">2027年<\/td>\s*<td data-label="来源">未覆盖<\/td>/)
    expect(res.body).toMatch(
      /<td data-label="年度">2007–2026年<\/td>\s*<td data-label="来源">内置国务院办公厅通知数据<\/td>/,
    )
    expect(res.body).toContain('<label for="f-noticeNumber">')
  })

  it('is linked from the administrator’s console', async () => {
    const res = await c.get('/console')
    expect(res.body).toContain('href="/console/calendar"')
  })

  it('lets an administrator enter a year’s days, and a working-day count across that year changes at once, audited', async () => {
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
    const item = await buildItem(t.db, {
      organ_id: dept.id,
      status: 'draft',
      formed_date: '2027-02-05',
      published_date: null,
      published_year: null,
      published_at: null,
    })
    const oc = new TestClient(t.app)
    await oc.login(officer.username, officer.password)
    // Before: 2027 has no notice, so Mon–Fri are assumed and the due date is an estimate.
    const before = (await t.deps.calendar.get()).addWorkingDays('2027-02-05', 20)
    expect(before).toEqual({ date: '2027-03-05', estimated: true })
    expect((await oc.get(`/console/items/${item.id}`)).body).toContain('2027-03-05 前公开')

    for (const d of SPRING_2027) {
      const res = await c.post('/console/calendar', { ...d, ...NOTICE })
      expect(res.statusCode, d.date).toBe(303)
      expect(res.headers.location).toBe('/console/calendar?done=added')
    }

    // After: 02-06 (Sat) is worked and 02-08..12 are off, so day 20 is Thu 03-11, no longer estimated.
    const after = (await t.deps.calendar.get()).addWorkingDays('2027-02-05', 20)
    expect(after).toEqual({ date: '2027-03-11', estimated: false })
    expect((await t.deps.calendar.get()).workingDaysBetween('2027-02-05', '2027-03-05')).toBe(16)
    const page = await oc.get(`/console/items/${item.id}`)
    expect(page.body).toContain('2027-03-11 前公开')
    expect(page.body).not.toContain('2027-03-05 前公开')

    const list = await c.get('/console/calendar?done=added')
    expect(list.body).toMatch(
      /<td data-label="年度">2027年<\/td>\s*<td data-label="来源">管理员录入<\/td>\s*<td[^>]*>6<\/td>/,
    )
    expect(list.body).toMatch(/<td data-label="年度">2028年<\/td>\s*<td data-label="来源">未覆盖<\/td>/)
    expect(list.body).toContain('尚未覆盖的下一年度：2028年')
    expect(list.body).toContain('国办发明电〔2026〕9号')

    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'calendar.day_added')
      .orderBy('seq')
      .execute()
    expect(audit).toHaveLength(SPRING_2027.length)
    expect(audit[0]).toMatchObject({ actor_id: admin.id, target_type: 'calendar_day' })
    expect(JSON.parse(audit[1]!.summary)).toEqual({
      after: { date: '2027-02-08', kind: 'holiday', name: '春节', ...NOTICE },
    })
    expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true)
  })

  it('removes an entry, audited, and the count goes back', async () => {
    const row = await t.db.kysely
      .selectFrom('calendar_day')
      .selectAll()
      .where('date', '=', '2027-02-12')
      .executeTakeFirstOrThrow()
    const res = await c.post(`/console/calendar/${row.id}/remove`)
    expect(res.statusCode).toBe(303)
    expect(
      await t.db.kysely.selectFrom('calendar_day').where('id', '=', row.id).selectAll().execute(),
    ).toEqual([])
    expect((await t.deps.calendar.get()).addWorkingDays('2027-02-05', 20).date).toBe('2027-03-10')
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'calendar.day_removed')
      .executeTakeFirstOrThrow()
    expect(audit.target_id).toBe(row.id)
    expect(JSON.parse(audit.summary)).toMatchObject({ before: { date: '2027-02-12', kind: 'holiday' } })
  })

  it('refuses bad input with Chinese field errors and stores nothing', async () => {
    const n = await entryCount()
    const auditBefore = await t.db.kysely.selectFrom('audit_log').select('seq').execute()
    const res = await c.post('/console/calendar', {
      date: '2026-02-30',
      kind: 'vacation',
      name: '春节',
      noticeNumber: '',
      noticeDate: '2026-11-20',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('日期无效')
    expect(res.body).toContain('请选择类型')
    expect(res.body).toContain('请填写国务院办公厅通知的文号')
    expect(res.body).toContain('value="2026-02-30"')
    expect(res.body).toContain('aria-invalid="true"')

    const json = await c.post(
      '/console/calendar',
      { date: '2026-02-30', kind: 'vacation', name: '', noticeNumber: '', noticeDate: '2026-13-01' },
      { accept: 'application/json' },
    )
    expect(json.statusCode).toBe(422)
    const body = json.json<{ error: { code: string; fields: Record<string, string[]> } }>()
    expect(body.error.code).toBe('REQUEST_INVALID')
    expect(Object.keys(body.error.fields).sort()).toEqual([
      'date',
      'kind',
      'name',
      'noticeDate',
      'noticeNumber',
    ])

    // A make-up working day must be a weekend day; a date already entered is refused.
    const weekday = await c.post('/console/calendar', {
      date: '2027-02-05',
      kind: 'workday',
      name: '春节',
      ...NOTICE,
    })
    expect(weekday.statusCode).toBe(422)
    expect(weekday.body).toContain('调休上班日应为周六或周日')
    const taken = await c.post('/console/calendar', {
      date: '2027-02-08',
      kind: 'holiday',
      name: '春节',
      ...NOTICE,
    })
    expect(taken.statusCode).toBe(422)
    expect(taken.body).toContain('该日期已有录入的条目')

    expect(await entryCount()).toBe(n)
    expect(await t.db.kysely.selectFrom('audit_log').select('seq').execute()).toHaveLength(auditBefore.length)
  })

  it('refuses non-administrators, and lets only a global administrator change the calendar', async () => {
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: gov.id }] })
    const oc = new TestClient(t.app)
    await oc.login(officer.username, officer.password)
    expect((await oc.get('/console/calendar')).statusCode).toBe(403)
    const n = await entryCount()
    const post = await oc.post('/console/calendar', {
      date: '2027-05-03',
      kind: 'holiday',
      name: '劳动节',
      ...NOTICE,
    })
    expect(post.statusCode).toBe(403)

    // An administrator of one department sees the page but may not change the installation's calendar.
    const deptAdmin = await buildUser(t.db, { roles: [{ role: 'admin', organId: dept.id }] })
    const dc = new TestClient(t.app)
    await dc.login(deptAdmin.username, deptAdmin.password)
    const page = await dc.get('/console/calendar')
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('action="/console/calendar"')
    const refused = await dc.post('/console/calendar', {
      date: '2027-05-03',
      kind: 'holiday',
      name: '劳动节',
      ...NOTICE,
    })
    expect(refused.statusCode).toBe(403)
    const anonymous = await t.app.inject({ method: 'GET', url: '/console/calendar' })
    expect([302, 303, 401]).toContain(anonymous.statusCode)
    expect(await entryCount()).toBe(n)
  })
})
