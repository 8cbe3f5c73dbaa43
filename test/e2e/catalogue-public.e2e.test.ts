import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCatalogueDemo } from '../../src/modules/demo/index.js'
import { demoOrgan } from '../../src/modules/demo/index.js'
import { TEST_DIALECTS } from '../db.js'
import {
  checkA11y,
  launchBrowser,
  newVisitor,
  skipBrowserTests,
  startDemoServer,
  visit,
  type DemoServer,
} from '../browser.js'

const radio = demoOrgan('radio')

describe.skipIf(skipBrowserTests()).each(TEST_DIALECTS)(
  'the public catalogue in the browser, on %s',
  (dialect) => {
    let server: DemoServer
    let browser: Browser

    beforeAll(async () => {
      server = await startDemoServer(dialect)
      await loadCatalogueDemo(server.deps, { only2013: true })
      browser = await launchBrowser()
    }, 180_000)

    afterAll(async () => {
      await browser?.close()
      await server?.close()
    })

    it('filters with the form and pages through the catalogue without JavaScript, every page accessible', async () => {
      const context = await browser.newContext({
        baseURL: server.baseUrl,
        javaScriptEnabled: false,
        locale: 'zh-CN',
      })
      const page = await context.newPage()
      try {
        await page.goto(`/organs/${radio.code}/catalogue`)
        // The filters are folded until one is set; the summary opens them without JavaScript.
        expect(await page.getByLabel('发布年份').isVisible()).toBe(false)
        await page.locator('summary', { hasText: '筛选条件' }).click()
        await page.getByLabel('发布年份').selectOption('2013')
        await page.getByLabel('排序').selectOption('old')
        await Promise.all([page.waitForURL(/year=2013/), page.getByRole('button', { name: '筛选' }).click()])
        expect(page.url()).toContain('sort=old')
        expect(await page.locator('.result-count').innerText()).toBe('共 90 条')
        expect(await page.locator('table.catalogue-table tbody tr').count()).toBe(20)
        const pager = page.getByRole('navigation', { name: '分页' })
        expect(await pager.locator('a[aria-current="page"]').innerText()).toContain('1')
        await Promise.all([page.waitForURL(/page=2/), pager.getByRole('link', { name: '下一页' }).click()])
        expect(await pager.locator('a[aria-current="page"]').innerText()).toContain('2')
      } finally {
        await context.close()
      }
    }, 60_000)

    it('shows results on the first screen of a phone, the filters folded until one is set', async () => {
      const context = await browser.newContext({
        baseURL: server.baseUrl,
        javaScriptEnabled: false,
        locale: 'zh-CN',
        viewport: { width: 390, height: 844 },
      })
      const page = await context.newPage()
      try {
        for (const path of [`/organs/${radio.code}/catalogue`, `/search?q=${encodeURIComponent('广电')}`]) {
          await page.goto(path)
          const firstResult = await page
            .locator('table tbody tr, ol.search-results > li')
            .first()
            .boundingBox()
          expect(firstResult, path).not.toBeNull()
          expect(firstResult!.y, path).toBeLessThan(844)
          await page.screenshot({ path: `${process.env.SHOTS_DIR ?? '/tmp'}/filters-folded-${dialect}.png` })
        }
        await page.goto(`/organs/${radio.code}/catalogue?year=2013`)
        expect(await page.locator('details.filter-more').getAttribute('open')).not.toBeNull()
        expect(await page.locator('summary', { hasText: '已选 1 项' }).count()).toBe(1)
      } finally {
        await context.close()
      }
    }, 60_000)

    it('passes the accessibility checks on the catalogue, item, search, guide, 目录 and 制度 pages', async () => {
      const context = await newVisitor(browser, server.baseUrl)
      const page = await context.newPage()
      try {
        expect(await visit(page, `/organs/${radio.code}/catalogue?year=2013`)).toContain('法定主动公开内容')
        await visit(page, '/catalogue')
        await visit(page, `/organs/${radio.code}/catalogue-index`)
        await visit(page, `/organs/${radio.code}/rules`)
        expect(await visit(page, `/organs/${radio.code}/guide`)).toContain('政府信息公开指南')
        await visit(page, `/search?q=${encodeURIComponent('广电')}`)
        expect(await page.locator('.search-results mark').count()).toBeGreaterThan(0)
        await visit(page, `/search?q=${encodeURIComponent('。。')}`, 422)
        // The first item of the catalogue, reached by keyboard-visible link.
        await page.goto(`/organs/${radio.code}/catalogue?year=2013`)
        const first = page.locator('table.catalogue-table tbody tr a').first()
        const title = (await first.innerText()).trim()
        await Promise.all([page.waitForURL(/\/items\//), first.click()])
        await checkA11y(page)
        expect((await page.locator('h1').innerText()).trim()).toContain(title)
        expect(await page.locator('table.item-meta th').allInnerTexts()).toEqual(
          expect.arrayContaining([
            '索引号',
            '发布机构',
            '成文日期',
            '文号',
            '发布日期',
            '主题分类',
            '有效性',
          ]),
        )
      } finally {
        await context.close()
      }
    }, 90_000)

    it('prints an item page without the site chrome', async () => {
      const context = await newVisitor(browser, server.baseUrl)
      const page = await context.newPage()
      try {
        const res = await page.request.get(`/api/v1/items?organ=${radio.code}&year=2013&per_page=1`)
        const url = ((await res.json()) as { items: Array<{ url: string }> }).items[0]!.url
        await page.goto(new URL(url).pathname)
        await page.emulateMedia({ media: 'print' })
        const display = (selector: string) =>
          page
            .locator(selector)
            .first()
            .evaluate((el) => getComputedStyle(el).display)
        expect(await display('.site-header')).toBe('none')
        expect(await display('.site-footer')).toBe('none')
        expect(await display('.crumbs')).toBe('none')
        expect(await display('table.item-meta')).toBe('table')
        expect(await display('h1')).toBe('block')
        const pdf = await page.pdf({ format: 'A4' })
        expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
      } finally {
        await context.close()
      }
    }, 60_000)
  },
)
