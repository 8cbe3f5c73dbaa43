import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildOrgan, buildUser, type BuiltUser } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import { fixedClock } from '../../shared/clock.js'
import { verifyAuditChain } from '../audit/index.js'
import { enqueueMessage } from './outbox.service.js'
import { createOutboxWorker } from './outbox-worker.service.js'

describe.each(TEST_DIALECTS)('console outbox page (%s)', (dialect) => {
  let t: TestApp
  let admin: BuiltUser
  let c: TestClient
  let deadId = ''
  const clock = fixedClock('2026-12-04T02:00:00Z')

  beforeAll(async () => {
    // E-mail configured, SMS not: SMS messages wait and the page says so.
    t = await createTestApp(dialect, {
      clock,
      config: {
        notifications: {
          smtpUrl: 'smtp://127.0.0.1:9',
          mailFrom: 'gongkai@example.cn',
          smsUrl: undefined,
          smsToken: undefined,
        },
      },
    })
    const gov = await buildOrgan(t.db, { kind: 'government', name: '测试区人民政府' })
    admin = await buildUser(t.db, { roles: [{ role: 'admin', organId: gov.id, subtree: true }] })
    c = new TestClient(t.app)
    await c.login(admin.username, admin.password)
    await t.db.kysely.transaction().execute(async (trx) => {
      deadId = await enqueueMessage(trx, clock, {
        channel: 'email',
        recipient: 'zhangsan@example.cn',
        subject: '申请已受理',
        body: '您的申请已受理。',
      })
      await enqueueMessage(trx, clock, { channel: 'sms', recipient: '13800138000', body: '您的申请已受理。' })
      await enqueueMessage(trx, clock, { channel: 'sms', recipient: '13900139000', body: '您的申请已受理。' })
    })
    const failing = createOutboxWorker(
      { db: t.db, clock },
      { email: { send: () => Promise.reject(new Error('550 mailbox unavailable')) } },
      { maxAttempts: 1 },
    )
    expect(await failing.runOnce()).toMatchObject({ claimed: 1, dead: 1 })
  })
  afterAll(async () => {
    await t.close()
  })

  it('shows counts by status, the waiting SMS without a transport, and the dead e-mail with its error, masked', async () => {
    const res = await c.get('/console/outbox')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('未配置短信发送通道')
    expect(res.body).toMatch(/2 条短信\s*通知正在等待发送/)
    expect(res.body).not.toContain('未配置电子邮件发送通道')
    expect(res.body).toMatch(
      /<th scope="row" data-label="通道">短信<\/th>\s*<td[^>]*>未配置<\/td>\s*<td[^>]*data-status="pending"[^>]*>2<\/td>/,
    )
    expect(res.body).toContain('550 mailbox unavailable')
    expect(res.body).toContain('zh***@example.cn')
    expect(res.body).not.toContain('zhangsan@example.cn')
    expect(res.body).toContain(`action="/console/outbox/${deadId}/retry"`)
    expect((await c.get('/console')).body).toContain('href="/console/outbox"')
  })

  it('puts a dead message back in the queue on 重试, audited, and refuses a second retry', async () => {
    const res = await c.post(`/console/outbox/${deadId}/retry`)
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/console/outbox?done=retried')
    const row = await t.db.kysely
      .selectFrom('outbox_message')
      .selectAll()
      .where('id', '=', deadId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: clock.now().toISOString() })
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'outbox.retried')
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_id: admin.id, target_id: deadId, target_type: 'outbox_message' })
    expect((await verifyAuditChain(t.db.kysely)).ok).toBe(true)
    const again = await c.post(`/console/outbox/${deadId}/retry`)
    expect(again.statusCode).toBe(409)
  })

  it('refuses other roles, and shows a department administrator counts but no messages', async () => {
    const gov = await t.db.kysely.selectFrom('organ').select('id').executeTakeFirstOrThrow()
    const dept = await buildOrgan(t.db, { parentId: gov.id, name: '测试区广播电视局' })
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: dept.id }] })
    const oc = new TestClient(t.app)
    await oc.login(officer.username, officer.password)
    expect((await oc.get('/console/outbox')).statusCode).toBe(403)
    const deptAdmin = await buildUser(t.db, { roles: [{ role: 'admin', organId: dept.id }] })
    const dc = new TestClient(t.app)
    await dc.login(deptAdmin.username, deptAdmin.password)
    const page = await dc.get('/console/outbox')
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('@example.cn')
    expect(page.body).not.toContain('/retry')
    expect((await dc.post(`/console/outbox/${deadId}/retry`)).statusCode).toBe(403)
  })
})
