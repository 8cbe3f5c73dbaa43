import { sql } from 'kysely'
import type { Kdb } from '../../db/database.js'
import type { LoginThrottleRow } from './login-throttle.table.js'

export function findThrottles(db: Kdb, keys: string[]): Promise<LoginThrottleRow[]> {
  if (keys.length === 0) {
    return Promise.resolve([])
  }
  return db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute()
}

/**
 * Counts one failure under `key` in one statement (concurrent processes never lose a count); a
 * count whose last failure is older than `forgetBefore` starts again at 1.
 * @returns the failures now counted
 */
export async function countFailure(db: Kdb, key: string, at: string, forgetBefore: string): Promise<number> {
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, blocked_until: null, last_failure_at: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`CASE WHEN login_throttle.last_failure_at < ${forgetBefore} THEN 1 ELSE login_throttle.failures + 1 END`,
        last_failure_at: at,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow()
  return Number(row.failures)
}

export async function blockUntil(db: Kdb, key: string, until: string | null): Promise<void> {
  await db.updateTable('login_throttle').set({ blocked_until: until }).where('key', '=', key).execute()
}

export async function clearThrottle(db: Kdb, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute()
}

/** Drops counts nobody has added to since `before` (keeps the table small under a name spray). */
export async function forgetThrottles(db: Kdb, before: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('last_failure_at', '<', before).execute()
}
