import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../app.js'
import { TEST_DIALECTS } from '../../../test/db.js'
import { buildItem, buildOrgan } from '../../../test/factories.js'
import { createTestApp, TestClient, type TestApp } from '../../../test/http.js'
import type { OrganRow } from '../organs/organ.table.js'

describe.each(TEST_DIALECTS)('public site: home and disclosure column (%s)', (dialect) => {
  let t: TestApp
  let gov: OrganRow
  let dept: OrganRow
  let inst: OrganRow
  let bare: OrganRow
  beforeAll(async () => {
    t = await createTestApp(dialect)
    gov = await buildOrgan(t.db, {
      name: '张店区人民政府',
      kind: 'government',
      office_name: '张店区人民政府办公室',
      office_address: '人民西路88号',
      office_postcode: '255000',
      office_fax: '0533-2287000',
      office_email: 'gk@zhangdian.example.cn',
      office_web: 'http://www.zhangdian.example.cn',
    })
    dept = await buildOrgan(t.db, { name: '张店区广播电视局', parentId: gov.id, sort_order: 1 })
    inst = await buildOrgan(t.db, { name: '张店区融媒体中心', parentId: dept.id, kind: 'institution' })
    bare = await buildOrgan(t.db, { name: '张店区<b>测试</b>局', parentId: gov.id, sort_order: 2 })
    await t.db.kysely
      .updateTable('organ')
      .set({
        office_name: null,
        office_address: null,
        office_postcode: null,
        office_hours: null,
        office_phone: null,
      })
      .where('id', '=', bare.id)
      .execute()
  })
  afterAll(async () => {
    await t.close()
  })

  it('lists every organ on the home page as a tree, each linking to its column', async () => {
    const res = await new TestClient(t.app).get('/')
    expect(res.statusCode).toBe(200)
    for (const o of [gov, dept, inst]) {
      expect(res.body).toContain(`href="/organs/${o.code}"`)
      expect(res.body).toContain(o.name)
    }
    // government → department → institution: each nested one list deeper than its parent
    const govAt = res.body.indexOf(gov.name)
    const deptAt = res.body.indexOf(dept.name)
    const instAt = res.body.indexOf(inst.name)
    expect(govAt).toBeLessThan(deptAt)
    expect(deptAt).toBeLessThan(instAt)
    const depth = (at: number) =>
      (res.body.slice(0, at).match(/<ul/g) ?? []).length -
      (res.body.slice(0, at).match(/<\/ul>/g) ?? []).length
    expect(depth(deptAt)).toBe(depth(govAt) + 1)
    expect(depth(instAt)).toBe(depth(deptAt) + 1)
  })

  it('offers a search box and the entry to 依申请公开 on the home page', async () => {
    const res = await new TestClient(t.app).get('/')
    expect(res.body).toMatch(/<form[^>]*method="get"[^>]*action="\/search"/)
    expect(res.body).toContain('name="q"')
    expect(res.body).toContain('<label for="home-q">')
    expect(res.body).toContain(`href="/organs/${dept.code}/apply"`)
    expect(res.body).toContain('依申请公开')
  })

  it('sets no cookie for an anonymous reader of the home and column pages', async () => {
    const home = await new TestClient(t.app).get('/')
    expect(home.statusCode).toBe(200)
    expect(home.headers['set-cookie']).toBeUndefined()
    const login = await new TestClient(t.app).get('/login')
    expect(String(login.headers['set-cookie'])).toContain('gk_csrf=')
  })

  it('escapes organ names instead of rendering them as HTML', async () => {
    const res = await new TestClient(t.app).get('/')
    expect(res.body).toContain('张店区&lt;b>测试&lt;/b>局')
    expect(res.body).not.toContain('<b>测试</b>')
  })

  it('shows the five standard sections, the office contact and the sub-organs on an organ page', async () => {
    const res = await new TestClient(t.app).get(`/organs/${gov.code}`)
    expect(res.statusCode).toBe(200)
    const sections: Array<[string, string]> = [
      ['guide', '政府信息公开指南'],
      ['rules', '政府信息公开制度'],
      ['catalogue', '法定主动公开内容'],
      ['reports', '政府信息公开年报'],
      ['apply', '依申请公开'],
    ]
    let last = -1
    for (const [path, label] of sections) {
      const at = res.body.indexOf(`<a href="/organs/${gov.code}/${path}">${label}</a>`)
      expect(at, `${label} linked in order`).toBeGreaterThan(last)
      last = at
    }
    for (const text of [
      '张店区人民政府办公室',
      '人民西路88号',
      '255000',
      '0533-2287000',
      'mailto:gk@zhangdian.example.cn',
      'http://www.zhangdian.example.cn',
    ]) {
      expect(res.body).toContain(text)
    }
    expect(res.body).toContain(`href="/organs/${dept.code}"`)
    expect(res.body).toContain(`href="/organs/${bare.code}"`)
    expect(res.body).not.toContain(`href="/organs/${inst.code}"`)
  })

  it('shows the ancestors as breadcrumbs and says plainly when an organ has no sub-organs', async () => {
    const res = await new TestClient(t.app).get(`/organs/${inst.code}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatch(
      new RegExp(`当前位置[\\s\\S]*${gov.name}[\\s\\S]*${dept.name}[\\s\\S]*${inst.name}`),
    )
    expect(res.body).toContain('本机关没有在本平台登记的下属机关。')
  })

  it('answers 404 in Chinese for an unknown or malformed organ code', async () => {
    const c = new TestClient(t.app)
    for (const url of [
      '/organs/123456789',
      '/organs/91370303MA3XXXXX0Y',
      '/organs/not-a-code',
      '/organs/123456789/apply',
    ]) {
      const res = await c.get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.body).toContain('未找到该机关。')
      expect(res.headers['content-type']).toContain('text/html')
    }
  })

  it('finds an organ whatever the case of the code in the URL', async () => {
    const res = await new TestClient(t.app).get(`/organs/${gov.code.toLowerCase()}/reports`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(gov.name)
  })

  it('says honestly that no annual report has been published', async () => {
    const res = await new TestClient(t.app).get(`/organs/${dept.code}/reports`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('本机关尚未在本平台发布政府信息公开工作年度报告。')
    expect(res.body).toContain('aria-current="page"')
    expect(res.body).toMatch(/<a href="[^"]*\/reports" aria-current="page">政府信息公开年报<\/a>/)
  })

  it('lists the organ’s published annual reports, newest first, and nothing else', async () => {
    const old = await buildItem(t.db, {
      organ_id: inst.id,
      title: '张店区融媒体中心2024年政府信息公开工作年度报告',
      genre: '年度报告',
      published_date: '2025-01-20',
      published_year: 2025,
    })
    await buildItem(t.db, {
      organ_id: inst.id,
      title: '张店区融媒体中心2025年政府信息公开工作年度报告',
      genre: '年度报告',
      published_date: '2026-01-22',
      published_year: 2026,
    })
    await buildItem(t.db, { organ_id: inst.id, title: '一份通知', genre: '通知' })
    await buildItem(t.db, {
      organ_id: inst.id,
      title: '尚未发布的2026年度报告',
      genre: '年度报告',
      status: 'draft',
    })
    await buildItem(t.db, { organ_id: bare.id, title: '别的机关的年度报告', genre: '年度报告' })
    const res = await new TestClient(t.app).get(`/organs/${inst.code}/reports`)
    expect(res.statusCode).toBe(200)
    expect(res.body).not.toContain('本机关尚未在本平台发布政府信息公开工作年度报告。')
    const newer = res.body.indexOf('张店区融媒体中心2025年政府信息公开工作年度报告')
    expect(newer).toBeGreaterThan(-1)
    expect(newer).toBeLessThan(res.body.indexOf(old.title))
    for (const hidden of ['一份通知', '尚未发布的2026年度报告', '别的机关的年度报告']) {
      expect(res.body).not.toContain(hidden)
    }
    expect(res.body).toContain('共 2 条')
  })

  it('serves a favicon that every page links', async () => {
    const c = new TestClient(t.app)
    const home = await c.get('/')
    expect(home.body).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/>')
    const ico = await c.get('/favicon.ico')
    expect(ico.statusCode).toBe(301)
    expect(ico.headers.location).toBe('/static/favicon.svg')
    const svg = await c.get('/static/favicon.svg')
    expect(svg.statusCode).toBe(200)
    expect(svg.headers['content-type']).toContain('image/svg+xml')
  })

  it('explains the application channels from the office details and says online application is not open', async () => {
    const res = await new TestClient(t.app).get(`/organs/${gov.code}/apply`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('本平台暂未开通网上申请')
    for (const channel of ['信函申请', '当面申请', '传真申请', '电子邮件申请', '电话咨询']) {
      expect(res.body).toContain(channel)
    }
    expect(res.body).toContain('人民西路88号')
    expect(res.body).toContain('0533-2287000')
    // no fake form: nothing to submit on this page except the log-out button of staff
    expect(res.body).not.toMatch(/<form[^>]*method="post"/)
    expect(res.body).toContain('条例第二十九条')
  })

  it('lists only the channels an organ has and says so when it has none', async () => {
    const noFax = await new TestClient(t.app).get(`/organs/${dept.code}/apply`)
    expect(noFax.body).toContain('信函申请')
    expect(noFax.body).not.toContain('传真申请')
    expect(noFax.body).not.toContain('电子邮件申请')
    const none = await new TestClient(t.app).get(`/organs/${bare.code}/apply`)
    expect(none.body).toContain('本机关尚未在本平台登记政府信息公开工作机构的联系方式')
    expect(none.body).not.toContain('信函申请')
  })
})

/** Records each SELECT on the item table that has no LIMIT (a read of every item). */
class UnboundedItemReads implements KyselyPlugin {
  seen = 0
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const n = args.node as unknown as {
      kind: string
      from?: { froms: Array<{ kind: string; table?: { identifier?: { name?: string } } }> }
      limit?: unknown
    }
    const tables = (n.from?.froms ?? []).map((f) => f.table?.identifier?.name)
    if (n.kind === 'SelectQueryNode' && tables.includes('item') && !n.limit) {
      this.seen += 1
    }
    return args.node
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result)
  }
}

describe.each(TEST_DIALECTS)('public site: latest published items on the home page (%s)', (dialect) => {
  let t: TestApp
  const titles: string[] = []
  const reads = new UnboundedItemReads()
  beforeAll(async () => {
    const plain = await createTestApp(dialect)
    await plain.app.close()
    const db = { ...plain.db, kysely: plain.db.kysely.withPlugin(reads) }
    const deps = { ...plain.deps, db }
    const app = await buildApp(deps, { logger: false })
    t = {
      ...plain,
      db,
      deps,
      app,
      close: async () => {
        await app.close()
        await plain.db.close()
      },
    }
    const gov = await buildOrgan(t.db, { name: '最新信息测试区人民政府', kind: 'government' })
    const a = await buildOrgan(t.db, { name: '最新信息测试区教育局', parentId: gov.id })
    const b = await buildOrgan(t.db, { name: '最新信息测试区财政局', parentId: gov.id })
    // 13 published items over 13 days, alternating organs; one draft and one withdrawn item newer still.
    for (let i = 0; i < 13; i++) {
      const day = `2026-10-${String(10 + i).padStart(2, '0')}`
      const item = await buildItem(t.db, {
        organ_id: i % 2 === 0 ? a.id : b.id,
        title: `最新信息测试第${i + 1}条`,
        published_date: day,
        published_year: 2026,
        published_at: `${day}T02:00:00.000Z`,
      })
      titles.push(item.title)
    }
    await buildItem(t.db, { organ_id: a.id, title: '最新信息测试草稿', status: 'draft' })
    await buildItem(t.db, {
      organ_id: b.id,
      title: '最新信息测试已撤回',
      status: 'withdrawn',
      published_date: '2026-11-01',
      published_year: 2026,
    })
  })
  afterAll(async () => {
    await t.close()
  })

  it('lists the 10 latest published items of every organ, newest first, with organ and date', async () => {
    reads.seen = 0
    const res = await new TestClient(t.app).get('/')
    expect(reads.seen, 'item reads without a LIMIT').toBe(0)
    expect(res.statusCode).toBe(200)
    const section = res.body.slice(res.body.indexOf('id="h-latest"'), res.body.indexOf('id="h-organs"'))
    const shown = [...section.matchAll(/最新信息测试第(\d+)条/g)].map((m) => Number(m[1]))
    expect(shown).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4])
    expect(section).toContain('最新信息测试区教育局')
    expect(section).toContain('最新信息测试区财政局')
    expect(section).toContain('<time datetime="2026-10-22">2026-10-22</time>')
    expect(section).not.toContain('最新信息测试草稿')
    expect(section).not.toContain('最新信息测试已撤回')
    expect(section).toContain('href="/catalogue"')
    // The probe does see a read of every item.
    await t.db.kysely.selectFrom('item').select('id').execute()
    expect(reads.seen).toBe(1)
  })
})
