import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditKeyring, recordAudit, writeCheckpoint } from '../../src/modules/audit/index.js'
import { DEMO_PASSWORD } from '../../src/modules/demo/index.js'
import { systemClock } from '../../src/shared/clock.js'
import { TEST_DIALECTS } from '../db.js'
import {
  launchBrowser,
  loginAs,
  newVisitor,
  skipBrowserTests,
  startDemoServer,
  visit,
  type DemoServer,
} from '../browser.js'

/** Screenshots for a person to look at (not compared): SCREENSHOT_DIR, default /tmp. */
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/gongkai-screenshots'

describe.skipIf(skipBrowserTests()).each(TEST_DIALECTS)('the audit browser in a browser (%s)', (dialect) => {
  let server: DemoServer
  let browser: Browser

  beforeAll(async () => {
    server = await startDemoServer(dialect)
    const dir = join(SHOTS, 'anchors')
    mkdirSync(dir, { recursive: true })
    server.deps.config.audit = {
      ...server.deps.config.audit,
      checkpointFile: join(dir, `${dialect}-${process.pid}-${Date.now()}.jsonl`),
    }
    const organ = await server.deps.db.kysely
      .selectFrom('organ')
      .select(['id', 'name'])
      .executeTakeFirstOrThrow()
    await server.deps.db.kysely.transaction().execute((trx) =>
      recordAudit(trx, systemClock, {
        actorId: null,
        actorName: 'admin',
        organId: organ.id,
        action: 'organ.updated',
        targetType: 'organ',
        targetId: organ.id,
        summary: {
          name: organ.name,
          changed: {
            officePhone: { before: '0533-2181000', after: '0533-2181999' },
            officeHours: { before: null, after: '工作日 9:00–17:00' },
          },
        },
      }),
    )
    await writeCheckpoint(
      server.deps.db.kysely,
      server.deps.config.audit.checkpointFile ?? '',
      auditKeyring(),
      systemClock,
    )
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
    it(`shows a supervisor actions, fields and a change in Chinese, with the newest checkpoint (${width} px)`, async () => {
      const context = await newVisitor(browser, server.baseUrl)
      const page = await context.newPage()
      await page.setViewportSize({ width, height })
      await loginAs(page, 'supervisor', DEMO_PASSWORD)
      expect(await visit(page, '/console/audit')).toBe('审计日志')
      const main = page.locator('main')
      await expect.poll(() => main.innerText()).toContain('修改机关信息')
      const change = page.locator('table.change-table').first()
      expect(await change.locator('thead').innerText()).toMatch(/字段\s+修改前\s+修改后/)
      expect(await change.locator('tbody').innerText()).toMatch(/联系电话\s+0533-2181000\s+0533-2181999/)
      expect(await page.locator('#h-anchor').isVisible()).toBe(true)
      expect(await main.innerText()).toContain('最新锚点')
      expect(await main.innerText()).toContain('校验审计链：通过')
      expect(await main.innerText()).not.toContain('锚点校验未通过')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow).toBeLessThanOrEqual(0)
      await page.screenshot({ path: join(SHOTS, `audit-${dialect}-${width}.png`) })
      await change.scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(SHOTS, `audit-${dialect}-${width}-change.png`) })
      await page.locator('#h-anchor').scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(SHOTS, `audit-${dialect}-${width}-anchor.png`) })
      await context.close()
    })
  }
})
