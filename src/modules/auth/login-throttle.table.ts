import type { Selectable } from 'kysely'

/** Failed log-ins per key (`account:<name>` or `address:<ip>`), shared by every process. */
export interface LoginThrottleTable {
  key: string
  failures: number
  /** Attempts under this key are refused until then (ISO time); null while free. */
  blocked_until: string | null
  last_failure_at: string
}

export type LoginThrottleRow = Selectable<LoginThrottleTable>
