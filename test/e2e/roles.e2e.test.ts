import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoOrgan } from '../../src/modules/demo/index.js'
import type { Role } from '../../src/modules/users/user.table.js'
import { TEST_DIALECTS } from '../db.js'
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
 * What each demo role may see in the console. `links`: dashboard links it must have; `pages`:
 * console pages it may open (200); every other page in CONSOLE_PAGES must answer 403.
 */
const CONSOLE_PAGES = [
  '/console/organs',
  '/console/users',
  '/console/audit',
  '/console/calendar',
  '/console/items',
  '/console/items/new',
] as const

const EXPECTED: Record<Role, { links: string[]; pages: string[]; noLinks: string[] }> = {
  admin: {
    links: ['/console/organs', '/console/users', '/console/audit', '/console/calendar'],
    // Administrators manage organs, accounts and the calendar; they do not draft disclosures.
    pages: ['/console/organs', '/console/users', '/console/audit', '/console/calendar', '/console/items'],
    noLinks: ['/console/items/new'],
  },
  supervisor: {
    links: ['/console/audit', '/console/items'],
    pages: ['/console/audit', '/console/items'],
    // Read-only: nothing to draft, nothing to administer.
    noLinks: ['/console/organs', '/console/users', '/console/calendar', '/console/items/new'],
  },
  officer: {
    links: ['/console/items', '/console/items/new'],
    pages: ['/console/items', '/console/items/new'],
    noLinks: ['/console/organs', '/console/users', '/console/audit'],
  },
  handler: {
    links: ['/console/items/new'],
    pages: ['/console/items', '/console/items/new'],
    noLinks: ['/console/organs', '/console/users', '/console/audit'],
  },
  leader: {
    links: ['/console/items'],
    pages: ['/console/items'],
    noLinks: ['/console/organs', '/console/users', '/console/audit', '/console/items/new'],
  },
  office_head: {
    links: ['/console/items'],
    pages: ['/console/items'],
    noLinks: ['/console/organs', '/console/users', '/console/audit', '/console/items/new'],
  },
}

/** The paths of every link inside <main>, without query strings. */
async function linkPaths(page: Page): Promise<Set<string>> {
  const hrefs = await page
    .locator('main a[href]')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))
  return new Set(hrefs)
}

const radio = demoOrgan('radio')

describe.skipIf(skipBrowserTests()).each(TEST_DIALECTS)('in the browser, on %s', (dialect) => {
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

  it('a member of the public walks the disclosure column of 张店区广播电视局, every page accessible', async () => {
    const context = await newVisitor(browser, server.baseUrl)
    const page = await context.newPage()
    try {
      await visit(page, '/')
      // From the home page, follow the organ's own link.
      await page.locator(`main a[href="/organs/${radio.code}"]`).first().click()
      await page.waitForURL(`**/organs/${radio.code}`)
      await checkA11y(page)
      expect(await page.locator('h1').first().innerText()).toContain(radio.name)

      const sections: Array<[string, string]> = [
        ['guide', '政府信息公开指南'],
        ['rules', '政府信息公开制度'],
        ['catalogue', '法定主动公开内容'],
        ['reports', '政府信息公开年报'],
        ['apply', '依申请公开'],
      ]
      const column = await linkPaths(page)
      for (const [path, title] of sections) {
        const href = `/organs/${radio.code}/${path}`
        expect(column.has(href), `the organ page links to ${title} (${href})`).toBe(true)
        await visit(page, href)
        const main = await page.locator('main').innerText()
        expect(main, href).toContain(title)
      }
      // The guide prints the disclosure office's details (条例第十二条).
      await page.goto(`/organs/${radio.code}/guide`)
      const guide = await page.locator('main').innerText()
      expect(guide).toContain(radio.office.address)
      expect(guide).toContain(radio.office.phone)

      await visit(page, '/search')
      await visit(page, '/login')
    } finally {
      await context.close()
    }
  }, 120_000)

  it('an anonymous visitor asking for the console is sent to log in', async () => {
    const context = await newVisitor(browser, server.baseUrl)
    const page = await context.newPage()
    try {
      await page.goto('/console')
      expect(new URL(page.url()).pathname).toBe('/login')
    } finally {
      await context.close()
    }
  })

  for (const account of DEMO_ACCOUNTS) {
    const role = account.grants[0]!.role
    if (account.username === 'officer2') {
      continue // same role as `officer`; used by the workflow tests for separation of duties
    }
    it(`${account.username} (${role}) logs in and sees exactly what the role may see`, async () => {
      const expected = EXPECTED[role]
      const context = await newVisitor(browser, server.baseUrl)
      const page = await context.newPage()
      try {
        await loginAs(page, account.username, DEMO_PASSWORD)
        expect(new URL(page.url()).pathname).toBe('/console')
        await checkA11y(page)
        expect(await page.locator('header').innerText()).toContain(account.displayName)

        const links = await linkPaths(page)
        for (const href of expected.links) {
          expect(links.has(href), `${account.username}'s dashboard links to ${href}`).toBe(true)
        }
        for (const href of expected.noLinks) {
          expect(links.has(href), `${account.username}'s dashboard must not link to ${href}`).toBe(false)
        }

        for (const path of CONSOLE_PAGES) {
          const status = expected.pages.includes(path) ? 200 : 403
          await visit(page, path, status)
        }
        await visit(page, '/account/password')

        // Log out through the header button; the console is closed again.
        await page.locator('form[action="/logout"] button').click()
        await page.waitForURL((url) => url.pathname === '/')
        await page.goto('/console')
        expect(new URL(page.url()).pathname).toBe('/login')
      } finally {
        await context.close()
      }
    }, 120_000)
  }
})
