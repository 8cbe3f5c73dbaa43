import { describe, expect, it } from 'vitest'
import { XSS_PAYLOADS } from '../../../../test/fixtures/xss-payloads.js'
import { liveMarkupProblems, parseCsv, parseXmlStrict, PAGE_TAGS } from '../../../../test/markup.js'
import {
  catalogueParamsSchema,
  catalogueQuery,
  formatCount,
  pageWindow,
  paginate,
  parseLenient,
  plainStructure,
  renderableBodyHtml,
  snippetSource,
  topicsMatching,
} from './catalogue-public.js'
import { admissible } from './catalogue-public.routes.js'
import { CSV_BOM, csvCell, toCsv } from '../../../shared/csv.js'
import { renderAtom, renderRss, rfc822, xmlText, type FeedChannel, type FeedEntry } from './feeds.js'
import { renderSitemapIndex, renderUrlset, robotsTxt, SITEMAP_CHUNK, sitemapPlan } from './sitemap.js'

describe('snippetSource', () => {
  it('uses the body alone when it already opens with the summary', () => {
    expect(snippetSource('通报工程完成情况。', '通报工程完成情况。依据条例公开。')).toBe(
      '通报工程完成情况。依据条例公开。',
    )
  })

  it('puts a different summary before the body, and copes with either being empty', () => {
    expect(snippetSource('摘要。', '正文。')).toBe('摘要。\n正文。')
    expect(snippetSource(null, '正文。')).toBe('正文。')
    expect(snippetSource('摘要。', '  ')).toBe('摘要。')
  })
})

describe('CSV cells', () => {
  it('prefixes cells that a spreadsheet would evaluate as formulas with an apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","点我")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""点我"")"',
    )
    expect(csvCell('+1+1')).toBe("'+1+1")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\t=1')).toBe("'\t=1")
    expect(csvCell('张店区〔2013〕5号')).toBe('张店区〔2013〕5号')
    expect(csvCell('2013-05-10')).toBe('2013-05-10')
  })

  it('quotes cells with commas, quotes and line breaks and doubles inner quotes', () => {
    expect(csvCell('甲,乙')).toBe('"甲,乙"')
    expect(csvCell('他说"好"')).toBe('"他说""好"""')
    expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(15)).toBe('15')
  })

  it('writes a UTF-8 BOM, a header and CRLF records that parse back to the values', () => {
    const doc = toCsv(
      ['名称', '文号'],
      [
        ['关于"广电"的通知,一', '=1+2'],
        ['二', null],
      ],
    )
    expect(doc.startsWith(CSV_BOM)).toBe(true)
    expect(doc).toContain('\r\n')
    expect(parseCsv(doc.slice(1))).toEqual([
      ['名称', '文号'],
      ['关于"广电"的通知,一', "'=1+2"],
      ['二', ''],
    ])
  })
})

describe('pagination', () => {
  it('links the first and last page and a window around the current one', () => {
    expect(pageWindow({ page: 1, pageCount: 1 })).toEqual([1])
    expect(pageWindow({ page: 1, pageCount: 5 })).toEqual([1, 2, 3, null, 5])
    expect(pageWindow({ page: 10, pageCount: 20 })).toEqual([1, null, 8, 9, 10, 11, 12, null, 20])
    expect(pageWindow({ page: 20, pageCount: 20 })).toEqual([1, null, 18, 19, 20])
  })

  it('counts pages and says whether there is a next one', () => {
    const p = paginate(2, 20, 45, false, true)
    expect(p.pageCount).toBe(3)
    expect(p.hasPrev).toBe(true)
    expect(p.hasNext).toBe(true)
    expect(paginate(3, 20, 45, false, false).hasNext).toBe(false)
  })

  it('words exact, capped and approximate totals', () => {
    expect(formatCount({ total: 90, totalIsLowerBound: false }, false)).toBe('共 90 条')
    expect(formatCount({ total: 10000, totalIsLowerBound: true }, false)).toBe('共 10000+ 条')
    expect(formatCount({ total: 300, totalIsLowerBound: true }, true)).toBe('约 300 条')
  })
})

describe('catalogue query strings', () => {
  it('keeps a fixed key order, drops empty values and page 1', () => {
    expect(catalogueQuery({ topic: '综合政务\\政务公开', year: 2013, page: 1, sort: 'new' })).toBe(
      'topic=%E7%BB%BC%E5%90%88%E6%94%BF%E5%8A%A1%5C%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80&year=2013',
    )
    expect(catalogueQuery({ art20: 7, sort: 'old', page: 3 }, { format: 'csv' })).toBe(
      'art20=7&sort=old&page=3&format=csv',
    )
  })

  it('reports wrong fields and keeps the right ones', () => {
    const r = parseLenient(catalogueParamsSchema, {
      year: 'abc',
      topic: '不存在的主题',
      genre: '通知',
      page: '2',
    })
    expect(Object.keys(r.errors ?? {}).sort()).toEqual(['topic', 'year'])
    expect(r.value).toMatchObject({ genre: '通知', page: 2 })
    expect(r.value.year).toBeUndefined()
    expect(parseLenient(catalogueParamsSchema, { year: '', topic: '' }).errors).toBeNull()
  })

  it('expands a first-level topic to all its second-level topics', () => {
    expect(topicsMatching('卫生、体育')).toEqual([
      '卫生、体育',
      '卫生、体育\\卫生',
      '卫生、体育\\医药管理',
      '卫生、体育\\体育',
      '卫生、体育\\其他',
    ])
    expect(topicsMatching('卫生、体育\\体育')).toEqual(['卫生、体育\\体育'])
  })
})

describe('the live-markup check used by these tests', () => {
  it('catches unescaped payloads, so the checks below would fail if escaping broke', () => {
    const caught = XSS_PAYLOADS.filter((p) => /<[a-z!]/i.test(p) && !p.startsWith('<![CDATA'))
    const missed = caught.filter((p) => liveMarkupProblems(`<p>${p}</p>`).length === 0)
    expect(missed).toEqual([])
  })
})

describe('output-side body sanitiser', () => {
  it.each(XSS_PAYLOADS.map((p) => [p]))('renders no live markup for %s', (payload) => {
    const html = renderableBodyHtml(`<p>前文</p>${payload}<p>后文</p>`)
    expect(liveMarkupProblems(html, PAGE_TAGS)).toEqual([])
    expect(html.toLowerCase()).not.toMatch(/<script|<svg|<iframe|<style|javascript:/)
  })

  it('passes simple, well-nested attribute-free bodies through unchanged and nothing else', () => {
    expect(plainStructure('<p>第一条 <strong>重要</strong></p><br><table><tr><td>格</td></tr></table>')).toBe(
      true,
    )
    expect(plainStructure('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toBe(true)
    for (const html of [
      '<p>未闭合',
      '</div>多余的结束标签',
      '<p><strong>交错</p></strong>',
      '<p class="x">属性</p>',
      '<h1>一级标题</h1>',
      '<p>a < b</p>',
      '<p/>',
      '</br>',
      '<!-- 注释 -->',
      '<script>alert(1)</script>',
    ]) {
      expect(plainStructure(html), html).toBe(false)
    }
    for (const payload of XSS_PAYLOADS) {
      if (plainStructure(payload)) {
        expect(liveMarkupProblems(payload), payload).toEqual([])
      }
    }
    expect(renderableBodyHtml('<p>段落</p>')).toBe('<p>段落</p>')
  })

  it('keeps document structure, demotes h1 and marks links nofollow', () => {
    const html = renderableBodyHtml(
      '<h1>总则</h1><p>第一条 <a href="https://www.gov.cn/">链接</a></p><table><tr><td colspan="2">格</td></tr></table>',
    )
    expect(html).toContain('<h2>总则</h2>')
    expect(html).toContain('<a href="https://www.gov.cn/" rel="noopener noreferrer nofollow">链接</a>')
    expect(html).toContain('<td colspan="2">格</td>')
  })
})

const channel: FeedChannel = {
  title: '测试局 <政府信息公开> & 通知',
  description: '最新',
  pageUrl: 'http://localhost:3000/organs/X/catalogue',
  selfUrl: 'http://localhost:3000/organs/X/feed.rss',
  id: 'http://localhost:3000/organs/X/feed.rss',
  generatedAt: '2024-01-01T00:00:00.000Z',
}

function entry(title: string, summary: string | null): FeedEntry {
  return {
    id: '6f1f8a0e-0000-4000-8000-000000000001',
    title,
    url: 'http://localhost:3000/items/000000001%2F2013-00001?a=1&b=2',
    summary,
    published: '2013-05-10',
    updated: '2013-05-10T03:00:00.000Z',
    author: '张店区广播电视局',
    category: '文化、广电、新闻出版 / 广播、电影、电视',
  }
}

describe('feeds', () => {
  it.each(XSS_PAYLOADS.map((p) => [p]))('keeps %s as text in well-formed RSS and Atom', (payload) => {
    for (const doc of [
      renderRss(channel, [entry(payload, payload)]),
      renderAtom(channel, [entry(payload, payload)]),
    ]) {
      const els = parseXmlStrict(doc)
      const names = new Set(els.map((e) => e.name))
      for (const n of names) {
        expect(n).toMatch(
          /^(rss|channel|title|link|description|language|lastBuildDate|atom:link|item|guid|pubDate|category|source|feed|id|subtitle|updated|generator|entry|published|author|name|summary)$/,
        )
      }
      // The only character in the list that XML cannot carry is NUL; it is dropped.
      const expected = payload.replaceAll('\u0000', '')
      const titles = els.filter((e) => e.name === 'title').map((e) => e.text)
      expect(titles).toContain(expected)
    }
  })

  it('writes RFC 822 dates in RSS and reads calendar dates as China midnight', () => {
    expect(rfc822('2013-05-10')).toBe('Thu, 09 May 2013 16:00:00 GMT')
    const rss = renderRss(channel, [entry('标题', null)])
    expect(rss).toContain('<pubDate>Thu, 09 May 2013 16:00:00 GMT</pubDate>')
    expect(rss).toContain('&amp;b=2')
    expect(renderAtom(channel, [entry('标题', null)])).toContain(
      '<id>urn:uuid:6f1f8a0e-0000-4000-8000-000000000001</id>',
    )
  })

  it('drops characters XML 1.0 cannot carry', () => {
    expect(xmlText('a\u0000b\u0008c\uFFFEd\uD800e')).toBe('abcde')
  })
})

describe('sitemap', () => {
  it('lists everything in one file up to 50,000 URLs and switches to an index beyond', () => {
    expect(sitemapPlan(10, 49_990, 60_000)).toEqual({ single: true })
    expect(sitemapPlan(10, 49_991, 120_000)).toEqual({
      single: false,
      chunks: Math.floor(120_000 / SITEMAP_CHUNK) + 1,
    })
  })

  it('writes well-formed urlset and sitemapindex documents', () => {
    const urls = parseXmlStrict(
      renderUrlset([{ loc: 'http://x/items/a%2Fb?x=1&y=2', lastmod: '2024-03-01T00:00:00Z' }]),
    )
    expect(urls.find((e) => e.name === 'loc')?.text).toBe('http://x/items/a%2Fb?x=1&y=2')
    expect(urls.find((e) => e.name === 'lastmod')?.text).toBe('2024-03-01')
    const index = parseXmlStrict(renderSitemapIndex(['http://x/sitemaps/items-0.xml']))
    expect(index.map((e) => e.name)).toEqual(['sitemapindex', 'sitemap', 'loc'])
  })

  it('keeps crawlers out of staff pages and points them to the sitemap', () => {
    const txt = robotsTxt('https://gk.example')
    expect(txt).toContain('Disallow: /console')
    expect(txt).toContain('Sitemap: https://gk.example/sitemap.xml')
  })
})

describe('page cache admission', () => {
  it('keeps only the URLs the pages themselves link to', () => {
    const params = ['organ', 'year', 'page']
    expect(admissible('/catalogue', params)).toBe(true)
    expect(admissible('/catalogue?year=2013&page=2', params)).toBe(true)
    expect(admissible('/catalogue?page=2&v=123', params)).toBe(false)
    expect(admissible('/catalogue?page=2&page=3', params)).toBe(false)
    expect(admissible('/items/abc', [])).toBe(true)
    expect(admissible('/items/abc?v=1', [])).toBe(false)
  })
})
