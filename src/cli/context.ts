import { loadConfig, type Config } from '../config.js'
import { createDb, type Db } from '../db/database.js'
import { migrateToLatest } from '../db/migrator.js'
import type { AppDeps } from '../shared/deps.js'
import { createSearchIndex } from '../modules/catalogue/search/index.js'
import { openAuditTrail } from '../modules/audit/index.js'
import { createCalendarProvider } from '../modules/calendar/index.js'
import { packagedCalendarData } from '../shared/calendar/packaged.js'
import { systemClock } from '../shared/clock.js'
import { loadFieldCipher } from '../modules/privacy/index.js'

/** The CLI's actor in the audit trail. */
export const CLI_ACTOR = { actorId: null, actorName: 'cli' } as const

/** Opens the configured database (migrated to latest), runs `fn`, and always closes it. */
export async function withDeps<T>(
  fn: (deps: AppDeps) => Promise<T>,
  config: Config = loadConfig(),
): Promise<T> {
  const db: Db = createDb(config.db)
  let audit: { close(): Promise<void> } | undefined
  try {
    await migrateToLatest(db)
    audit = await openAuditTrail(config, db.kysely, systemClock, { timer: false })
    return await fn({
      config,
      db,
      clock: systemClock,
      search: createSearchIndex(db.dialect),
      calendar: createCalendarProvider(db.kysely, packagedCalendarData()),
      personalData: loadFieldCipher(config.personalData),
    })
  } finally {
    await audit?.close()
    await db.close()
  }
}

/** Prints a line to stdout (the CLI's only output channel besides errors). */
export function say(line: string): void {
  process.stdout.write(`${line}\n`)
}
