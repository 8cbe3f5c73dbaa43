import ExcelJS from 'exceljs'
import { existsSync } from 'node:fs'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Grant } from '../../../shared/actor.js'
import type { Role } from '../../users/user.table.js'
import { TEST_DIALECTS } from '../../../../test/db.js'
import { buildItem, buildOrgan, buildUser } from '../../../../test/factories.js'
import { docx, EXE, JPEG, PDF, pdfGb, PNG } from '../../../../test/fixtures/files.js'
import { XSS_PAYLOADS } from '../../../../test/fixtures/xss-payloads.js'
import { createTestApp, type TestApp } from '../../../../test/http.js'
import { liveMarkupProblems } from '../../../../test/markup.js'
import { createFileStore } from './file-store.js'
import { CHECKLIST, EMPTY_ITEM_FORM, type Checklist } from '../items/index.js'
import { createItem, finalReview, firstReview, submitItem, type ItemActor } from '../items/index.js'
import { findItemById } from '../items/item.repository.js'

const MAX = 256 * 1024

/** A logged-in browser session driven through inject (cookies and the CSRF token of its pages). */
class Session {
  cookie = ''
  csrf = ''
  constructor(private readonly t: TestApp) {}

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    const jar = new Map(
      this.cookie ? this.cookie.split('; ').map((c) => c.split('=') as [string, string]) : [],
    )
    for (const c of res.cookies) {
      jar.set(c.name, c.value)
    }
    this.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body)
    if (m?.[1]) {
      this.csrf = m[1]
    }
    return res
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.cookie } }))
  }

  async post(url: string, form: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const payload = new URLSearchParams({ _csrf: this.csrf, ...form }).toString()
    return this.keep(
      await this.t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      }),
    )
  }

  /**
   * Posts a multipart form with one file and, as the upload form does, the CSRF token as the
   * body's first field (`csrfIn: 'query'` sends it in the URL instead, which is refused).
   */
  async upload(
    url: string,
    filename: string,
    bytes: Buffer,
    opts: { csrf?: string | null; accept?: string; csrfIn?: 'body' | 'query' } = {},
  ): Promise<LightMyRequestResponse> {
    const boundary = `----gongkai${Math.random().toString(16).slice(2)}`
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf
    const inQuery = opts.csrfIn === 'query'
    const csrfPart =
      csrf === null || inQuery
        ? ''
        : `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`
    const payload = Buffer.concat([
      Buffer.from(
        csrfPart +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const target = csrf !== null && inQuery ? `${url}?_csrf=${encodeURIComponent(csrf)}` : url
    return this.keep(
      await this.t.app.inject({
        method: 'POST',
        url: target,
        headers: {
          cookie: this.cookie,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          ...(opts.accept ? { accept: opts.accept } : {}),
        },
        payload,
      }),
    )
  }

  async login(username: string, password: string): Promise<void> {
    await this.get('/login')
    const res = await this.post('/login', { username, password })
    if (res.statusCode !== 303) {
      throw new Error(`login failed: ${res.statusCode}`)
    }
    await this.get('/console')
  }
}

const CLEAR: Checklist = Object.fromEntries(
  CHECKLIST.map((q) => [q.key, { answer: 'no' as const, note: '' }]),
)

describe.each(TEST_DIALECTS)('item attachments (%s)', (dialect) => {
  let t: TestApp
  let organId: string
  const people: Record<string, { id: string; username: string; password: string; grants: Grant[] }> = {}

  async function person(name: string, roles: Role[], organ = organId) {
    const u = await buildUser(t.db, { roles: roles.map((role) => ({ role, organId: organ })) })
    people[name] = { ...u, grants: roles.map((role) => ({ role, organId: organ, includeSubtree: false })) }
  }

  async function as(name: string): Promise<Session> {
    const p = people[name]
    if (!p) {
      throw new Error(name)
    }
    const s = new Session(t)
    await s.login(p.username, p.password)
    return s
  }

  const actor = (name: string): ItemActor => {
    const p = people[name]
    if (!p) {
      throw new Error(name)
    }
    return { userId: p.id, username: p.username, grants: p.grants }
  }

  async function draft(title = '关于广电惠民工程的通知'): Promise<string> {
    return (
      await buildItem(t.db, {
        organ_id: organId,
        status: 'draft',
        title,
        drafted_by: people.handler?.id ?? null,
      })
    ).id
  }

  const rowsOf = (itemId: string) =>
    t.db.kysely.selectFrom('attachment').selectAll().where('item_id', '=', itemId).execute()

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { maxUploadBytes: MAX } })
    organId = (await buildOrgan(t.db, { name: '张店区广播电视局' })).id
    const other = (await buildOrgan(t.db, { name: '张店区教育局' })).id
    await person('handler', ['handler'])
    await person('officer', ['officer'])
    await person('leader', ['leader'])
    await person('stranger', ['officer'], other)
  })
  afterAll(async () => {
    await t.close()
  })

  it('uploads a DOCX to a draft, extracts its text and records the upload in the audit trail', async () => {
    const id = await draft()
    const s = await as('handler')
    const page = await s.get(`/console/items/${id}/attachments`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('enctype="multipart/form-data"')
    // The token travels in the body, before the file, never in the form's URL.
    expect(page.body).toContain(`action="/console/items/${id}/attachments"`)
    expect(page.body).not.toContain('?_csrf=')
    expect(page.body).toMatch(
      /enctype="multipart\/form-data"><input type="hidden" name="_csrf" value="[^"]+"/,
    )

    const res = await s.upload(
      `/console/items/${id}/attachments`,
      '实施方案.docx',
      docx(['广电惠民工程实施方案', '第一条']),
    )
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/console/items/${id}/attachments?done=added`)
    const rows = await rowsOf(id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      filename: '实施方案.docx',
      media_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      text: '广电惠民工程实施方案\n第一条',
    })
    expect(existsSync(createFileStore(t.deps.config.filesDir).pathOf(rows[0]?.storage_key ?? ''))).toBe(true)
    const listed = await s.get(`/console/items/${id}/attachments?done=added`)
    expect(listed.body).toContain('附件已上传')
    expect(listed.body).toContain('实施方案.docx')
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('target_id', '=', id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['attachment.added'])
  })

  it('refuses an oversized file with 413 and the limit next to the file field', async () => {
    const id = await draft()
    const s = await as('handler')
    const res = await s.upload(
      `/console/items/${id}/attachments`,
      '大文件.pdf',
      Buffer.concat([PDF, Buffer.alloc(MAX)]),
    )
    expect(res.statusCode).toBe(413)
    expect(res.body).toContain('附件超过大小限制：最大 0.3 MB。')
    expect(res.body).toContain('id="f-file-error"')
    expect(await rowsOf(id)).toHaveLength(0)
  })

  it('refuses a file whose content does not match its extension, with 415 and a clear message', async () => {
    const id = await draft()
    const s = await as('handler')
    const res = await s.upload(`/console/items/${id}/attachments`, '报告.pdf', PNG)
    expect(res.statusCode).toBe(415)
    expect(res.body).toContain('文件内容是PNG 图片，与扩展名“.pdf”不符')
    expect(await rowsOf(id)).toHaveLength(0)
  })

  it('refuses a control character in the uploaded file name with 400 and stores nothing', async () => {
    const id = await draft()
    const s = await as('handler')
    const res = await s.upload(`/console/items/${id}/attachments`, '报告\u0001.pdf', PDF)
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('控制字符')
    expect(await rowsOf(id)).toHaveLength(0)
  })

  it('refuses an executable renamed .pdf, also for JSON callers', async () => {
    const id = await draft()
    const s = await as('handler')
    const page = await s.upload(`/console/items/${id}/attachments`, '报告.pdf', EXE)
    expect(page.statusCode).toBe(415)
    expect(page.body).toContain('不能上传可执行程序或脚本')
    const json = await s.upload(`/console/items/${id}/attachments`, '报告.pdf', EXE, {
      accept: 'application/json',
    })
    expect(json.statusCode).toBe(415)
    expect(JSON.parse(json.body)).toMatchObject({ error: { code: 'ATTACHMENT_TYPE_REFUSED' } })
    expect(await rowsOf(id)).toHaveLength(0)
  })

  it('refuses an upload without the CSRF token, from another organ, or by a role that does not draft', async () => {
    const id = await draft()
    const handler = await as('handler')
    expect(
      (await handler.upload(`/console/items/${id}/attachments`, 'a.pdf', PDF, { csrf: null })).statusCode,
    ).toBe(403)
    const stranger = await as('stranger')
    expect((await stranger.upload(`/console/items/${id}/attachments`, 'a.pdf', PDF)).statusCode).toBe(404)
    const leader = await as('leader')
    const refused = await leader.upload(`/console/items/${id}/attachments`, 'a.pdf', PDF)
    expect(refused.statusCode).toBe(403)
    expect(refused.body).toContain('只有本机关的信息员或承办人')
    expect((await leader.get(`/console/items/${id}/attachments`)).body).not.toContain('multipart/form-data')
    expect(await rowsOf(id)).toHaveLength(0)
  })

  it('refuses a CSRF token sent in the upload URL (403, nothing stored) and accepts the same token in the body', async () => {
    const id = await draft()
    const s = await as('handler')
    await s.get(`/console/items/${id}/attachments`)
    const inUrl = await s.upload(`/console/items/${id}/attachments`, 'a.pdf', PDF, { csrfIn: 'query' })
    expect(inUrl.statusCode).toBe(403)
    expect(inUrl.body).toContain('页面已过期或来源不明')
    expect(await rowsOf(id)).toHaveLength(0)
    const wrong = await s.upload(`/console/items/${id}/attachments`, 'a.pdf', PDF, { csrf: 'x'.repeat(32) })
    expect(wrong.statusCode).toBe(403)
    expect(await rowsOf(id)).toHaveLength(0)
    const inBody = await s.upload(
      `/console/items/${id}/attachments`,
      'a.pdf',
      Buffer.concat([PDF, Buffer.from('\n% csrf in the body\n')]),
    )
    expect(inBody.statusCode).toBe(303)
    expect(await rowsOf(id)).toHaveLength(1)
  })

  it('revalidates public files with an ETag (304 on If-None-Match) and stops serving them once the item is withdrawn', async () => {
    const id = await draft('关于有线电视维护的公告')
    const s = await as('handler')
    const file = Buffer.concat([PDF, Buffer.from('\n% revalidated\n')])
    await s.upload(`/console/items/${id}/attachments`, '公告.pdf', file)
    const [row] = await rowsOf(id)
    await t.db.kysely.updateTable('item').set({ status: 'published' }).where('id', '=', id).execute()
    const url = `/attachments/${row?.id}`

    const first = await t.app.inject({ method: 'GET', url })
    expect(first.statusCode).toBe(200)
    const etag = first.headers.etag
    expect(etag).toBe(`"${row?.sha256}"`)
    expect(first.headers['cache-control']).toBe('public, no-cache')
    expect(first.headers['cache-control']).not.toContain('max-age')

    const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': String(etag) } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers.etag).toBe(etag)
    const other = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': '"something-else"' } })
    expect(other.statusCode).toBe(200)
    expect(other.rawPayload.equals(file)).toBe(true)

    await t.db.kysely.updateTable('item').set({ status: 'withdrawn' }).where('id', '=', id).execute()
    const gone = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': String(etag) } })
    expect(gone.statusCode).toBe(404)
  })

  it('serves files of unpublished items to staff only; the public gets 404 until publication', async () => {
    const a = actor('handler')
    const { id } = await createItem(t.deps, a, organId, {
      ...EMPTY_ITEM_FORM,
      title: '关于调整有线电视收视费的公告',
      formedDate: '2026-10-09',
      topic: '文化、广电、新闻出版\\广播、电影、电视',
      genre: '公告',
    })
    const s = await as('handler')
    await s.upload(
      `/console/items/${id}/attachments`,
      '收费标准（2026年）.docx',
      docx(['有线电视基本收视维护费标准']),
    )
    await s.upload(`/console/items/${id}/attachments`, '现场照片.jpg', JPEG)
    const [doc, photo] = await rowsOf(id).then((r) => r.sort((x, y) => x.filename.localeCompare(y.filename)))
    const docRow = [doc, photo].find((r) => r?.filename.endsWith('.docx'))
    const photoRow = [doc, photo].find((r) => r?.filename.endsWith('.jpg'))

    const anonymous = await t.app.inject({ method: 'GET', url: `/attachments/${docRow?.id}` })
    expect(anonymous.statusCode).toBe(404)
    const staff = await s.get(`/console/attachments/${docRow?.id}`)
    expect(staff.statusCode).toBe(200)
    expect(staff.headers['cache-control']).toBe('private, no-store')
    expect((await (await as('stranger')).get(`/console/attachments/${docRow?.id}`)).statusCode).toBe(404)

    // Through the two-stage review to publication; attachment text becomes searchable.
    const v = async () => Number((await findItemById(t.db.kysely, id))?.version)
    await submitItem(t.deps, a, id, await v())
    await firstReview(t.deps, actor('officer'), id, {
      decision: 'approve',
      checklist: CLEAR,
      comment: '',
      expectedVersion: await v(),
    })
    expect((await t.app.inject({ method: 'GET', url: `/attachments/${docRow?.id}` })).statusCode).toBe(404)
    await finalReview(t.deps, actor('leader'), id, {
      decision: 'approve',
      comment: '',
      expectedVersion: await v(),
    })

    const pub = await t.app.inject({ method: 'GET', url: `/attachments/${docRow?.id}` })
    expect(pub.statusCode).toBe(200)
    expect(pub.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    expect(pub.headers['content-disposition']).toBe(
      `attachment; filename="2026.docx"; filename*=UTF-8''${encodeURIComponent('收费标准（2026年）.docx')}`,
    )
    expect(pub.headers['x-content-type-options']).toBe('nosniff')
    expect(pub.headers['content-security-policy']).toContain('sandbox')
    expect(pub.rawPayload.equals(docx(['有线电视基本收视维护费标准']))).toBe(true)
    const img = await t.app.inject({ method: 'GET', url: `/attachments/${photoRow?.id}` })
    expect(img.headers['content-disposition']).toMatch(/^inline; /)
    expect(img.headers['content-type']).toBe('image/jpeg')

    const hits = await t.deps.search.search(t.db.kysely, { q: '收视维护', filters: {}, limit: 10, offset: 0 })
    expect(hits.docNos).toEqual([Number((await findItemById(t.db.kysely, id))?.doc_no)])

    // Published: attachments are frozen (a revision adds files).
    const frozen = await s.upload(`/console/items/${id}/attachments`, 'b.pdf', PDF)
    expect(frozen.statusCode).toBe(403)
  })

  it('deletes an attachment from a draft, and its file unless another attachment shares the content', async () => {
    const one = await draft()
    const two = await draft()
    const s = await as('handler')
    await s.upload(`/console/items/${one}/attachments`, '共用.pdf', PDF)
    await s.upload(`/console/items/${two}/attachments`, '共用副本.pdf', PDF)
    const [a] = await rowsOf(one)
    const [b] = await rowsOf(two)
    const store = createFileStore(t.deps.config.filesDir)
    expect(a?.storage_key).toBe(b?.storage_key)

    const del = await s.post(`/console/attachments/${a?.id}/delete`)
    expect(del.statusCode).toBe(303)
    expect(del.headers.location).toBe(`/console/items/${one}/attachments?done=removed`)
    expect(await rowsOf(one)).toHaveLength(0)
    expect(existsSync(store.pathOf(b?.storage_key ?? ''))).toBe(true)
    await s.post(`/console/attachments/${b?.id}/delete`)
    expect(existsSync(store.pathOf(b?.storage_key ?? ''))).toBe(false)
    expect((await s.post(`/console/attachments/${b?.id}/delete`)).statusCode).toBe(404)
  })

  it('shows file names from the payload list escaped on the console page', async () => {
    const id = await draft()
    const s = await as('handler')
    for (const payload of XSS_PAYLOADS.slice(0, 12)) {
      const name = `${payload.replace(/[/\\]/g, '')}.pdf`
      await s.upload(`/console/items/${id}/attachments`, name, PDF)
    }
    const page = await s.get(`/console/items/${id}/attachments`)
    expect(page.statusCode).toBe(200)
    expect(liveMarkupProblems(page.body)).toEqual([])
    // Names keep their text, minus the characters names may not hold (< > " and path separators).
    expect(page.body).toContain('>img src=x onerror=alert(1).pdf</a>')
  })

  it('reads a Chinese PDF with pdf.js for search text', async () => {
    const id = await draft()
    const s = await as('handler')
    const res = await s.upload(
      `/console/items/${id}/attachments`,
      '2025年政府信息公开工作年度报告.pdf',
      pdfGb('政府信息公开工作年度报告'),
    )
    expect(res.statusCode).toBe(303)
    expect((await rowsOf(id))[0]).toMatchObject({
      media_type: 'application/pdf',
      text: '政府信息公开工作年度报告',
    })
    expect((await s.get(`/console/items/${id}/attachments`)).body).toContain('已提取，可检索')
  })

  it('reads an XLSX with exceljs for search text', async () => {
    const id = await draft()
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('名单').addRow(['张店区', '广电站'])
    const s = await as('officer')
    const res = await s.upload(
      `/console/items/${id}/attachments`,
      '名单.xlsx',
      Buffer.from(await wb.xlsx.writeBuffer()),
    )
    expect(res.statusCode).toBe(303)
    expect((await rowsOf(id))[0]?.text).toBe('名单\n张店区 广电站')
  })
})

describe.each(TEST_DIALECTS)('item attachments over the form body limit (%s)', (dialect) => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { maxUploadBytes: 4 * 1024 * 1024 } })
  })
  afterAll(async () => {
    await t.close()
  })

  it('accepts files larger than the 2 MB form limit, up to the upload limit', async () => {
    const organId = (await buildOrgan(t.db)).id
    const u = await buildUser(t.db, { roles: [{ role: 'handler', organId }] })
    const item = await buildItem(t.db, { organ_id: organId, status: 'draft' })
    const s = new Session(t)
    await s.login(u.username, u.password)
    const big = Buffer.concat([PDF, Buffer.alloc(3 * 1024 * 1024, 0x20)])
    const res = await s.upload(`/console/items/${item.id}/attachments`, '大报告.pdf', big)
    expect(res.statusCode).toBe(303)
    const rows = await t.db.kysely
      .selectFrom('attachment')
      .select('size')
      .where('item_id', '=', item.id)
      .execute()
    expect(rows.map((r) => Number(r.size))).toEqual([big.length])
  })
})
