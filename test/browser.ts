/**
 * Browser test harness: the real server (buildApp + listen on a free port) over a fresh database
 * with the demo data, driven by Debian's Chromium through playwright-core (never a downloaded
 * browser), with axe-core for accessibility.
 *
 * Browser tests live in `test/e2e/*.e2e.test.ts`. Without /usr/bin/chromium they are skipped with
 * a notice — except in CI (`CI` set, as `.ci/run` does), where a missing browser is a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { createDb, type Db } from '../src/db/database.js'
import type { DialectName } from '../src/db/dialect.js'
import { migrateToLatest } from '../src/db/migrator.js'
import type { AppDeps } from '../src/shared/deps.js'
import { createSearchIndex } from '../src/modules/catalogue/search/index.js'
import { packagedCalendarProvider } from '../src/shared/calendar/provider.js'
import { loadDemo } from '../src/modules/demo/index.js'
import { systemClock } from '../src/shared/clock.js'
import { createTestDb } from './db.js'
import { testConfig } from './http.js'
import { oneOffFieldCipher } from '../src/modules/privacy/index.js'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags from docs/stack-notes: headless, no sandbox (root in CI), no background network traffic. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const inCi = Boolean(process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false')

/**
 * True when browser tests should be skipped: no Chromium and not in CI. Prints why, once per file.
 * In CI a missing Chromium is not skipped, so `launchBrowser` fails loudly.
 */
export function skipBrowserTests(): boolean {
  if (existsSync(CHROMIUM_PATH) || inCi) {
    return false
  }
  process.stderr.write(
    `\n*** ${CHROMIUM_PATH} not found: browser tests SKIPPED (apt-get install -y chromium fonts-noto-cjk, or run .ci/run). ***\n\n`,
  )
  return true
}

/** Launches Debian's Chromium; never downloads a browser. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is required for browser tests but ${CHROMIUM_PATH} does not exist (apt-get install -y chromium)`,
    )
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/**
 * A fresh browser context (cookies of its own, like a new visitor). CSP is bypassed only so that
 * the axe-core script can be injected; the pages themselves load no inline script.
 */
export async function newVisitor(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, bypassCSP: true, locale: 'zh-CN' })
}

export interface DemoServer {
  baseUrl: string
  deps: AppDeps
  app: FastifyInstance
  close(): Promise<void>
}

/**
 * Starts the real HTTP server on 127.0.0.1 and a free port, over a fresh database with the demo
 * data: a temporary SQLite file (WAL, as in production) or an isolated PostgreSQL schema.
 */
export async function startDemoServer(dialect: DialectName): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-'))
  let db: Db
  if (dialect === 'sqlite') {
    db = createDb({ kind: 'sqlite', path: join(dir, 'e2e.db') })
    await migrateToLatest(db)
  } else {
    db = await createTestDb('postgres')
  }
  const deps: AppDeps = {
    config: testConfig({ filesDir: join(dir, 'files') }),
    db,
    clock: systemClock,
    search: createSearchIndex(db.dialect),
    calendar: packagedCalendarProvider(),
    personalData: oneOffFieldCipher(),
  }
  await loadDemo(deps)
  const app = await buildApp(deps, { logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    deps,
    app,
    close: async () => {
      await app.close()
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Logs in through the form; throws with the page's message when it did not work. */
export async function loginAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login')
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login', { timeout: 10_000 }).catch(() => undefined),
    page
      .locator('form[action="/login"] button[type="submit"], form[action="/login"] [type="submit"]')
      .first()
      .click(),
  ])
  if (new URL(page.url()).pathname === '/login') {
    const message = (await page.locator('main').innerText()).slice(0, 300)
    throw new Error(`log-in as ${username} failed: ${message}`)
  }
}

let axeSource: string | undefined

/** One accessibility violation, as `checkA11y` reports it. */
export interface A11yViolation {
  id: string
  impact: string
  help: string
  targets: string[]
}

interface AxeResult {
  violations: Array<{
    id: string
    impact?: string | null
    help: string
    nodes: Array<{ target: unknown[] }>
  }>
}

/**
 * Runs axe-core (all its default rules: WCAG 2.x A/AA and best practices) on the current page and
 * throws a readable list when it finds serious or critical violations.
 */
export async function checkA11y(page: Page): Promise<void> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined',
  )
  if (!loaded) {
    await page.addScriptTag({ content: axeSource })
  }
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<unknown> } }).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })
  const violations: A11yViolation[] = (result as AxeResult).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }))
  if (violations.length > 0) {
    const lines = violations.map(
      (v) => `  - ${v.id} (${v.impact}): ${v.help}\n      at ${v.targets.join('\n      at ')}`,
    )
    throw new Error(`accessibility violations on ${page.url()}:\n${lines.join('\n')}`)
  }
}

/** Visits a path, expects the status, and checks accessibility; returns the page's <h1> text. */
export async function visit(page: Page, path: string, expectedStatus = 200): Promise<string> {
  const response = await page.goto(path)
  const status = response?.status() ?? 0
  if (status !== expectedStatus) {
    throw new Error(`GET ${path}: expected ${expectedStatus}, got ${status}`)
  }
  await checkA11y(page)
  return (
    await page
      .locator('h1')
      .first()
      .innerText()
      .catch(() => '')
  ).trim()
}
