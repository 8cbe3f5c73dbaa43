import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp, type BuildAppOptions } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import type { Db } from '../src/db/database.js'
import type { DialectName } from '../src/db/dialect.js'
import type { AppDeps } from '../src/shared/deps.js'
import { createSearchIndex } from '../src/modules/catalogue/search/index.js'
import { createCalendarProvider } from '../src/modules/calendar/index.js'
import { packagedCalendarData } from '../src/shared/calendar/packaged.js'
import type { CalendarProvider } from '../src/shared/calendar/provider.js'
import { systemClock, type Clock } from '../src/shared/clock.js'
import { createTestDb } from './db.js'
import { oneOffFieldCipher } from '../src/modules/privacy/index.js'

export interface TestApp {
  app: FastifyInstance
  deps: AppDeps
  db: Db
  close(): Promise<void>
}

/** A test configuration: no secure cookies, small limits, files in a temp folder. */
export function testConfig(over: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ DATABASE_URL: ':memory:', FILES_DIR: `/tmp/gongkai-test-files-${process.pid}` }),
    ...over,
  }
}

/** Builds the app over a fresh database of the given dialect. */
export async function createTestApp(
  dialect: DialectName,
  opts: {
    clock?: Clock
    config?: Partial<Config>
    calendar?: CalendarProvider
    logger?: BuildAppOptions['logger']
  } = {},
): Promise<TestApp> {
  const db = await createTestDb(dialect)
  const deps: AppDeps = {
    config: testConfig(opts.config),
    db,
    clock: opts.clock ?? systemClock,
    search: createSearchIndex(db.dialect),
    // The packaged notices plus the test database's administrator entries, unless a test gives one.
    calendar: opts.calendar ?? createCalendarProvider(db.kysely, packagedCalendarData()),
    personalData: oneOffFieldCipher(),
  }
  const app = await buildApp(deps, { logger: opts.logger ?? false })
  return {
    app,
    deps,
    db,
    close: async () => {
      await app.close()
      await db.close()
    },
  }
}

/** A browser-like client: keeps cookies, reads the CSRF token from pages, logs in. */
export class TestClient {
  private cookies = new Map<string, string>()
  csrf = ''

  /** Extra request headers (e.g. a forged X-Forwarded-For) and the client's socket address. */
  headers: Record<string, string> = {}
  remoteAddress: string | undefined

  constructor(
    private readonly app: FastifyInstance,
    opts: { remoteAddress?: string; headers?: Record<string, string> } = {},
  ) {
    this.remoteAddress = opts.remoteAddress
    this.headers = { ...opts.headers }
  }

  private address(): { remoteAddress?: string } {
    return this.remoteAddress ? { remoteAddress: this.remoteAddress } : {}
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) {
        this.cookies.delete(c.name)
      } else {
        this.cookies.set(c.name, c.value)
      }
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body)
    if (m?.[1]) {
      this.csrf = m[1]
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), ...this.headers, ...headers },
      ...this.address(),
    })
    this.remember(res)
    return res
  }

  /** Posts a form with the current CSRF token (unless `_csrf` is given). */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    if (!this.csrf) {
      await this.get('/login')
    }
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...form })) {
      for (const one of Array.isArray(v) ? v : [v]) {
        body.append(k, one)
      }
    }
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        ...this.headers,
        ...headers,
      },
      payload: body.toString(),
      ...this.address(),
    })
    this.remember(res)
    return res
  }

  /** Posts a JSON body with the current CSRF token in the `X-CSRF-Token` header. */
  async postJson(
    url: string,
    payload: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/json',
        'x-csrf-token': this.csrf,
        ...this.headers,
        ...headers,
      },
      payload: JSON.stringify(payload),
      ...this.address(),
    })
    this.remember(res)
    return res
  }

  /** Logs in and fails loudly if it did not work. */
  async login(username: string, password: string): Promise<void> {
    await this.get('/login')
    const res = await this.post('/login', { username, password })
    if (res.statusCode !== 303) {
      throw new Error(`login as ${username} failed: ${res.statusCode}`)
    }
    await this.get('/account/password')
  }
}
