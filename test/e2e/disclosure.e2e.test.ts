import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECKLIST } from '../../src/modules/catalogue/items/index.js'
import { DEMO_PASSWORD, demoOrgan } from '../../src/modules/demo/index.js'
import { chinaDate } from '../../src/shared/calendar/workdays.js'
import { TEST_DIALECTS } from '../db.js'
import { PDF } from '../fixtures/files.js'
import {
  checkA11y,
  launchBrowser,
  loginAs,
  newVisitor,
  skipBrowserTests,
  startDemoServer,
  visit,
  type DemoServer,
} from '../browser.js'

/**
 * The proactive-disclosure workflow in a real browser (issue #3, "Done when"): a 承办人 drafts, a
 * 信息员 answers the confidentiality checklist item by item, the 分管领导 approves, and the item is
 * in the public catalogue and found by a 2-character search. A drafter trying to approve their own
 * item is refused.
 */

const radio = demoOrgan('radio')

async function staffPage(
  browser: Browser,
  baseUrl: string,
  username: string,
): Promise<[BrowserContext, Page]> {
  const context = await newVisitor(browser, baseUrl)
  const page = await context.newPage()
  await loginAs(page, username, DEMO_PASSWORD)
  return [context, page]
}

/** Fills the drafting form (the organ is the account's only drafting organ). */
async function fillDraft(page: Page, title: string): Promise<void> {
  await page.locator('#f-title').fill(title)
  await page.locator('#f-summary').fill('在全区开展广播电视惠民服务试点，明确试点范围和工作要求。')
  await page
    .locator('#f-bodyHtml')
    .fill('<p>各镇（街道）：</p><p>为推进广播电视公共服务，现就试点工作通知如下。</p>')
  await page.locator('#f-docNumber').fill('张广电发[2026]21号')
  await page.locator('#f-formedDate').fill(chinaDate(new Date()))
  await page.locator('#f-topic').selectOption('文化、广电、新闻出版\\广播、电影、电视')
  await page.locator('#f-genre').selectOption('通知')
  await page.locator('#f-art20Item').selectOption('11')
  await page.locator('input[name="keyAreas"][value="公共文化服务"]').check()
}

describe.skipIf(skipBrowserTests()).each(TEST_DIALECTS)(
  'disclosure workflow in the browser, on %s',
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

    it('承办人 drafts, 信息员 reviews, 分管领导 approves; the item is public and found by a 2-character search', async () => {
      const title = '关于开展广电“鸿雁”惠民服务试点的通知'
      const contexts: BrowserContext[] = []
      try {
        // 承办人: draft and submit.
        const [hc, handler] = await staffPage(browser, server.baseUrl, 'handler')
        contexts.push(hc)
        await visit(handler, '/console/items/new')
        await fillDraft(handler, title)
        await handler.getByRole('button', { name: '保存草稿' }).click()
        await handler.waitForURL(/\/console\/items\/[^/]+\?done=created$/)
        await checkA11y(handler)
        const itemPath = new URL(handler.url()).pathname
        const main = await handler.locator('main').innerText()
        expect(main).toContain('张广电发〔2026〕21号')
        expect(main).toMatch(/剩 \d+ 个工作日/)
        // An attachment through the real upload form: the CSRF token travels in the multipart
        // body, never in a URL the browser requests.
        const requested: string[] = []
        handler.on('request', (r) => requested.push(r.url()))
        await visit(handler, `${itemPath}/attachments`)
        await handler.locator('#f-file').setInputFiles({
          name: '试点方案.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.concat([PDF, Buffer.from('\n% browser upload\n')]),
        })
        await handler.getByRole('button', { name: '上传' }).click()
        await handler.waitForURL(/\/attachments\?done=added$/)
        expect(await handler.locator('main').innerText()).toContain('试点方案.pdf')
        expect(requested.filter((u) => u.includes('_csrf'))).toEqual([])
        await checkA11y(handler)
        await visit(handler, itemPath)
        await handler.getByRole('button', { name: '送初审' }).click()
        await handler.waitForURL(/done=submitted/)
        expect(await handler.locator('main').innerText()).toContain('待初审')

        // 信息员: the checklist, item by item; first an incomplete one is refused.
        const [oc, officer] = await staffPage(browser, server.baseUrl, 'officer')
        contexts.push(oc)
        await visit(officer, '/console/items?status=first_review')
        await officer.getByRole('link', { name: title }).click()
        await officer.waitForURL(`**${itemPath}`)
        await checkA11y(officer)
        await officer.locator(`input[name="check_${CHECKLIST[0]!.key}"][value="no"]`).check()
        await officer.getByRole('button', { name: '初审通过' }).click()
        await officer.waitForLoadState()
        expect(await officer.locator('main').innerText()).toContain('保密审查清单须逐项作答')
        await checkA11y(officer)
        for (const q of CHECKLIST) {
          await officer.locator(`input[name="check_${q.key}"][value="no"]`).check()
        }
        await officer.getByRole('button', { name: '初审通过' }).click()
        await officer.waitForURL(/done=approve_first/)
        expect(await officer.locator('main').innerText()).toContain('待复核')

        // 分管领导: approve; the page now shows the 索引号.
        const [lc, leader] = await staffPage(browser, server.baseUrl, 'leader')
        contexts.push(lc)
        await visit(leader, '/console/items?status=final_review')
        await leader.getByRole('link', { name: title }).click()
        await leader.waitForURL(`**${itemPath}`)
        await checkA11y(leader)
        await leader.getByRole('button', { name: '批准发布' }).click()
        await leader.waitForURL(/done=approve_final/)
        const published = await leader.locator('main').innerText()
        expect(published).toContain('已发布')
        const indexNo = /[0-9A-Z]{9}\/\d{4}-\d{5}/.exec(published)?.[0]
        expect(indexNo).toBeTruthy()

        // The public: a 2-character search finds it, and its page shows the 索引号.
        const pc = await newVisitor(browser, server.baseUrl)
        contexts.push(pc)
        const visitor = await pc.newPage()
        await visit(visitor, `/search?q=${encodeURIComponent('鸿雁')}`)
        await visitor.getByRole('link', { name: title }).first().click()
        await visitor.waitForLoadState()
        const publicPage = await visitor.locator('main').innerText()
        expect(publicPage).toContain(indexNo!)
        expect(publicPage).toContain(radio.name)
        await checkA11y(visitor)
        await visit(visitor, `/organs/${radio.code}/catalogue`)
        expect(await visitor.locator('main').innerText()).toContain(title)
      } finally {
        for (const c of contexts) {
          await c.close()
        }
      }
    }, 180_000)

    it('refuses a drafter who tries to approve their own item', async () => {
      const [context, officer] = await staffPage(browser, server.baseUrl, 'officer')
      try {
        await visit(officer, '/console/items/new')
        await fillDraft(officer, '信息员自己起草的信息')
        await officer.getByRole('button', { name: '保存草稿' }).click()
        await officer.waitForURL(/done=created/)
        const itemPath = new URL(officer.url()).pathname
        await officer.getByRole('button', { name: '送初审' }).click()
        await officer.waitForURL(/done=submitted/)

        // The page explains why there is no review form …
        const main = await officer.locator('main').innerText()
        expect(main).toContain('职责分离')
        expect(await officer.getByRole('button', { name: '初审通过' }).count()).toBe(0)
        await checkA11y(officer)

        // … and a forged review post from the same session is refused.
        const csrf = await officer.locator('input[name="_csrf"]').first().inputValue()
        const form: Record<string, string> = { _csrf: csrf, decision: 'approve', version: '2' }
        for (const q of CHECKLIST) {
          form[`check_${q.key}`] = 'no'
        }
        const res = await officer.request.post(`${itemPath}/review/first`, { form })
        expect(res.status()).toBe(403)
        expect(await res.text()).toContain('起草或修改过该内容的人员不能审核或批准它')
        await officer.goto(itemPath)
        expect(await officer.locator('main').innerText()).toContain('待初审')
      } finally {
        await context.close()
      }
    }, 120_000)
  },
)
