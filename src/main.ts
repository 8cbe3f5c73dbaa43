import { createServer } from 'node:net'
import { buildApp } from './app.js'
import { listenUrl, loadConfig } from './config.js'
import { createDb } from './db/database.js'
import { migrateToLatest } from './db/migrator.js'
import { createSearchIndex } from './modules/catalogue/search/index.js'
import { openAuditTrail } from './modules/audit/index.js'
import { createCalendarProvider } from './modules/calendar/index.js'
import { configuredChannels, createOutboxWorker, createTransports } from './modules/notifications/index.js'
import { packagedCalendarData } from './shared/calendar/packaged.js'
import { systemClock } from './shared/clock.js'
import { isDomainError } from './shared/errors.js'
import { loadFieldCipher } from './modules/privacy/index.js'

/** A free port on `host`, for `PORT=0` (so that the public URL can name it before routes are built). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * Starts the web process: config → database (migrated) → app → listen, then prints one banner
 * line. Without PUBLIC_URL, feed, sitemap and API URLs name the address actually listened on.
 */
export async function serve(options: { port?: number } = {}): Promise<void> {
  const loaded = loadConfig()
  const wanted = options.port ?? loaded.port
  const port = wanted === 0 ? await freePort(loaded.host) : wanted
  const config = loaded.publicUrlFromListen
    ? { ...loaded, port, publicUrl: listenUrl(loaded.host, port) }
    : { ...loaded, port }
  const db = createDb(config.db)
  await migrateToLatest(db)
  const audit = await openAuditTrail(config, db.kysely, systemClock, { timer: true })
  const app = await buildApp({
    config,
    db,
    clock: systemClock,
    search: createSearchIndex(db.dialect),
    calendar: createCalendarProvider(db.kysely, packagedCalendarData()),
    personalData: loadFieldCipher(config.personalData),
  })
  // The notification outbox: sent from this process when a transport is configured; without one,
  // messages wait in the table (the console's 通知发送 page says so).
  const transports = createTransports(config.notifications)
  const outbox =
    configuredChannels(transports).length > 0
      ? createOutboxWorker({ db, clock: systemClock }, transports, { logger: app.log })
      : undefined
  const close = async () => {
    await app.close()
    await outbox?.stop()
    await audit.close()
    await db.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void close())
  process.once('SIGTERM', () => void close())
  await app.listen({ port, host: config.host })
  outbox?.start()
  process.stdout.write(`Gongkai 已启动 (serving): ${listenUrl(config.host, port)}/  —  Ctrl+C 停止 (stop)\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await serve()
  } catch (err) {
    // A refused configuration is one line and exit 2, as in the CLI.
    if (isDomainError(err) && err.code === 'CONFIG_INVALID') {
      process.stderr.write(`错误 (error): ${err.userMessage} (${err.code}: ${err.message})\n`)
      process.exit(2)
    }
    throw err
  }
}
