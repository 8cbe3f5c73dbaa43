import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { createDb } from './db/database.js'
import { migrateToLatest } from './db/migrator.js'
import { createSearchIndex } from './modules/catalogue/search/index.js'
import { openAuditTrail } from './modules/audit/index.js'
import { createCalendarProvider } from './modules/calendar/index.js'
import { packagedCalendarData } from './shared/calendar/packaged.js'
import { systemClock } from './shared/clock.js'

/** Starts the web process: config → database (migrated) → app → listen. */
export async function serve(options: { port?: number } = {}): Promise<void> {
  const config = loadConfig()
  const db = createDb(config.db)
  await migrateToLatest(db)
  const audit = await openAuditTrail(config, db.kysely, systemClock, { timer: true })
  const app = await buildApp({
    config,
    db,
    clock: systemClock,
    search: createSearchIndex(db.dialect),
    calendar: createCalendarProvider(db.kysely, packagedCalendarData()),
  })
  const close = async () => {
    await app.close()
    await audit.close()
    await db.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void close())
  process.once('SIGTERM', () => void close())
  await app.listen({ port: options.port ?? config.port, host: config.host })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await serve()
}
