import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildOrgan, buildUser, type BuiltUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import { fixedClock } from '../../shared/clock.js'
import { verifyAuditChain } from '../audit/index.js'
import type { OrganRow } from '../organs/organ.table.js'

// A valid 居民身份证 number (check digit by GB 11643) and one with the check digit changed.
const ID_OK = '11010519491231002X'
const ID_BAD = '110105194912310021'

const FORM = {
  applicantType: 'natural_person',
  name: '王小明',
  idType: 'resident_id',
  idNumber: ID_OK,
  phone: '13812345678',
  email: 'wang@example.com',
  address: '山东省淄博市张店区人民西路 1 号',
  description: '请公开2026年度有线电视网络改造项目的招标公告和中标结果',
  provisionForm: 'electronic',
  deliveryMethod: 'email',
}

function field(body: string, label: string): string {
  const m = new RegExp(`<dt>${label}</dt>\\s*<dd>(?:<strong class="code">)?([^<]+)`).exec(body)
  return m?.[1]?.trim() ?? ''
}

describe.each(TEST_DIALECTS)('requests from the web form to the sent reply (%s)', (dialect) => {
  let t: TestApp
  let dept: OrganRow
  let officer: BuiltUser
  let officer2: BuiltUser
  let handler: BuiltUser
  let leader: BuiltUser

  beforeAll(async () => {
    // 2026-12-03 (Thu) 10:00 China time.
    t = await createTestApp(dialect, { clock: fixedClock('2026-12-03T02:00:00Z') })
    const gov = await buildOrgan(t.db, { kind: 'government', name: '测试区人民政府' })
    dept = await buildOrgan(t.db, { parentId: gov.id, name: '测试区广播电视局', short_name: '测广电' })
    officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
    officer2 = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
    handler = await buildUser(t.db, { roles: [{ role: 'handler', organId: dept.id }] })
    leader = await buildUser(t.db, { roles: [{ role: 'leader', organId: dept.id }] })
  })
  afterAll(async () => {
    await t.close()
  })

  async function staff(u: BuiltUser): Promise<TestClient> {
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    return c
  }

  async function submit(over: Record<string, string> = {}) {
    const pub = new TestClient(t.app)
    const form = await pub.get(`/requests/new?organ=${dept.code}`)
    expect(form.statusCode).toBe(200)
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const res = await pub.post(`/requests/new?organ=${dept.code}`, { ...FORM, idempotencyKey: key, ...over })
    return { pub, key, res }
  }

  it('acknowledges a web request only once it is stored, with a tracking number and a secret', async () => {
    const { res } = await submit()
    expect(res.statusCode).toBe(201)
    const tracking = field(res.body, '查询码')
    const secret = field(res.body, '查询密码')
    expect(tracking).toMatch(/^2026-[0-9A-Z]{8}$/)
    expect(secret).toMatch(/^[0-9A-Z]{10}$/)
    const row = await t.db.kysely
      .selectFrom('info_request')
      .selectAll()
      .where('tracking_number', '=', tracking)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('to_confirm')
    expect(row.received_date).toBeNull()
    // Personal data is encrypted at rest: neither the ID number nor the phone is stored in clear.
    expect(JSON.stringify(row)).not.toContain(ID_OK)
    expect(JSON.stringify(row)).not.toContain('13812345678')
    expect(row.secret_hash).not.toContain(secret)
  })

  it('answers a double-clicked submit with the same receipt and stores one request', async () => {
    const { pub, key, res } = await submit({ description: '请公开本局2026年政府采购意向公开的全部内容' })
    const again = await pub.post(`/requests/new?organ=${dept.code}`, {
      ...FORM,
      description: '请公开本局2026年政府采购意向公开的全部内容',
      idempotencyKey: key,
    })
    expect(again.statusCode).toBe(200)
    expect(again.body).toContain('未重复登记')
    expect(field(again.body, '查询码')).toBe(field(res.body, '查询码'))
    expect(field(again.body, '查询密码')).toBe(field(res.body, '查询密码'))
    const n = await t.db.kysely
      .selectFrom('info_request')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow()
    expect(Number(n.n)).toBe(1)
  })

  it('refuses a wrong ID check digit, markup and a too-long description in Chinese, keeping the values', async () => {
    const { res } = await submit({
      idNumber: ID_BAD,
      name: '<script>alert(1)</script>',
      description: 'x'.repeat(5001),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('末位应为 X')
    expect(res.body).toContain('不要包含网页代码')
    expect(res.body).toContain('不超过 5000 个字')
    expect(res.body).not.toContain('<script>alert(1)</script>')
    expect(res.body).toContain('value="13812345678"')
  })

  it('takes a request through confirmation, handling, both reviews and sending; the applicant sees the explained dates and the letter', async () => {
    const { res } = await submit({ description: '请公开本局2025年度部门决算说明' })
    const tracking = field(res.body, '查询码')
    const secret = field(res.body, '查询密码')
    const row = await t.db.kysely
      .selectFrom('info_request')
      .select(['id'])
      .where('tracking_number', '=', tracking)
      .executeTakeFirstOrThrow()
    const id = row.id

    const oc = await staff(officer)
    const queue = await oc.get('/console/requests?queue=to_confirm')
    expect(queue.body).toContain(tracking)
    // Lists mask the applicant's name.
    expect(queue.body).toContain('王*明')
    expect(queue.body).not.toContain('王小明')

    expect((await oc.post(`/console/requests/${id}/confirm`, { date: '2026-12-03' })).statusCode).toBe(303)
    const detail = await oc.get(`/console/requests/${id}`)
    // Received Thu 2026-12-03: the 20th working day after it is 2026-12-31.
    expect(detail.body).toContain('答复期限：2026-12-31')
    expect(detail.body).toContain('1101**********002X')
    expect(detail.body).not.toContain(ID_OK)

    expect((await oc.post(`/console/requests/${id}/assign`, { handlerId: handler.id })).statusCode).toBe(303)
    const hc = await staff(handler)
    expect(
      (await hc.post(`/console/requests/${id}/decide`, { outcome: 'r1', reason: '', date: '2026-12-03' }))
        .statusCode,
    ).toBe(303)
    // The drafter cannot review; a handler is not an officer either.
    const own = await hc.post(`/console/requests/${id}/approve_officer`, {})
    expect(own.statusCode).toBe(403)

    expect((await oc.post(`/console/requests/${id}/approve_officer`, {})).statusCode).toBe(303)
    const lc = await staff(leader)
    expect((await lc.post(`/console/requests/${id}/approve_leader`, {})).statusCode).toBe(303)
    expect(
      (await oc.post(`/console/requests/${id}/send`, { method: 'email', date: '2026-12-03' })).statusCode,
    ).toBe(303)

    const stored = await t.db.kysely
      .selectFrom('info_request')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(stored.status).toBe('closed')
    expect(stored.outcome).toBe('r1')
    expect(stored.closed_date).toBe('2026-12-03')
    const letter = await t.db.kysely
      .selectFrom('request_letter')
      .selectAll()
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(letter.number).toBe('测广电公开〔2026〕1号')
    expect(letter.officer_reviewer_id).toBe(officer.id)
    expect(letter.leader_reviewer_id).toBe(leader.id)

    const pub = new TestClient(t.app)
    await pub.get('/requests/status')
    const status = await pub.post('/requests/status', { tracking, secret })
    expect(status.statusCode).toBe(200)
    expect(status.body).toContain('已办结')
    expect(status.body).toContain('测广电公开〔2026〕1号')
    expect(status.body).toContain('予以公开')
    const wrong = await pub.post('/requests/status', { tracking, secret: 'WRONGSECRET' })
    expect(wrong.statusCode).toBe(404)
    expect(wrong.body).not.toContain('已办结')

    // The applicant's notices were queued with the steps they announce, without personal data.
    const notices = await t.db.kysely
      .selectFrom('outbox_message')
      .selectAll()
      .where('topic', '=', `request:${id}`)
      .orderBy('created_at')
      .execute()
    const mails = notices.filter((n) => n.channel === 'email')
    expect(mails.map((m) => m.recipient)).toEqual([
      'wang@example.com',
      'wang@example.com',
      'wang@example.com',
    ])
    expect(mails[1]?.body).toContain('答复期限至 2026-12-31')
    expect(notices.filter((n) => n.channel === 'sms')).toHaveLength(3)
    for (const n of notices) {
      expect(n.body).toContain(tracking)
      expect(n.body).not.toContain(secret)
      expect(n.body).not.toContain(ID_OK)
    }

    expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true)
    const actions = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'request.submitted',
      'request.confirm',
      'request.assign',
      'request.decide',
      'request.approve_officer',
      'request.approve_leader',
      'request.send',
    ])
  })

  it('never lets one person do both reviews of a reply', async () => {
    const { res } = await submit({ description: '请公开本局2025年行政处罚决定书目录' })
    const tracking = field(res.body, '查询码')
    const { id } = await t.db.kysely
      .selectFrom('info_request')
      .select('id')
      .where('tracking_number', '=', tracking)
      .executeTakeFirstOrThrow()
    // An officer who is also the leader of the organ.
    const both = await buildUser(t.db, {
      roles: [
        { role: 'officer', organId: dept.id },
        { role: 'leader', organId: dept.id },
      ],
    })
    const oc = await staff(officer2)
    await oc.post(`/console/requests/${id}/confirm`, {})
    await oc.post(`/console/requests/${id}/decide`, { outcome: 'r3_6', reason: '属于内部讨论记录' })
    const bc = await staff(both)
    expect((await bc.post(`/console/requests/${id}/approve_officer`, {})).statusCode).toBe(303)
    const second = await bc.post(`/console/requests/${id}/approve_leader`, {})
    expect(second.statusCode).toBe(403)
  })

  it('restarts the clock at the corrected request (条例 Art. 30) and explains the waiting days', async () => {
    const oc = await staff(officer)
    await oc.get('/console/requests/new')
    const rec = await oc.post('/console/requests/new', {
      ...FORM,
      organId: dept.id,
      channel: 'in_person',
      submittedDate: '2026-11-02',
      description: '请公开本局2025年广播电视监管情况',
    })
    expect(rec.statusCode).toBe(303)
    const id = /\/console\/requests\/([\w-]+)/.exec(rec.headers.location as string)?.[1] ?? ''
    await oc.post(`/console/requests/${id}/request_correction`, {
      date: '2026-11-04',
      matters: '请写明需要的年份范围',
      deadline: '2026-11-20',
    })
    expect((await oc.get(`/console/requests/${id}`)).body).toContain('待申请人补正')
    await oc.post(`/console/requests/${id}/record_correction`, { date: '2026-11-10' })
    const page = await oc.get(`/console/requests/${id}`)
    // From Tue 2026-11-10, 20 working days: 2026-12-08.
    expect(page.body).toContain('答复期限：2026-12-08')
    expect(page.body).toContain('不计入：等待申请人补正')
  })
})
