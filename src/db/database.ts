import type SqliteDatabase from 'better-sqlite3'
import { Kysely, type Transaction } from 'kysely'
import type pg from 'pg'
import type { DbConfig } from '../config.js'
import type {
  AttachmentTable,
  ItemBodyTable,
  ItemReviewTable,
  ItemRevisionTable,
  ItemTable,
  OrganTextTable,
} from '../modules/catalogue/catalogue.table.js'
import type { AuditLogTable } from '../modules/audit/audit.table.js'
import type {
  InfoRequestTable,
  RequestAppealTable,
  RequestConsultationTable,
  RequestEventTable,
  RequestLetterTable,
} from '../modules/requests/cases/request.table.js'
import type { CalendarDayTable } from '../modules/calendar/calendar.table.js'
import type { LoginThrottleTable } from '../modules/auth/login-throttle.table.js'
import type { OutboxMessageTable } from '../modules/notifications/outbox.table.js'
import type { OrganTable } from '../modules/organs/organ.table.js'
import type { CounterTable, SettingTable } from '../modules/settings/setting.table.js'
import type { AppUserTable, RoleGrantTable, SessionTable } from '../modules/users/user.table.js'
import { postgresChangeStamp, sqliteChangeStamp, type ChangeStamp } from './change-stamp.js'
import { createKyselyDialect, type DialectName } from './dialect.js'

/** The whole schema: a composition of each module's `*.table.ts`. */
export interface Database {
  organ: OrganTable
  app_user: AppUserTable
  role_grant: RoleGrantTable
  session: SessionTable
  login_throttle: LoginThrottleTable
  audit_log: AuditLogTable
  setting: SettingTable
  counter: CounterTable
  item: ItemTable
  item_body: ItemBodyTable
  item_revision: ItemRevisionTable
  item_review: ItemReviewTable
  attachment: AttachmentTable
  organ_text: OrganTextTable
  calendar_day: CalendarDayTable
  info_request: InfoRequestTable
  request_event: RequestEventTable
  request_consultation: RequestConsultationTable
  request_letter: RequestLetterTable
  request_appeal: RequestAppealTable
  outbox_message: OutboxMessageTable
}

export type Kdb = Kysely<Database>
export type Trx = Transaction<Database>

/** An open database: the Kysely instance plus what a few engine-specific adapters need. */
export interface Db {
  kysely: Kdb
  dialect: DialectName
  /** The raw better-sqlite3 handle (backup, bulk indexing); only on SQLite. */
  sqlite: SqliteDatabase.Database | undefined
  /** The pg pool; only on PostgreSQL. */
  pool: pg.Pool | undefined
  /** The token public caches are kept under (see change-stamp.ts); null: do not cache. */
  changeStamp: ChangeStamp
  close(): Promise<void>
}

/** Opens the configured database. Dialect choice happens here, once. */
export function createDb(config: DbConfig): Db {
  const { dialect, sqlite, pool } = createKyselyDialect(config)
  const kysely = new Kysely<Database>({ dialect })
  return {
    kysely,
    dialect: config.kind,
    sqlite,
    pool,
    changeStamp: sqlite
      ? sqliteChangeStamp(sqlite)
      : pool
        ? postgresChangeStamp(pool)
        : () => Promise.resolve(null),
    close: () => kysely.destroy(),
  }
}
