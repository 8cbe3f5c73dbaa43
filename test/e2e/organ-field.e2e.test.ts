import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/modules/demo/index.js'
import { completeOrgCode, completeUscc } from '../../src/modules/organs/index.js'
import { TEST_DIALECTS } from '../db.js'
import {
  checkA11y,
  launchBrowser,
  loginAs,
  skipBrowserTests,
  startDemoServer,
  visit,
  type DemoServer,
} from '../browser.js'

/** Where the screenshots of this test go (looked at by hand; not compared). */
const SHOTS = process.env.SHOTS_DIR

/**
 * A phone-sized visitor. The pages load no script (the organ fields are plain forms; the HTTP
 * tests post them as a browser without JavaScript would); JavaScript stays on only for axe-core.
 */
async function phone(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    bypassCSP: true,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
  })
}

/** The page fits 390 px: nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, page.url()).toBeLessThanOrEqual(390)
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
  }
}

describe.skipIf(skipBrowserTests()).each(TEST_DIALECTS)(
  'organ fields and the home page at 390 px, on %s',
  (dialect) => {
    let server: DemoServer
    let browser: Browser

    beforeAll(async () => {
      server = await startDemoServer(dialect)
      browser = await launchBrowser()
    }, 180_000)
    afterAll(async () => {
      await browser?.close()
      await server?.close()
    })

    it('shows the latest published items on the home page, accessible and within 390 px', async () => {
      const context = await phone(browser, server.baseUrl)
      const page = await context.newPage()
      try {
        await visit(page, '/')
        const latest = page.locator('section[aria-labelledby="h-latest"] li')
        expect(await latest.count()).toBe(10)
        await expectNoSidewaysScroll(page)
        await shot(page, `${dialect}-home`)
      } finally {
        await context.close()
      }
    }, 60_000)

    it('lets an administrator type an organ’s parent, pick among the matches, and save', async () => {
      const context = await phone(browser, server.baseUrl)
      const page = await context.newPage()
      try {
        await loginAs(page, 'admin', DEMO_PASSWORD)
        await visit(page, '/console/organs/new')
        await expectNoSidewaysScroll(page)
        await shot(page, `${dialect}-organ-new`)
        await page.locator('input[name="name"]').fill('张店区文化和旅游局（浏览器测试）')
        await page.locator('input[name="code"]').fill(completeUscc(`11370303${completeOrgCode('00433099')}`))
        await page.locator('input[name="parent"]').fill('张店区')
        await page.getByRole('button', { name: '保存' }).click()
        await page.waitForLoadState()
        expect(await page.locator('#f-parent-error').innerText()).toContain('请从下列选项中选择')
        await checkA11y(page)
        await expectNoSidewaysScroll(page)
        await shot(page, `${dialect}-organ-ambiguous`)
        await page.locator('.organ-choices label', { hasText: /^张店区人民政府 / }).click()
        await page.getByRole('button', { name: '保存' }).click()
        await page.waitForURL(/\/console\/organs\?created=/)
        expect(await page.locator('main').innerText()).toContain('张店区文化和旅游局（浏览器测试）')
      } finally {
        await context.close()
      }
    }, 60_000)

    it('lets an administrator grant a role on a typed organ, with a Chinese error for an unknown one', async () => {
      const context = await phone(browser, server.baseUrl)
      const page = await context.newPage()
      try {
        await loginAs(page, 'admin', DEMO_PASSWORD)
        await page.goto('/console/users')
        await page.getByRole('link', { name: 'handler' }).first().click()
        await page.waitForLoadState()
        await checkA11y(page)
        await expectNoSidewaysScroll(page)
        await page.locator('form[action$="/grants"] select[name="role"]').selectOption('handler')
        await page.locator('form[action$="/grants"] input[name="organ"]').fill('没有这个机关')
        await page.getByRole('button', { name: '授予' }).click()
        await page.waitForLoadState()
        expect(await page.locator('#f-organ-error').innerText()).toContain(
          '没有名称或代码含“没有这个机关”的机关',
        )
        await checkA11y(page)
        await expectNoSidewaysScroll(page)
        await shot(page, `${dialect}-grant-unknown`)
        await page.locator('form[action$="/grants"] select[name="role"]').selectOption('handler')
        await page.locator('form[action$="/grants"] input[name="organ"]').fill('张店区教育局')
        await page.getByRole('button', { name: '授予' }).click()
        await page.waitForLoadState()
        expect(await page.locator('main').innerText()).toContain('已授予角色')
      } finally {
        await context.close()
      }
    }, 60_000)

    it('shows the new-item form at 390 px', async () => {
      const context = await phone(browser, server.baseUrl)
      const page = await context.newPage()
      try {
        await loginAs(page, 'officer', DEMO_PASSWORD)
        await visit(page, '/console/items/new')
        await expectNoSidewaysScroll(page)
        await shot(page, `${dialect}-item-new`)
      } finally {
        await context.close()
      }
    }, 60_000)

    it('filters the catalogue by a typed organ with choices when there are too many organs for a select', async () => {
      const now = new Date().toISOString()
      const many = Array.from({ length: 301 }, (_, i) => {
        const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`
        return {
          id,
          name: `浏览器测试批量机关${i}`,
          short_name: null,
          kind: 'department' as const,
          parent_id: null,
          code: `E${String(i).padStart(8, '0')}`,
          code_type: 'org9' as const,
          org_code: `E${String(i).padStart(8, '0')}`,
          sort_order: 100,
          path: `/${id}/`,
          created_at: now,
          updated_at: now,
          version: 1,
        }
      })
      await server.deps.db.kysely.insertInto('organ').values(many).execute()
      const context = await phone(browser, server.baseUrl)
      const page = await context.newPage()
      try {
        await page.goto('/catalogue')
        await page.locator('summary', { hasText: '筛选条件' }).click()
        await page.getByLabel('发布机构').fill('张店区')
        await page.getByRole('button', { name: '筛选' }).click()
        await page.waitForLoadState()
        expect(await page.locator('#f-organ-error').innerText()).toContain('请从下列选项中选择')
        await checkA11y(page)
        await expectNoSidewaysScroll(page)
        await shot(page, `${dialect}-catalogue-ambiguous`)
        await page.getByLabel('张店区广播电视局', { exact: false }).first().check()
        await page.getByRole('button', { name: '筛选' }).click()
        await page.waitForLoadState()
        expect(await page.getByLabel('发布机构').inputValue()).toBe('张店区广播电视局')
        expect(await page.locator('.result-count').innerText()).toMatch(/共 \d+ 条/)
        await checkA11y(page)
        await expectNoSidewaysScroll(page)
        await shot(page, `${dialect}-catalogue-picked`)
      } finally {
        await context.close()
      }
    }, 60_000)
  },
)
