import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import type { CalendarProvider } from './calendar/provider.js'
import type { Clock } from './clock.js'
import type { PersonalDataCipher } from './personal-data.js'
import type { SearchIndex } from './search-index.js'

/**
 * What services and request handlers may use; built once at a composition root (`app.ts` for the
 * web process, `cli/context.ts` for a command, `test/http.ts` for tests) and passed down.
 */
export interface AppDeps {
  config: Config
  db: Db
  clock: Clock
  /** Full-text search engine matching `db.dialect`. */
  search: SearchIndex
  /** The working-day calendar (packaged notices + administrator entries); tests may give any. */
  calendar: CalendarProvider
  /** Encryption at rest of personal data (ID numbers, contact details) and its blind index. */
  personalData: PersonalDataCipher
}
