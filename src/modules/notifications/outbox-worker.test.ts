import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgSchemaUrl, TEST_DIALECTS, TEST_PG_URL, createTestDb } from '../../../test/db.js'
import { createDb, type Db } from '../../db/database.js'
import type { DialectName } from '../../db/dialect.js'
import { migrateToLatest } from '../../db/migrator.js'
import type { Clock } from '../../shared/clock.js'
import { enqueueMessage } from './outbox.service.js'
import { createOutboxWorker } from './outbox-worker.service.js'
import { httpSmsTransport, smtpTransport } from './transports.js'

interface Received {
  from: string
  to: string[]
  raw: string
}

/** A real SMTP server on an ephemeral port; `refuse` answers DATA with 451 while it is > 0. */
async function startSmtp(): Promise<{
  port: number
  mails: Received[]
  refuse: { n: number }
  close(): Promise<void>
}> {
  const mails: Received[] = []
  const refuse = { n: 0 }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        if (refuse.n > 0) {
          refuse.n -= 1
          const err = Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 })
          callback(err)
          return
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return { port, mails, refuse, close: () => new Promise((r) => server.close(() => r())) }
}

/** Decodes a single-part message nodemailer wrote: the Subject (RFC 2047) and the text body. */
function decodeMail(raw: string): { subject: string; text: string; messageId: string } {
  const [head = '', ...rest] = raw.split(/\r\n\r\n/)
  const headers = head.replace(/\r\n[ \t]+/g, ' ')
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(headers)?.[1] ?? ''
  const subject = header('Subject').replace(
    /=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi,
    (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
  )
  const body = rest.join('\r\n\r\n')
  const cte = header('Content-Transfer-Encoding').toLowerCase()
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : body
  return { subject, text: text.trim(), messageId: header('Message-ID') }
}

/** A clock the test moves by hand. */
function manualClock(start: string): Clock & { advance(ms: number): void } {
  let t = new Date(start).getTime()
  return { now: () => new Date(t), advance: (ms) => (t += ms) }
}

async function statusOf(db: Db, id: string) {
  return db.kysely.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

const BODY = '您好：您于2026年12月4日提交的政府信息公开申请（编号 ZD-2026-0012）已登记受理。'

describe.each(TEST_DIALECTS)('the outbox worker over SMTP (%s)', (dialect) => {
  let db: Db
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  const clock = manualClock('2026-12-04T08:00:00Z')

  beforeAll(async () => {
    db = await createTestDb(dialect)
    smtp = await startSmtp()
  })
  afterAll(async () => {
    await smtp.close()
    await db.close()
  })

  const email = () => ({
    email: smtpTransport({
      url: `smtp://127.0.0.1:${smtp.port}`,
      from: '张店区信息公开 <gongkai@zhangdian.gov.cn>',
    }),
  })

  it('never sends a message whose transaction rolled back, and delivers one that committed (subject, recipient, Chinese body)', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await enqueueMessage(trx, clock, {
          channel: 'email',
          recipient: 'rolled@example.cn',
          subject: '不应发出',
          body: '回滚',
        })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    const id = await db.kysely.transaction().execute((trx) =>
      enqueueMessage(trx, clock, {
        channel: 'email',
        recipient: 'applicant@example.cn',
        subject: '政府信息公开申请已受理',
        body: BODY,
        topic: 'request:r1',
      }),
    )
    const worker = createOutboxWorker({ db, clock }, email())
    const r = await worker.runOnce()
    expect(r).toMatchObject({ claimed: 1, sent: 1, retrying: 0, dead: 0 })
    expect(smtp.mails).toHaveLength(1)
    const mail = smtp.mails[0]!
    expect(mail.to).toEqual(['applicant@example.cn'])
    expect(mail.from).toBe('gongkai@zhangdian.gov.cn')
    const decoded = decodeMail(mail.raw)
    expect(decoded.subject).toBe('政府信息公开申请已受理')
    expect(decoded.text).toBe(BODY)
    expect(decoded.messageId).toBe(`<${id}@zhangdian.gov.cn>`)
    const row = await statusOf(db, id)
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lease_until: null, last_error: null })
    expect(row.sent_at).toBe(clock.now().toISOString())
    // Nothing more to send: the rolled-back message does not exist, the sent one is not sent again.
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 })
    expect(smtp.mails).toHaveLength(1)
    const all = await db.kysely.selectFrom('outbox_message').select('recipient').execute()
    expect(all.map((x) => x.recipient)).not.toContain('rolled@example.cn')
    await worker.stop()
  })

  it('retries with exponential back-off when the server answers 451, then delivers; gives up after the last attempt', async () => {
    smtp.mails.length = 0
    smtp.refuse.n = 2
    const id = await db.kysely.transaction().execute((trx) =>
      enqueueMessage(trx, clock, {
        channel: 'email',
        recipient: 'retry@example.cn',
        subject: '重试',
        body: BODY,
      }),
    )
    const worker = createOutboxWorker({ db, clock }, email(), {
      backoff: { baseMs: 60_000, capMs: 3_600_000 },
      random: () => 1,
    })
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retrying: 1 })
    let row = await statusOf(db, id)
    expect(row.status).toBe('failed')
    expect(row.last_error).toMatch(/451/)
    expect(row.next_attempt_at).toBe(new Date(clock.now().getTime() + 60_000).toISOString())
    // Not due yet: nothing is claimed.
    clock.advance(59_000)
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 })
    clock.advance(1_000)
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retrying: 1 })
    row = await statusOf(db, id)
    // The second wait doubles.
    expect(row.next_attempt_at).toBe(new Date(clock.now().getTime() + 120_000).toISOString())
    clock.advance(120_000)
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 })
    expect(await statusOf(db, id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null })
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['retry@example.cn'])

    // A message the server refuses every time is dead after maxAttempts, and stays dead.
    smtp.refuse.n = 100
    const doomed = await db.kysely.transaction().execute((trx) =>
      enqueueMessage(trx, clock, {
        channel: 'email',
        recipient: 'never@example.cn',
        subject: '放弃',
        body: '…',
      }),
    )
    const strict = createOutboxWorker({ db, clock }, email(), {
      maxAttempts: 3,
      backoff: { baseMs: 1_000, capMs: 1_000 },
    })
    for (let i = 0; i < 3; i++) {
      await strict.runOnce()
      clock.advance(1_000)
    }
    expect(await statusOf(db, doomed)).toMatchObject({ status: 'dead', attempts: 3 })
    clock.advance(3_600_000)
    expect(await strict.runOnce()).toMatchObject({ claimed: 0 })
    smtp.refuse.n = 0
    await worker.stop()
    await strict.stop()
  })

  it('leaves messages of a channel without a transport pending', async () => {
    const id = await db.kysely
      .transaction()
      .execute((trx) =>
        enqueueMessage(trx, clock, { channel: 'sms', recipient: '13800138000', body: '您的申请已受理。' }),
      )
    const worker = createOutboxWorker({ db, clock }, email())
    await worker.runOnce()
    expect(await statusOf(db, id)).toMatchObject({ status: 'pending', attempts: 0 })
    await db.kysely.deleteFrom('outbox_message').where('id', '=', id).execute()
  })

  it('retakes a message whose lease expired (a worker killed mid-send), and only then', async () => {
    smtp.mails.length = 0
    const id = await db.kysely.transaction().execute((trx) =>
      enqueueMessage(trx, clock, {
        channel: 'email',
        recipient: 'lease@example.cn',
        subject: '租约',
        body: BODY,
      }),
    )
    // The first worker claims it and "dies": its transport never answers.
    const hung = createOutboxWorker(
      { db, clock },
      { email: { send: () => new Promise(() => undefined) } },
      { leaseMs: 60_000, workerId: 'dead-worker' },
    )
    void hung.runOnce()
    await expect.poll(async () => (await statusOf(db, id)).status).toBe('sending')
    expect((await statusOf(db, id)).locked_by).toBe('dead-worker')
    const other = createOutboxWorker({ db, clock }, email(), { workerId: 'live-worker' })
    expect(await other.runOnce()).toMatchObject({ claimed: 0 })
    clock.advance(60_000)
    expect(await other.runOnce()).toMatchObject({ claimed: 1, sent: 1 })
    expect(await statusOf(db, id)).toMatchObject({ status: 'sent', attempts: 2, locked_by: 'live-worker' })
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['lease@example.cn'])
    await other.stop()
  })

  it('start() sends in the background and stop() waits for the send in flight', async () => {
    smtp.mails.length = 0
    await db.kysely.transaction().execute((trx) =>
      enqueueMessage(trx, clock, {
        channel: 'email',
        recipient: 'loop@example.cn',
        subject: '后台',
        body: BODY,
      }),
    )
    const worker = createOutboxWorker({ db, clock }, email(), { pollMs: 20 })
    worker.start()
    await expect.poll(() => smtp.mails.length, { timeout: 5_000 }).toBe(1)
    await worker.stop()
  })
})

describe.each(TEST_DIALECTS)('the outbox worker over the HTTP SMS adapter (%s)', (dialect) => {
  let db: Db
  let server: Server
  let url = ''
  const got: { auth: string | undefined; key: string | undefined; body: unknown }[] = []
  let failNext = 0
  const clock = manualClock('2026-12-04T08:00:00Z')

  beforeAll(async () => {
    db = await createTestDb(dialect)
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        if (failNext > 0) {
          failNext -= 1
          res.writeHead(503).end('gateway down')
          return
        }
        got.push({
          auth: req.headers.authorization,
          key: req.headers['idempotency-key'] as string | undefined,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        })
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: `sms-${got.length}` }))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
    await db.close()
  })

  it('posts {to, text} with the bearer token, keeps the gateway id, and retries a non-2xx answer', async () => {
    failNext = 1
    const id = await db.kysely.transaction().execute((trx) =>
      enqueueMessage(trx, clock, {
        channel: 'sms',
        recipient: '138 0013 8000',
        body: '【张店区】您的申请已受理。',
      }),
    )
    const worker = createOutboxWorker(
      { db, clock },
      { sms: httpSmsTransport({ url, token: 's3cret' }) },
      {
        backoff: { baseMs: 1_000, capMs: 1_000 },
      },
    )
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retrying: 1 })
    expect((await statusOf(db, id)).last_error).toContain('HTTP 503')
    clock.advance(1_000)
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 })
    expect(got).toEqual([
      { auth: 'Bearer s3cret', key: id, body: { to: '13800138000', text: '【张店区】您的申请已受理。' } },
    ])
    expect(await statusOf(db, id)).toMatchObject({
      status: 'sent',
      provider_message_id: 'sms-1',
      attempts: 2,
    })
  })
})

/** Two Db handles on one database: a SQLite file, or one PostgreSQL schema. */
async function twoHandles(dialect: DialectName): Promise<{ a: Db; b: Db; close(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-outbox-'))
    const path = join(dir, 'outbox.db')
    const a = createDb({ kind: 'sqlite', path })
    await migrateToLatest(a)
    const b = createDb({ kind: 'sqlite', path })
    return {
      a,
      b,
      close: async () => {
        await a.close()
        await b.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = `t_outbox_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: TEST_PG_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  const a = createDb({ kind: 'postgres', url: pgSchemaUrl(schema) })
  await migrateToLatest(a)
  const b = createDb({ kind: 'postgres', url: pgSchemaUrl(schema) })
  return {
    a,
    b,
    close: async () => {
      await a.close()
      await b.close()
      await admin.query(`DROP SCHEMA ${schema} CASCADE`)
      await admin.end()
    },
  }
}

describe.each(TEST_DIALECTS)('two workers on two handles of one database (%s)', (dialect) => {
  it('deliver each of 200 messages exactly once', async () => {
    const h = await twoHandles(dialect)
    const smtp = await startSmtp()
    try {
      const clock = manualClock('2026-12-04T08:00:00Z')
      for (let i = 0; i < 200; i += 50) {
        await h.a.kysely.transaction().execute(async (trx) => {
          for (let j = i; j < i + 50; j++) {
            await enqueueMessage(trx, clock, {
              channel: 'email',
              recipient: `a${j}@example.cn`,
              subject: `通知 ${j}`,
              body: `第 ${j} 号通知`,
            })
          }
        })
      }
      const transport = () => ({
        email: smtpTransport({ url: `smtp://127.0.0.1:${smtp.port}`, from: 'gongkai@example.cn' }),
      })
      const w1 = createOutboxWorker({ db: h.a, clock }, transport(), { batchSize: 7, workerId: 'w1' })
      const w2 = createOutboxWorker({ db: h.b, clock }, transport(), { batchSize: 7, workerId: 'w2' })
      const drain = async (w: typeof w1) => {
        let total = 0
        for (;;) {
          const r = await w.runOnce()
          total += r.sent
          if (r.claimed === 0) {
            return total
          }
        }
      }
      const [n1, n2] = await Promise.all([drain(w1), drain(w2)])
      expect(n1 + n2).toBe(200)
      // Both took part, and no address got two messages.
      expect(n1).toBeGreaterThan(0)
      expect(n2).toBeGreaterThan(0)
      const to = smtp.mails.map((m) => m.to[0]).sort()
      expect(to).toHaveLength(200)
      expect(new Set(to).size).toBe(200)
      const sent = await h.b.kysely.selectFrom('outbox_message').select(['status', 'attempts']).execute()
      expect(sent.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
      await w1.stop()
      await w2.stop()
    } finally {
      await smtp.close()
      await h.close()
    }
  }, 60_000)
})
