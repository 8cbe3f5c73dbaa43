import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../users/user.table.js'
import { TEST_DIALECTS } from '../../../../test/db.js'
import { buildOrgan, buildUser } from '../../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../../test/http.js'
import { PDF } from '../../../../test/fixtures/files.js'
import { addAttachment } from '../attachments/index.js'
import { sizeLabel } from '../attachments/index.js'
import { CHECKLIST } from './item.js'
import { findItemById } from './item.repository.js'

/** The drafting form as a browser posts it. */
function draftForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: '关于公布2026年广播电视公共服务事项的通知',
    summary: '公布全区广播电视公共服务事项清单',
    bodyHtml: '<p>根据有关规定，现将……</p>',
    docNumber: '张广电发〔2026〕3号',
    formedDate: '2026-10-09',
    topic: '文化、广电、新闻出版\\广播、电影、电视',
    genre: '通知',
    art20Item: '5',
    disclosureMode: 'proactive',
    scope: 'public',
    term: 'long',
    validity: 'valid',
    ...over,
  }
}

const clearChecklist = Object.fromEntries(CHECKLIST.map((q) => [`check_${q.key}`, 'no']))

describe.each(TEST_DIALECTS)('console item pages (%s)', (dialect) => {
  let t: TestApp
  let organId: string
  const users: Record<string, { username: string; password: string; id: string }> = {}

  const clients = new Map<string, TestClient>()
  /** One logged-in client per user (log-ins are rate limited and slow by design). */
  async function client(name: string): Promise<TestClient> {
    const known = clients.get(name)
    if (known) {
      return known
    }
    const u = users[name]!
    const c = new TestClient(t.app)
    await c.login(u.username, u.password)
    clients.set(name, c)
    return c
  }

  async function version(id: string): Promise<string> {
    return String((await findItemById(t.db.kysely, id))!.version)
  }

  /** Creates a draft through the form as the handler; returns its id. */
  async function draft(over: Record<string, string | string[]> = {}, as = 'handler'): Promise<string> {
    const c = await client(as)
    await c.get('/console/items/new')
    const res = await c.post('/console/items/new', draftForm({ organId, ...over }))
    expect(res.statusCode).toBe(303)
    return /\/console\/items\/([^?]+)/.exec(res.headers.location as string)![1]!
  }

  beforeAll(async () => {
    t = await createTestApp(dialect)
    organId = (await buildOrgan(t.db, { name: '张店区广播电视局' })).id
    const other = await buildOrgan(t.db, { name: '张店区教育局' })
    const make = async (name: string, roles: Array<{ role: Role; organId?: string }>) => {
      users[name] = await buildUser(t.db, { roles })
    }
    await make('handler', [{ role: 'handler', organId }])
    await make('officer', [{ role: 'officer', organId }])
    await make('officer2', [{ role: 'officer', organId }])
    await make('leader', [{ role: 'leader', organId }])
    await make('supervisor', [{ role: 'supervisor', organId }])
    await make('outsider', [
      { role: 'officer', organId: other.id },
      { role: 'leader', organId: other.id },
    ])
    await make('nobody', [])
  })
  afterAll(async () => {
    await t.close()
  })

  it('sends anonymous visitors to the log-in page', async () => {
    const c = new TestClient(t.app)
    const res = await c.get('/console/items')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toContain('/login')
  })

  it('takes an item through drafting, both reviews and publication in the console', async () => {
    const id = await draft()
    const handler = await client('handler')
    const page = await handler.get(`/console/items/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('张广电发〔2026〕3号')
    expect(page.body).toContain('前公开')
    expect(
      (await handler.post(`/console/items/${id}/submit`, { version: await version(id) })).statusCode,
    ).toBe(303)

    const officer = await client('officer')
    const reviewPage = await officer.get(`/console/items/${id}`)
    expect(reviewPage.body).toContain('初审：保密审查')
    const reviewed = await officer.post(`/console/items/${id}/review/first`, {
      ...clearChecklist,
      decision: 'approve',
      version: await version(id),
    })
    expect(reviewed.statusCode).toBe(303)

    const leader = await client('leader')
    expect((await leader.get(`/console/items/${id}`)).body).toContain('批准发布')
    const approved = await leader.post(`/console/items/${id}/review/final`, {
      decision: 'approve',
      version: await version(id),
    })
    expect(approved.statusCode).toBe(303)
    expect(approved.headers.location).toBe(`/console/items/${id}?done=approve_final`)
    const row = (await findItemById(t.db.kysely, id))!
    expect(row.status).toBe('published')
    const done = await leader.get(approved.headers.location as string)
    expect(done.body).toContain(row.index_no!)
    expect(done.body).toContain('已批准发布')
  })

  it('lists items with their status and Art. 26 badge, filtered by status', async () => {
    const id = await draft({ title: '列表中的草稿' })
    const officer = await client('officer')
    const res = await officer.get('/console/items?status=draft')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('列表中的草稿')
    expect(res.body).toContain(`/console/items/${id}`)
    expect(res.body).toMatch(/已超期|前公开/)
    const published = await officer.get('/console/items?status=published')
    expect(published.body).not.toContain('列表中的草稿')
  })

  it('re-shows the form with a message next to each wrong field and the input kept (422)', async () => {
    const handler = await client('handler')
    await handler.get('/console/items/new')
    const res = await handler.post(
      '/console/items/new',
      draftForm({ organId, title: '', formedDate: '2026-13-01', summary: '保留我的概述' }),
    )
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('请填写名称')
    expect(res.body).toContain('形成或变更日期须为有效日期')
    expect(res.body).toContain('保留我的概述')
  })

  it('escapes markup typed into fields and strips script from the body', async () => {
    const id = await draft({
      title: '<script>alert("t")</script>标题',
      summary: '<img src=x onerror=alert(1)>',
      bodyHtml:
        '<p onclick="alert(1)">正文</p><script>alert(2)</script><a href="javascript:alert(3)">链接</a>',
    })
    const res = await (await client('officer')).get(`/console/items/${id}`)
    expect(res.body).not.toContain('<script>alert')
    expect(res.body).toContain('<h1>&lt;script>alert(&quot;t&quot;)&lt;/script>标题</h1>')
    expect(res.body).not.toContain('<img src=x')
    expect(res.body).not.toContain('onclick')
    expect(res.body).not.toContain('javascript:')
  })

  it('refuses a stale save with a message and keeps what the second person typed (409)', async () => {
    const id = await draft({ title: '并发编辑的草稿' })
    const handler = await client('handler')
    const officer = await client('officer')
    const formA = await handler.get(`/console/items/${id}/edit`)
    const formB = await officer.get(`/console/items/${id}/edit`)
    const v = /name="version" value="(\d+)"/.exec(formA.body)![1]!
    expect(/name="version" value="(\d+)"/.exec(formB.body)![1]).toBe(v)
    expect(
      (await handler.post(`/console/items/${id}/edit`, draftForm({ title: '承办人的版本', version: v })))
        .statusCode,
    ).toBe(303)
    const stale = await officer.post(
      `/console/items/${id}/edit`,
      draftForm({ title: '信息员的版本', version: v }),
    )
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('已被他人修改')
    expect(stale.body).toContain('value="信息员的版本"')
    expect((await findItemById(t.db.kysely, id))!.title).toBe('承办人的版本')
    // Saving again from the re-shown form is a deliberate overwrite and succeeds.
    const v2 = /name="version" value="(\d+)"/.exec(stale.body)![1]!
    expect(
      (await officer.post(`/console/items/${id}/edit`, draftForm({ title: '信息员的版本', version: v2 })))
        .statusCode,
    ).toBe(303)
    expect((await findItemById(t.db.kysely, id))!.title).toBe('信息员的版本')
  })

  it('refuses an incomplete checklist with a message per unanswered question (422)', async () => {
    const id = await draft()
    const handler = await client('handler')
    await handler.post(`/console/items/${id}/submit`, { version: await version(id) })
    const officer = await client('officer')
    await officer.get(`/console/items/${id}`)
    const res = await officer.post(`/console/items/${id}/review/first`, {
      check_state_secret: 'no',
      decision: 'approve',
      version: await version(id),
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('保密审查清单须逐项作答')
    expect(res.body.match(/项未作答，请选择“是”或“否”/g)).toHaveLength(CHECKLIST.length - 1)
    expect((await findItemById(t.db.kysely, id))!.status).toBe('first_review')
  })

  it('names the 说明 field of the question answered 是 without an explanation, on approval and on return', async () => {
    const id = await draft()
    const handler = await client('handler')
    await handler.post(`/console/items/${id}/submit`, { version: await version(id) })
    const officer = await client('officer')
    await officer.get(`/console/items/${id}`)
    for (const decision of ['approve', 'return']) {
      const res = await officer.post(`/console/items/${id}/review/first`, {
        ...clearChecklist,
        check_third_party: 'yes',
        note_third_party: '  ',
        comment: '涉及个人信息',
        decision,
        version: await version(id),
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('答“是”的审查项须在该项的“说明”栏写明情况')
      expect(res.body).toContain('第3项答“是”，请在本项的“说明”栏写明涉及的情况')
      expect(res.body).not.toContain('保密审查清单须逐项作答')
    }
    expect((await findItemById(t.db.kysely, id))!.status).toBe('first_review')
  })

  it('refuses a drafter reviewing their own item (403) and says why on the page', async () => {
    const id = await draft({}, 'officer')
    const officer = await client('officer')
    await officer.post(`/console/items/${id}/submit`, { version: await version(id) })
    const page = await officer.get(`/console/items/${id}`)
    expect(page.body).toContain('职责分离')
    expect(page.body).not.toContain('初审：保密审查')
    const res = await officer.post(`/console/items/${id}/review/first`, {
      ...clearChecklist,
      decision: 'approve',
      version: await version(id),
    })
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('起草或修改过该内容的人员不能审核或批准它')
  })

  it('returns 403 for staff without a role on any organ, and for roles that may not act', async () => {
    const nobody = await client('nobody')
    expect((await nobody.get('/console/items')).statusCode).toBe(403)
    expect((await nobody.get('/console/items/new')).statusCode).toBe(403)
    expect((await nobody.post('/console/items/new', draftForm({ organId }))).statusCode).toBe(403)

    const supervisor = await client('supervisor')
    expect((await supervisor.get('/console/items')).statusCode).toBe(200)
    expect((await supervisor.get('/console/items/new')).statusCode).toBe(403)
    expect((await supervisor.post('/console/items/new', draftForm({ organId }))).statusCode).toBe(403)

    const id = await draft()
    expect((await supervisor.get(`/console/items/${id}`)).statusCode).toBe(200)
    expect((await supervisor.get(`/console/items/${id}/edit`)).statusCode).toBe(403)
    const v = await version(id)
    for (const path of [
      'edit',
      'submit',
      'discard',
      'review/first',
      'review/final',
      'withdraw',
      'validity',
      'revise',
    ]) {
      const res = await supervisor.post(`/console/items/${id}/${path}`, {
        ...draftForm(),
        ...clearChecklist,
        decision: 'approve',
        reason: '理由',
        validity: 'expired',
        date: '2026-10-01',
        version: v,
      })
      expect(res.statusCode, path).toBe(403)
    }
    expect(await findItemById(t.db.kysely, id)).toMatchObject({ status: 'draft' })
  })

  it('asks before deleting a draft, and deletes it only once confirmed', async () => {
    const id = await draft()
    const handler = await client('handler')
    const page = await handler.get(`/console/items/${id}`)
    expect(page.body).toContain(`href="/console/items/${id}/discard"`)
    const unconfirmed = await handler.post(`/console/items/${id}/discard`, { version: await version(id) })
    expect(unconfirmed.statusCode).toBe(303)
    expect(unconfirmed.headers.location).toBe(`/console/items/${id}/discard`)
    expect(await findItemById(t.db.kysely, id)).toBeDefined()
    const ask = await handler.get(`/console/items/${id}/discard`)
    expect(ask.statusCode).toBe(200)
    expect(ask.body).toContain('确定要删除草稿')
    expect(ask.body).toContain('name="confirm" value="yes"')
    const done = await handler.post(`/console/items/${id}/discard`, {
      version: await version(id),
      confirm: 'yes',
    })
    expect(done.statusCode).toBe(303)
    expect(await findItemById(t.db.kysely, id)).toBeUndefined()
  })

  it('shows the item when an action’s address is opened or reloaded, never a 404', async () => {
    const id = await draft()
    const officer = await client('officer')
    for (const path of ['submit', 'review/first', 'review/final', 'withdraw', 'validity', 'revise']) {
      const res = await officer.get(`/console/items/${id}/${path}`)
      expect(res.statusCode, path).toBe(303)
      expect(res.headers.location).toBe(`/console/items/${id}`)
    }
  })

  it('returns 404 for every item route on an organ the viewer has no role on', async () => {
    const id = await draft()
    const outsider = await client('outsider')
    expect((await outsider.get(`/console/items/${id}`)).statusCode).toBe(404)
    expect((await outsider.get(`/console/items/${id}/edit`)).statusCode).toBe(404)
    expect((await outsider.get(`/console/items?organ=${organId}`)).statusCode).toBe(404)
    expect((await outsider.post('/console/items/new', draftForm({ organId }))).statusCode).toBe(404)
    const v = await version(id)
    for (const path of [
      'edit',
      'submit',
      'discard',
      'review/first',
      'review/final',
      'withdraw',
      'validity',
      'revise',
    ]) {
      const res = await outsider.post(`/console/items/${id}/${path}`, {
        ...draftForm(),
        ...clearChecklist,
        decision: 'approve',
        reason: '理由',
        validity: 'expired',
        version: v,
      })
      expect(res.statusCode, path).toBe(404)
    }
    expect((await outsider.get('/console/items/no-such-item')).statusCode).toBe(404)
    const list = await outsider.get('/console/items')
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(`/console/items/${id}`)
  })

  it('lists the attachments on the item page, with a link to manage them only for who may change them', async () => {
    const id = await draft()
    const none = await (await client('handler')).get(`/console/items/${id}`)
    expect(none.body).toContain('<h2 id="h-attachments">附件</h2>')
    expect(none.body).toContain('暂无附件。')

    const handler = users.handler!
    const a = await addAttachment(
      t.deps,
      {
        userId: handler.id,
        username: handler.username,
        grants: [{ role: 'handler', organId, includeSubtree: false }],
      },
      id,
      { filename: '服务事项清单.pdf', bytes: PDF },
    )
    const manage = `href="/console/items/${id}/attachments"`
    const mine = await (await client('handler')).get(`/console/items/${id}`)
    expect(mine.statusCode).toBe(200)
    expect(mine.body).toContain(`<a href="/console/attachments/${a.id}">服务事项清单.pdf</a>`)
    expect(mine.body).toContain('<td>PDF 文档</td>')
    expect(mine.body).toContain(`<td class="nowrap">${sizeLabel(PDF.length)}</td>`)
    expect(mine.body).toContain(manage)

    // A leader may see the draft's attachments but not change them.
    const leaders = await (await client('leader')).get(`/console/items/${id}`)
    expect(leaders.statusCode).toBe(200)
    expect(leaders.body).toContain('服务事项清单.pdf')
    expect(leaders.body).not.toContain(manage)
  })

  it('withdraws, re-validates and revises a published item from its page', async () => {
    const id = await draft({ title: '将被修订的信息' })
    await (await client('handler')).post(`/console/items/${id}/submit`, { version: await version(id) })
    await (
      await client('officer')
    ).post(`/console/items/${id}/review/first`, {
      ...clearChecklist,
      decision: 'approve',
      version: await version(id),
    })
    await (
      await client('leader')
    ).post(`/console/items/${id}/review/final`, {
      decision: 'approve',
      version: await version(id),
    })
    const indexNo = (await findItemById(t.db.kysely, id))!.index_no

    const handler = await client('handler')
    const revised = await handler.post(`/console/items/${id}/revise`)
    expect(revised.statusCode).toBe(303)
    const copyId = /\/console\/items\/([^?]+)/.exec(revised.headers.location as string)![1]!
    expect(copyId).not.toBe(id)
    expect((await handler.get(revised.headers.location as string)).body).toContain('修订稿')

    const officer = await client('officer')
    const noReason = await officer.post(`/console/items/${id}/withdraw`, {
      reason: '',
      version: await version(id),
    })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('撤销须说明理由')
    const badValidity = await officer.post(`/console/items/${id}/validity`, {
      validity: 'expired',
      date: '',
      version: await version(id),
    })
    expect(badValidity.statusCode).toBe(422)
    const ok = await officer.post(`/console/items/${id}/validity`, {
      validity: 'expired',
      date: '2026-10-30',
      version: await version(id),
    })
    expect(ok.statusCode).toBe(303)
    expect(await findItemById(t.db.kysely, id)).toMatchObject({ validity: 'expired', index_no: indexNo })
    const withdrawn = await officer.post(`/console/items/${id}/withdraw`, {
      reason: '内容已过时',
      version: await version(id),
    })
    expect(withdrawn.statusCode).toBe(303)
    expect((await officer.get(`/console/items/${id}`)).body).toContain('撤销理由：内容已过时')
  })
})
