import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildItem, buildOrgan, buildUser } from '../../../test/factories.js'
import { XSS_PAYLOADS } from '../../../test/fixtures/xss-payloads.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import { liveMarkupProblems } from '../../../test/markup.js'
import type { OrganRow } from '../organs/organ.table.js'

describe.each(TEST_DIALECTS)('政府信息公开指南 (%s)', (dialect) => {
  let t: TestApp
  let organ: OrganRow
  let child: OrganRow
  beforeAll(async () => {
    t = await createTestApp(dialect)
    organ = await buildOrgan(t.db, {
      name: '张店区广播电视局',
      office_name: '张店区广播电视局办公室',
      office_address: '张店区人民西路1号',
      office_hours: '工作日 8:30-12:00，13:30-17:30',
      office_phone: '0533-2180000',
      office_fax: null,
      office_email: 'gk@zd.example.cn',
      office_web: 'javascript:alert(1)',
    })
    child = await buildOrgan(t.db, { name: '张店区广播电视局下属中心', parentId: organ.id })
    let n = 0
    for (const [topic, genre, art20] of [
      ['文化、广电、新闻出版\\广播、电影、电视', '通知', 1],
      ['文化、广电、新闻出版\\广播、电影、电视', '公告', 1],
      ['财政、金融、审计\\财政', '公告', 7],
    ] as const) {
      n += 1
      await buildItem(t.db, {
        organ_id: organ.id,
        index_no: `${organ.org_code}/2013-0000${n}`,
        published_date: '2013-05-01',
        published_year: 2013,
        topic,
        genre,
        art20_item: art20,
      })
    }
    await buildItem(t.db, {
      organ_id: organ.id,
      status: 'draft',
      topic: '卫生、体育\\体育',
      published_date: null,
    })
  })
  afterAll(async () => {
    await t.close()
  })

  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('lists the classification with counts, the arrangement and the 索引号 rule (Art. 12)', async () => {
    const res = await get(`/organs/${organ.code}/guide`)
    expect(res.statusCode).toBe(200)
    const b = res.body
    expect(b).toContain('<h2>一、政府信息的分类与编排体系</h2>')
    expect(b).toMatch(
      /<a href="\/organs\/[^"]+\/catalogue\?topic=[^"]+">文化、广电、新闻出版 \/ 广播、电影、电视<\/a> <span class="muted">（2 条）<\/span>/,
    )
    expect(b).toContain('财政、金融、审计 / 财政</a> <span class="muted">（1 条）</span>')
    expect(b).not.toContain('卫生、体育 / 体育')
    expect(b).toContain('公告</a> <span class="muted">（2 条）</span>')
    expect(b).toContain(`（一）行政法规、规章和规范性文件</a> <span class="muted">（2 条）</span>`)
    expect(b).toContain(`<code>${organ.org_code}/`)
  })

  it('explains how to obtain information, with the statutory time limits and fees', async () => {
    const b = (await get(`/organs/${organ.code}/guide`)).body
    expect(b).toContain('<h2>二、获取政府信息的方式</h2>')
    expect(b).toContain('20 个工作日内予以公开（《条例》第二十六条）')
    expect(b).toContain('自收到申请之日起 20 个工作日内予以答复')
    expect(b).toContain('最长不超过 20 个工作日（《条例》第三十三条）')
    expect(b).toContain('7 个工作日内一次性告知申请人补正')
    expect(b).toContain('可以收取信息处理费（《条例》第四十二条）')
    expect(b).toContain(`href="/organs/${organ.code}/apply"`)
  })

  it("shows the office's contact details, links only safe ones and marks missing ones", async () => {
    const b = (await get(`/organs/${organ.code}/guide`)).body
    expect(b).toContain('<th scope="row">工作机构名称</th><td>张店区广播电视局办公室</td>')
    expect(b).toContain('<th scope="row">办公地址</th><td>张店区人民西路1号</td>')
    expect(b).toContain('<th scope="row">联系电话</th><td>0533-2180000</td>')
    expect(b).toContain('<th scope="row">传真号码</th><td><span class="muted">未提供</span></td>')
    expect(b).toContain('<a href="mailto:gk@zd.example.cn">gk@zd.example.cn</a>')
    expect(b).toContain('<th scope="row">互联网联系方式</th><td>javascript:alert(1)</td>')
    expect(liveMarkupProblems(b)).toEqual([])
  })

  it('answers 404 for an unknown organ', async () => {
    expect((await get('/organs/NOSUCHORGAN1/guide')).statusCode).toBe(404)
  })

  it('publishes the 信息员’s text only after a second 信息员’s first review and the 分管领导’s approval, escaped and audited', async () => {
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: organ.id }] })
    const officer2 = await buildUser(t.db, { roles: [{ role: 'officer', organId: organ.id }] })
    const leader = await buildUser(t.db, { roles: [{ role: 'leader', organId: organ.id }] })
    const c = new TestClient(t.app)
    await c.login(officer.username, officer.password)
    const form = await c.get(`/console/organs/${organ.code}/guide`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('<label for="f-body">政府信息公开指南补充说明</label>')
    expect(form.body).toContain('name="version" value="0"')
    const text = `本机关不设收费窗口。\n\n${XSS_PAYLOADS.map((p) => p.replaceAll('\u0000', '')).join('\n')}`
    const saved = await c.post(`/console/organs/${organ.code}/guide`, { body: text, version: '0' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/console/organs/${organ.code}/guide?done=save`)
    const notYet = async () => (await get(`/organs/${organ.code}/guide`)).body
    expect(await notYet()).not.toContain('本机关不设收费窗口。')

    const review = (client: TestClient, action: string, version: number, comment = '') =>
      client.post(`/console/organs/${organ.code}/guide/review`, { action, version: String(version), comment })
    expect((await review(c, 'submit', 1)).statusCode).toBe(303)
    expect(await notYet()).not.toContain('本机关不设收费窗口。')
    // The writer may not review their own text.
    expect((await review(c, 'approve_first', 2)).statusCode).toBe(403)
    const c2 = new TestClient(t.app)
    await c2.login(officer2.username, officer2.password)
    expect((await c2.get(`/console/organs/${organ.code}/guide`)).body).toContain('初审（保密审查）')
    expect((await review(c2, 'approve_first', 2)).statusCode).toBe(303)
    expect(await notYet()).not.toContain('本机关不设收费窗口。')
    const l = new TestClient(t.app)
    await l.login(leader.username, leader.password)
    expect((await review(l, 'approve_final', 3)).statusCode).toBe(303)

    const page = await get(`/organs/${organ.code}/guide`)
    expect(page.body).toContain('<h2>四、其他说明</h2>')
    expect(page.body).toContain('<p>本机关不设收费窗口。</p>')
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>')
    expect(liveMarkupProblems(page.body)).toEqual([])
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'organ_id', 'summary'])
      .where('action', 'like', 'organ_text.%')
      .where('organ_id', '=', organ.id)
      .where('target_id', '=', `${organ.id}/guide`)
      .orderBy('seq')
      .execute()
    expect(audit.map((e) => [e.action, e.actor_name])).toEqual([
      ['organ_text.updated', officer.username],
      ['organ_text.submitted', officer.username],
      ['organ_text.approved_first', officer2.username],
      ['organ_text.published', leader.username],
    ])
    expect(JSON.parse(audit[0]!.summary)).toMatchObject({ kind: 'guide', version: 1, before: null })
    const again = await c.get(`/console/organs/${organ.code}/guide`)
    expect(again.body).toContain('name="version" value="4"')
    expect(again.body).toContain('没有待公开的修改。')
    expect(liveMarkupProblems(again.body)).toEqual([])
  })

  it('sends a returned text back to its writer with the reason, and needs a reason to return', async () => {
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: child.id }] })
    const officer2 = await buildUser(t.db, { roles: [{ role: 'officer', organId: child.id }] })
    const c = new TestClient(t.app)
    await c.login(officer.username, officer.password)
    await c.post(`/console/organs/${child.code}/rules-intro`, { body: '制度说明初稿', version: '0' })
    await c.post(`/console/organs/${child.code}/rules-intro/review`, { action: 'submit', version: '1' })
    const c2 = new TestClient(t.app)
    await c2.login(officer2.username, officer2.password)
    const noReason = await c2.post(`/console/organs/${child.code}/rules-intro/review`, {
      action: 'return_first',
      version: '2',
      comment: ' ',
    })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('退回须说明理由')
    await c2.post(`/console/organs/${child.code}/rules-intro/review`, {
      action: 'return_first',
      version: '2',
      comment: '请补充依申请公开的办理流程',
    })
    const back = await c.get(`/console/organs/${child.code}/rules-intro`)
    expect(back.body).toContain('退回理由：请补充依申请公开的办理流程')
    expect(back.body).toContain('制度说明初稿</textarea>')
    expect((await get(`/organs/${child.code}/rules`)).body).not.toContain('制度说明初稿')
  })

  it('refuses the second of two concurrent edits, keeping its text', async () => {
    const a = await buildUser(t.db, { roles: [{ role: 'office_head', organId: organ.id }] })
    const b = await buildUser(t.db, { roles: [{ role: 'admin', organId: organ.id }] })
    const ca = new TestClient(t.app)
    const cb = new TestClient(t.app)
    await ca.login(a.username, a.password)
    await cb.login(b.username, b.password)
    const version = /name="version" value="(\d+)"/.exec(
      (await ca.get(`/console/organs/${organ.code}/rules-intro`)).body,
    )?.[1]
    await cb.get(`/console/organs/${organ.code}/rules-intro`)
    expect(
      (await ca.post(`/console/organs/${organ.code}/rules-intro`, { body: '甲的说明', version: version! }))
        .statusCode,
    ).toBe(303)
    const lost = await cb.post(`/console/organs/${organ.code}/rules-intro`, {
      body: '乙的说明',
      version: version!,
    })
    expect(lost.statusCode).toBe(409)
    expect(lost.body).toContain('此内容已被他人修改或已进入下一环节，您的操作未生效')
    expect(lost.body).toContain('乙的说明</textarea>')
    expect(lost.body).toContain('name="version" value="1"')
    expect(lost.body).toContain('<summary>查看当前已保存的版本</summary>')
    expect(lost.body).toContain('<p>甲的说明</p>')
    // A saved draft is not public until reviewed.
    expect((await get(`/organs/${organ.code}/rules`)).body).not.toContain('甲的说明')
  })

  it('refuses staff without an editing role, anonymous visitors and forged posts', async () => {
    const handler = await buildUser(t.db, { roles: [{ role: 'handler', organId: organ.id }] })
    const c = new TestClient(t.app)
    await c.login(handler.username, handler.password)
    expect((await c.get(`/console/organs/${organ.code}/guide`)).statusCode).toBe(403)
    expect(
      (await c.post(`/console/organs/${organ.code}/guide`, { body: 'x', version: '0' })).statusCode,
    ).toBe(403)
    const anon = await get(`/console/organs/${organ.code}/guide`)
    expect(anon.statusCode).toBe(303)
    expect(anon.headers.location).toContain('/login')
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: organ.id }] })
    const o = new TestClient(t.app)
    await o.login(officer.username, officer.password)
    const forged = await o.post(`/console/organs/${organ.code}/guide`, {
      body: 'x',
      version: '1',
      _csrf: 'forged-token-xxxxxxxxxxxxxxxx',
    })
    expect(forged.statusCode).toBe(403)
  })

  it('lets a subtree grant edit a child organ and checks the length', async () => {
    const officer = await buildUser(t.db, { roles: [{ role: 'officer', organId: organ.id, subtree: true }] })
    const c = new TestClient(t.app)
    await c.login(officer.username, officer.password)
    expect((await c.get(`/console/organs/${child.code}/guide`)).statusCode).toBe(200)
    const long = await c.post(`/console/organs/${child.code}/guide`, {
      body: '长'.repeat(20_001),
      version: '0',
    })
    expect(long.statusCode).toBe(422)
    expect(long.body).toContain('内容不能超过 20000 个字')
    expect(
      (await c.post(`/console/organs/${child.code}/guide`, { body: '下属中心说明', version: '0' }))
        .statusCode,
    ).toBe(303)
  })
})
