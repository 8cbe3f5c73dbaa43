import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DIALECTS } from '../../../../test/db.js'
import { buildItem, buildOrgan } from '../../../../test/factories.js'
import { XSS_PAYLOADS } from '../../../../test/fixtures/xss-payloads.js'
import { createTestApp, type TestApp } from '../../../../test/http.js'
import { liveMarkupProblems, parseCsv, parseXmlStrict } from '../../../../test/markup.js'
import type { Db } from '../../../db/database.js'
import type { OrganRow } from '../../organs/organ.table.js'
import type { ItemRow } from '../catalogue.table.js'

const serials = new Map<string, number>()

/** A published item of `organ` on `date`, with a 索引号 like the real ones. */
async function published(
  db: Db,
  organ: OrganRow,
  date: string,
  over: Partial<ItemRow> = {},
): Promise<ItemRow> {
  const year = Number(date.slice(0, 4))
  const key = `${organ.id}/${year}`
  const serial = (serials.get(key) ?? 0) + 1
  serials.set(key, serial)
  return buildItem(db, {
    organ_id: organ.id,
    index_no: `${organ.org_code}/${year}-${String(serial).padStart(5, '0')}`,
    index_year: year,
    index_serial: serial,
    published_date: date,
    published_year: year,
    published_at: `${date}T02:00:00.000Z`,
    written_date: date,
    ...over,
  })
}

function rowsOf(html: string): string[] {
  return [...html.matchAll(/<tr><td class="index-no">([^<]*)<\/td>/g)].map((m) => m[1] as string)
}

describe.each(TEST_DIALECTS)('public catalogue pages (%s)', (dialect) => {
  let t: TestApp
  let ga: OrganRow
  let other: OrganRow
  let paged: OrganRow
  const it1: Record<string, ItemRow> = {}

  beforeAll(async () => {
    t = await createTestApp(dialect)
    ga = await buildOrgan(t.db, { name: '张店区广播电视局' })
    other = await buildOrgan(t.db, { name: '张店区财政局' })
    paged = await buildOrgan(t.db, { name: '张店区翻页局' })
    it1.notice = await published(t.db, ga, '2013-05-10', {
      title: '关于加强有线电视管理的通知',
      summary: '规范有线电视网络管理。',
      body_html: '<p>为加强<strong>有线电视</strong>管理，现通知如下。</p>',
      body_text: '为加强有线电视管理，现通知如下。',
      doc_number_raw: '张广电发[2013]5号',
      doc_number: '张广电发〔2013〕5号',
      topic: '文化、广电、新闻出版\\广播、电影、电视',
      genre: '通知',
      art20_item: 1,
      joint_issuers: JSON.stringify(['张店区文化局']),
    })
    it1.rules = await published(t.db, ga, '2013-11-02', {
      title: '张店区广播电视局政府信息公开保密审查办法',
      topic: '综合政务\\政务公开',
      genre: '办法',
      art20_item: 2,
    })
    it1.newer = await published(t.db, ga, '2024-06-01', {
      title: '2024年部门预算公开',
      topic: '财政、金融、审计\\财政',
      genre: '公告',
      art20_item: 7,
    })
    it1.repealed = await published(t.db, ga, '2024-03-01', {
      title: '2023年部门预算公开（已废止）',
      topic: '财政、金融、审计\\财政',
      genre: '公告',
      art20_item: 7,
      validity: 'repealed',
      validity_date: '2024-06-01',
      replaced_by_id: it1.newer.id,
    })
    it1.draft = await buildItem(t.db, {
      organ_id: ga.id,
      status: 'draft',
      title: '未发布的草稿机密',
      published_date: null,
    })
    it1.withdrawn = await published(t.db, ga, '2014-01-01', {
      status: 'withdrawn',
      title: '已撤销的信息标题',
    })
    it1.otherOrgan = await published(t.db, other, '2013-07-01', { title: '财政局2013年信息', genre: '通知' })
    for (let i = 1; i <= 25; i++) {
      await published(t.db, paged, `2020-01-${String(i).padStart(2, '0')}`, { title: `翻页测试信息第${i}号` })
    }
  })
  afterAll(async () => {
    await t.close()
  })

  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it("lists an organ's published items newest first, without drafts or withdrawn items", async () => {
    const res = await get(`/organs/${ga.code}/catalogue`)
    expect(res.statusCode).toBe(200)
    expect(rowsOf(res.body)).toEqual([
      it1.newer!.index_no,
      it1.repealed!.index_no,
      it1.rules!.index_no,
      it1.notice!.index_no,
    ])
    expect(res.body).toContain('共 4 条')
    expect(res.body).not.toContain('未发布的草稿机密')
    expect(res.body).not.toContain('已撤销的信息标题')
    expect(res.body).not.toContain('财政局2013年信息')
    expect(res.body).toContain(`href="/organs/${ga.code}/feed.rss"`)
    expect(res.body).toContain('rel="alternate" type="application/atom+xml"')
  })

  it('sorts oldest first on request', async () => {
    const res = await get(`/organs/${ga.code}/catalogue?sort=old`)
    expect(rowsOf(res.body)[0]).toBe(it1.notice!.index_no)
  })

  it('filters by year, topic (either level), genre, Art. 20 item and validity, combined', async () => {
    const by = async (q: string) => rowsOf((await get(`/organs/${ga.code}/catalogue?${q}`)).body)
    expect(await by('year=2013')).toEqual([it1.rules!.index_no, it1.notice!.index_no])
    expect(await by(`topic=${encodeURIComponent('财政、金融、审计')}`)).toEqual([
      it1.newer!.index_no,
      it1.repealed!.index_no,
    ])
    expect(await by(`topic=${encodeURIComponent('综合政务\\政务公开')}`)).toEqual([it1.rules!.index_no])
    expect(await by(`genre=${encodeURIComponent('通知')}`)).toEqual([it1.notice!.index_no])
    expect(await by('art20=7&validity=valid')).toEqual([it1.newer!.index_no])
    expect(await by('art20=7&year=2013')).toEqual([])
  })

  it('keeps the chosen filters selected in the form and reports wrong ones with 422', async () => {
    const ok = await get(`/organs/${ga.code}/catalogue?year=2013&genre=${encodeURIComponent('通知')}`)
    expect(ok.body).toContain('<option value="2013" selected>2013年</option>')
    expect(ok.body).toMatch(/<label for="f-topic">主题分类<\/label><select id="f-topic" name="topic">/)
    const bad = await get(
      `/organs/${ga.code}/catalogue?year=20x3&art20=99&genre=${encodeURIComponent('通知')}`,
    )
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('年份应为四位数字')
    expect(bad.body).toContain('条例第二十条事项应为 1 至 15')
    expect(rowsOf(bad.body)).toEqual([it1.notice!.index_no])
  })

  it('spreads a long list over pages of 20 with page links and a next link', async () => {
    const p1 = await get(`/organs/${paged.code}/catalogue`)
    expect(rowsOf(p1.body)).toHaveLength(20)
    expect(p1.body).toContain('共 25 条')
    expect(p1.body).toContain('<nav class="pager" aria-label="分页">')
    expect(p1.body).toContain('aria-current="page"')
    expect(p1.body).toContain(`href="/organs/${paged.code}/catalogue?page=2" rel="next"`)
    const p2 = await get(`/organs/${paged.code}/catalogue?page=2`)
    expect(rowsOf(p2.body)).toHaveLength(5)
    expect(p2.body).toContain('翻页测试信息第5号')
    expect(p2.body).toContain('翻页测试信息第1号')
    expect(p2.body).not.toContain('rel="next"')
    expect(p2.body).toContain('rel="prev"')
  })

  it('lists every organ on the installation catalogue and filters by organ code', async () => {
    const all = await get('/catalogue?year=2013')
    expect(all.statusCode).toBe(200)
    expect(all.body).toContain('财政局2013年信息')
    expect(all.body).toContain('关于加强有线电视管理的通知')
    expect(all.body).toContain('<th scope="col">发布机构</th>')
    const one = await get(`/catalogue?year=2013&organ=${other.code}`)
    expect(rowsOf(one.body)).toEqual([it1.otherOrgan!.index_no])
    const unknown = await get('/catalogue?organ=NOSUCHORGAN1')
    expect(unknown.statusCode).toBe(422)
    expect(unknown.body).toContain('没有找到该机关，请输入机关全称或机构代码')
    expect((await get('/organs/NOSUCHORGAN1/catalogue')).statusCode).toBe(404)
  })

  it('exports any view as CSV with a BOM, a header and the same rows', async () => {
    const res = await get(`/organs/${ga.code}/catalogue?year=2013&sort=old&format=csv`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(String(res.headers['content-disposition'])).toMatch(
      /^attachment; filename="catalogue.csv"; filename\*=UTF-8''/,
    )
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''))
    expect(rows[0]).toEqual([
      '索引号',
      '名称',
      '发布机构',
      '文号',
      '成文日期',
      '发布日期',
      '主题分类',
      '体裁',
      '条例第二十条事项',
      '有效性',
      '内容概述',
      '链接',
    ])
    expect(rows.slice(1).map((r) => r[0])).toEqual([it1.notice!.index_no, it1.rules!.index_no])
    expect(rows[1]).toContain('张广电发〔2013〕5号')
    expect(rows[1]).toContain('（一）行政法规、规章和规范性文件')
    expect(rows[1]?.[11]).toBe(`http://localhost:3000/items/${encodeURIComponent(it1.notice!.index_no!)}`)
    const page = await get(`/organs/${ga.code}/catalogue?year=2013&sort=old`)
    expect(page.body).toContain(`href="/organs/${ga.code}/catalogue?year=2013&amp;sort=old&amp;format=csv"`)
  })

  it('exports every matching row, not just one page', async () => {
    const res = await get(`/organs/${paged.code}/catalogue?format=csv`)
    expect(parseCsv(res.body.replace(/^\uFEFF/, ''))).toHaveLength(26)
  })

  it('shows the metadata block, the body and the links of an item, by 索引号 or by id', async () => {
    const byIndex = await get(`/items/${encodeURIComponent(it1.notice!.index_no!)}`)
    expect(byIndex.statusCode).toBe(200)
    const b = byIndex.body
    for (const label of [
      '索引号',
      '主题分类',
      '发布机构',
      '成文日期',
      '名称',
      '文号',
      '发布日期',
      '体裁',
      '公开方式',
      '公开范围',
      '公开时限',
      '有效性',
      '公开事项',
    ]) {
      expect(b).toContain(`<th scope="row">${label}</th>`)
    }
    expect(b).toContain(`<td>${it1.notice!.index_no}</td>`)
    expect(b).toContain('文化、广电、新闻出版 / 广播、电影、电视')
    expect(b).toContain('（联合发文：张店区文化局）')
    expect(b).toContain('2013年05月10日')
    expect(b).toContain('张广电发〔2013〕5号<span class="muted">（原文：张广电发[2013]5号）</span>')
    expect(b).toContain('条例第二十条（一）行政法规、规章和规范性文件')
    expect(b).toContain('<td>主动公开</td>')
    expect(b).toContain('<td>面向社会</td>')
    expect(b).toContain('<td>长期公开</td>')
    expect(b).toContain(
      '<div class="item-body"><p>为加强<strong>有线电视</strong>管理，现通知如下。</p></div>',
    )
    const byId = await get(`/items/${it1.notice!.id}`)
    expect(byId.statusCode).toBe(200)
    expect(byId.body).toContain('关于加强有线电视管理的通知')
    const unencoded = await get(`/items/${it1.notice!.index_no!}`)
    expect(unencoded.statusCode).toBe(200)
  })

  it('names the publishing organ on an item page reached by id as by 索引号, also when uncached', async () => {
    for (const url of [
      `/items/${it1.notice!.id}`,
      `/items/${it1.notice!.id}?v=1`,
      `/items/${encodeURIComponent(it1.notice!.index_no!)}?v=2`,
    ]) {
      const res = await get(url)
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('张店区广播电视局')
    }
    expect((await get(`/items/${it1.draft!.id}`)).statusCode).toBe(404)
  })

  it('sets no cookie on public pages for anonymous visitors, yet the login form still gets its CSRF token', async () => {
    for (const url of [
      '/catalogue',
      '/catalogue?page=2&v=1',
      `/items/${it1.notice!.id}?v=3`,
      '/search?q=电视',
    ]) {
      const res = await get(url)
      expect(res.statusCode).toBe(200)
      expect(res.headers['set-cookie']).toBeUndefined()
    }
    const login = await get('/login')
    const anon = login.cookies.find((c) => c.name === 'gk_csrf')?.value ?? ''
    expect(anon.length).toBeGreaterThanOrEqual(20)
    expect(login.body).toContain(`name="_csrf" value="${anon}"`)
    const forged = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'x', password: 'y' }).toString(),
    })
    expect(forged.statusCode).toBe(403)
  })

  it("shows a repealed item's validity with its date and a link to what replaced it", async () => {
    const res = await get(`/items/${encodeURIComponent(it1.repealed!.index_no!)}`)
    expect(res.body).toContain('废止（2024年06月01日）')
    expect(res.body).toContain(
      `替代文件：<a href="/items/${encodeURIComponent(it1.newer!.index_no!)}">2024年部门预算公开</a>`,
    )
  })

  it('lists attachments with download links', async () => {
    const now = new Date().toISOString()
    await t.db.kysely
      .insertInto('attachment')
      .values({
        id: 'a5a5a5a5-0000-4000-8000-000000000001',
        item_id: it1.newer!.id,
        filename: '2024年预算表.xlsx',
        media_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        size: 35 * 1024,
        sha256: '0'.repeat(64),
        storage_key: 'x',
        text: null,
        created_by: null,
        created_at: now,
      })
      .execute()
    const res = await get(`/items/${it1.newer!.id}`)
    expect(res.body).toContain(
      '<a href="/attachments/a5a5a5a5-0000-4000-8000-000000000001" download="2024年预算表.xlsx">2024年预算表.xlsx</a>',
    )
    expect(res.body).toContain('（35 KB）')
  })

  it('answers 404 for drafts, withdrawn items and unknown references', async () => {
    for (const url of [
      `/items/${it1.draft!.id}`,
      `/items/${it1.withdrawn!.id}`,
      `/items/${encodeURIComponent(it1.withdrawn!.index_no!)}`,
      '/items/nothing-here',
      '/items/',
    ]) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.body).not.toContain('已撤销的信息标题')
      expect(res.body).not.toContain('未发布的草稿机密')
    }
  })

  it('does not show the content of items that are not proactively disclosed', async () => {
    const onRequest = await published(t.db, other, '2024-02-02', {
      title: '依申请公开的信息',
      disclosure_mode: 'on_request',
      body_html: '<p>不应公开的正文</p>',
    })
    const res = await get(`/items/${onRequest.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).not.toContain('不应公开的正文')
    expect(res.body).toContain('本信息的公开方式为“依申请公开”')
  })

  it('has a 政府信息公开目录 page with 索引, 名称, 内容概述 and 生成日期', async () => {
    const res = await get(`/organs/${ga.code}/catalogue-index`)
    expect(res.statusCode).toBe(200)
    for (const h of ['索引', '名称', '内容概述', '生成日期']) {
      expect(res.body).toContain(`<th scope="col">${h}</th>`)
    }
    expect(res.body).toContain('规范有线电视网络管理。')
    expect(res.body).not.toContain('已撤销的信息标题')
  })

  it('lists the organ rules on the 政府信息公开制度 page and says how they are chosen', async () => {
    const res = await get(`/organs/${ga.code}/rules`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('张店区广播电视局政府信息公开保密审查办法')
    expect(res.body).not.toContain('关于加强有线电视管理的通知')
    expect(res.body).toContain('主题分类为“综合政务 / 政务公开”且体裁为')
    const empty = await get(`/organs/${other.code}/rules`)
    expect(empty.body).toContain('本机关尚未在本平台公开政府信息公开工作制度。')
  })

  it('publishes well-formed RSS and Atom feeds per organ, newest first', async () => {
    const rss = await get(`/organs/${ga.code}/feed.rss`)
    expect(rss.statusCode).toBe(200)
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8')
    const items = parseXmlStrict(rss.body)
      .filter((e) => e.name === 'title')
      .map((e) => e.text)
    expect(items).toEqual([
      '张店区广播电视局 政府信息公开',
      '2024年部门预算公开',
      '2023年部门预算公开（已废止）',
      '张店区广播电视局政府信息公开保密审查办法',
      '关于加强有线电视管理的通知',
    ])
    const atom = await get(`/organs/${ga.code}/feed.atom`)
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
    const entries = parseXmlStrict(atom.body).filter((e) => e.name === 'entry')
    expect(entries).toHaveLength(4)
    expect(atom.body).not.toContain('已撤销的信息标题')
  })

  it('publishes feeds per 主题分类 and 404s for unknown topics', async () => {
    const topic = encodeURIComponent('财政、金融、审计\\财政')
    const rss = await get(`/feeds/topic/${topic}.rss`)
    expect(rss.statusCode).toBe(200)
    const titles = parseXmlStrict(rss.body)
      .filter((e) => e.name === 'title')
      .map((e) => e.text)
    expect(titles.slice(1)).toEqual(['2024年部门预算公开', '2023年部门预算公开（已废止）'])
    expect((await get(`/feeds/topic/${topic}.atom`)).statusCode).toBe(200)
    expect((await get(`/feeds/topic/${encodeURIComponent('没有这个主题')}.rss`)).statusCode).toBe(404)
    expect((await get(`/feeds/topic/${topic}.json`)).statusCode).toBe(404)
  })

  it('lists organs and published items in the sitemap, and serves robots.txt', async () => {
    const res = await get('/sitemap.xml')
    expect(res.statusCode).toBe(200)
    const locs = parseXmlStrict(res.body)
      .filter((e) => e.name === 'loc')
      .map((e) => e.text)
    expect(locs).toContain(`http://localhost:3000/organs/${ga.code}/catalogue`)
    expect(locs).toContain(`http://localhost:3000/organs/${ga.code}/guide`)
    expect(locs).toContain(`http://localhost:3000/items/${encodeURIComponent(it1.notice!.index_no!)}`)
    expect(
      locs.some(
        (l) => l.includes(it1.withdrawn!.id) || l.includes(encodeURIComponent(it1.withdrawn!.index_no!)),
      ),
    ).toBe(false)
    expect(locs.some((l) => l.includes(it1.draft!.id))).toBe(false)
    const chunk = await get('/sitemaps/items-0.xml')
    expect(parseXmlStrict(chunk.body).filter((e) => e.name === 'url').length).toBeGreaterThanOrEqual(30)
    expect((await get('/sitemaps/whatever.xml')).statusCode).toBe(404)
    const robots = await get('/robots.txt')
    expect(robots.body).toContain('Sitemap: http://localhost:3000/sitemap.xml')
  })

  it('asks for a query on an empty search and refuses a query with nothing to search', async () => {
    const empty = await get('/search')
    expect(empty.statusCode).toBe(200)
    expect(empty.body).toContain('请输入检索词')
    const punct = await get(`/search?q=${encodeURIComponent('！？。，')}`)
    expect(punct.statusCode).toBe(422)
    expect(punct.body).toContain('检索词中没有可检索的文字')
    const long = await get(`/search?q=${'广'.repeat(101)}`)
    expect(long.statusCode).toBe(422)
    expect(long.body).toContain('检索词不能超过 100 个字')
  })

  it('finds items by a 2-character query, highlights the hits and combines filters', async () => {
    const docs = [it1.notice!, it1.rules!, it1.newer!, it1.otherOrgan!].map((r) => ({
      docNo: r.doc_no,
      title: r.title,
      body: [r.summary ?? '', r.body_text, r.doc_number ?? ''].join('\n'),
    }))
    await t.deps.search.upsert(t.db.kysely, docs)
    const res = await get(`/search?q=${encodeURIComponent('电视')}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('共 2 条')
    expect(res.body).toContain('关于加强有线<mark>电视</mark>管理的通知')
    expect(res.body).toContain('张店区广播<mark>电视</mark>局政府信息公开保密审查办法')
    expect(res.body).not.toContain('2024年部门预算公开')
    expect(res.body).toContain('<mark>电视</mark>')
    const filtered = await get(`/search?q=${encodeURIComponent('信息')}&organ=${other.code}`)
    expect(filtered.body).toContain('财政局2013年')
    expect(filtered.body).not.toContain('保密审查办法')
    const none = await get(`/search?q=${encodeURIComponent('电视')}&year=2024`)
    expect(none.body).toContain('没有找到与“电视”相符的政府信息')
  })

  describe('untrusted text', () => {
    let xss: OrganRow
    const made: ItemRow[] = []
    beforeAll(async () => {
      xss = await buildOrgan(t.db, { name: '注入测试局' })
      // PostgreSQL text cannot hold NUL at all, so the payloads are stored without it.
      for (const [i, p] of XSS_PAYLOADS.map((x) => x.replaceAll('\u0000', '')).entries()) {
        made.push(
          await published(t.db, xss, `2022-01-${String((i % 28) + 1).padStart(2, '0')}`, {
            title: `载荷${i} ${p}`,
            summary: p,
            body_html: `<p>正文</p>${p}`,
            body_text: `正文 alert ${p}`,
            doc_number: p,
            doc_number_raw: p,
            joint_issuers: JSON.stringify([p]),
            topic: '综合政务\\政务公开',
            genre: '办法',
          }),
        )
      }
      await t.deps.search.upsert(
        t.db.kysely,
        made.map((r) => ({ docNo: r.doc_no, title: r.title, body: r.body_text })),
      )
    })

    it('never reaches a page unescaped (catalogue, item pages, index, rules, search)', async () => {
      const urls = [
        `/organs/${xss.code}/catalogue`,
        `/organs/${xss.code}/catalogue?page=2`,
        `/organs/${xss.code}/catalogue?page=3`,
        `/catalogue?organ=${xss.code}`,
        `/organs/${xss.code}/catalogue-index`,
        `/organs/${xss.code}/rules`,
        `/search?q=alert&organ=${xss.code}`,
        `/search?q=${encodeURIComponent('<script>alert(1)</script>')}`,
        ...made.map((r) => `/items/${encodeURIComponent(r.index_no!)}`),
      ]
      for (const url of urls) {
        const res = await get(url)
        expect(res.statusCode, url).toBeLessThan(500)
        expect(liveMarkupProblems(res.body), url).toEqual([])
      }
    })

    it('stays text in feeds and CSV', async () => {
      for (const f of ['rss', 'atom']) {
        const res = await get(`/organs/${xss.code}/feed.${f}`)
        const els = parseXmlStrict(res.body)
        const allowed = [
          'rss',
          'channel',
          'title',
          'link',
          'description',
          'language',
          'lastBuildDate',
          'atom:link',
          'item',
          'guid',
          'pubDate',
          'category',
          'source',
          'feed',
          'id',
          'subtitle',
          'updated',
          'generator',
          'entry',
          'published',
          'author',
          'name',
          'summary',
        ]
        expect(els.filter((e) => !allowed.includes(e.name))).toEqual([])
        const titles = els.filter((e) => e.name === 'title').map((e) => e.text)
        // Every entry title comes back exactly as stored: text, not markup.
        const stored = new Set(made.map((r) => r.title))
        expect(titles.filter((x) => stored.has(x))).toHaveLength(50)
      }
      const csv = await get(`/organs/${xss.code}/catalogue?format=csv`)
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
      const rows = parseCsv(csv.body.replace(/^\uFEFF/, '')).slice(1)
      expect(rows).toHaveLength(XSS_PAYLOADS.length)
      for (const row of rows) {
        expect(row).toHaveLength(12)
        for (const cell of row) {
          expect(cell).not.toMatch(/^[=+\-@\t\r]/)
        }
      }
    })
  })
})
