/**
 * The benchmark's HTTP server: the real app (buildApp) over the benchmark database, plus static
 * routes that send, byte for byte, a page captured from the app at start-up — the "static page of
 * the same size served by the same server". Started as a child process by http-bench.ts.
 * argv: <sqlite path> <port>
 */
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createDb } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrator.js'
import { createSearchIndex } from '../src/modules/catalogue/search/index.js'
import { openAuditTrail } from '../src/modules/audit/index.js'
import { createCalendarProvider } from '../src/modules/calendar/index.js'
import { packagedCalendarData } from '../src/shared/calendar/packaged.js'
import { systemClock } from '../src/shared/clock.js'
import { oneOffFieldCipher } from '../src/modules/privacy/index.js'

const [path = '', port = '3999'] = process.argv.slice(2)
const config = loadConfig({ DATABASE_URL: path, LOG_LEVEL: 'warn', FILES_DIR: '/tmp/gongkai-bench-files' })
const db = createDb(config.db)
await migrateToLatest(db)
await openAuditTrail(config, db.kysely, systemClock, { timer: true })
const app = await buildApp(
  {
    config,
    db,
    clock: systemClock,
    search: createSearchIndex(db.dialect),
    calendar: createCalendarProvider(db.kysely, packagedCalendarData()),
    personalData: oneOffFieldCipher(),
  },
  { logger: false },
)

const captured = new Map<string, { body: string; type: string }>()
app.get('/__bench/static/:name', async (request, reply) => {
  const page = captured.get((request.params as { name: string }).name)
  if (!page) {
    return reply.code(404).send('not captured')
  }
  return reply.type(page.type).send(page.body)
})
// Captures a page: GET /__bench/capture?name=x&url=/catalogue
app.get('/__bench/capture', async (request) => {
  const { name, url } = request.query as { name: string; url: string }
  const res = await app.inject({ method: 'GET', url })
  captured.set(name, { body: res.body, type: String(res.headers['content-type'] ?? 'text/html') })
  return { status: res.statusCode, bytes: Buffer.byteLength(res.body) }
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
console.log(JSON.stringify({ ready: true, pid: process.pid }))
// Exit through process.exit so `node --cpu-prof` writes its profile (bench/profile.ts).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void app.close().finally(() => process.exit(0))
  })
}
