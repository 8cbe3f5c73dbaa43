import type { Kdb } from '../../db/database.js'
import type { Config } from '../../config.js'
import type { AppDeps } from '../../shared/deps.js'
import type { Viewer } from '../../shared/actor.js'
import { DomainError } from '../../shared/errors.js'
import {
  accountKey,
  addressKey,
  delayAfter,
  FAILURE_MEMORY_MS,
  isAlertingFailure,
  secondsUntil,
  waitText,
  type ThrottleRule,
  type ThrottleScope,
} from './login-throttle.js'
import * as repo from './login-throttle.repository.js'
import { searchAudit } from '../audit/index.js'

/** The keys one log-in attempt is counted under. */
export interface AttemptKeys {
  account: string
  address: string | null
}

export function attemptKeys(username: string, ip: string | null): AttemptKeys {
  return { account: accountKey(username), address: addressKey(ip) }
}

function ruleOf(config: Config, scope: ThrottleScope): ThrottleRule {
  return {
    freeFailures:
      scope === 'account' ? config.loginFreeFailuresPerAccount : config.loginFreeFailuresPerAddress,
    maxDelaySeconds: config.loginMaxDelaySeconds,
  }
}

function keyList(keys: AttemptKeys): Array<{ scope: ThrottleScope; key: string }> {
  const out: Array<{ scope: ThrottleScope; key: string }> = [{ scope: 'account', key: keys.account }]
  if (keys.address) {
    out.push({ scope: 'address', key: keys.address })
  }
  return out
}

/**
 * Refuses an attempt while its account or address is in a delay, before any password is
 * checked (so the right password is refused too) and without counting it, with one message for
 * known and unknown names alike.
 * @throws DomainError AUTH_THROTTLED with `retryAfterSeconds`
 */
export async function refuseIfThrottled(db: Kdb, keys: AttemptKeys, now: Date): Promise<void> {
  const rows = await repo.findThrottles(
    db,
    keyList(keys).map((k) => k.key),
  )
  const nowIso = now.toISOString()
  const waits = rows
    .filter((r) => r.blocked_until !== null && r.blocked_until > nowIso)
    .map((r) => secondsUntil(r.blocked_until as string, now))
  if (waits.length > 0) {
    const seconds = Math.max(...waits)
    throw new DomainError('AUTH_THROTTLED', `log-in throttled for ${seconds}s (${keys.account})`, {
      userMessage: `登录失败次数过多，请 ${waitText(seconds)}后再试。`,
      retryAfterSeconds: seconds,
    })
  }
}

/** A key that started being throttled (or reached the longest delay) with this failure. */
export interface ThrottleAlert {
  scope: ThrottleScope
  key: string
  failures: number
  delaySeconds: number
}

/**
 * Counts a failed attempt under its account and address keys (inside the caller's transaction)
 * and sets the delay each has earned.
 * @returns the account's failure count and the keys to alert on
 */
export async function countFailedAttempt(
  trx: Kdb,
  config: Config,
  keys: AttemptKeys,
  now: Date,
): Promise<{ accountFailures: number; alerts: ThrottleAlert[] }> {
  const at = now.toISOString()
  const forgetBefore = new Date(now.getTime() - FAILURE_MEMORY_MS).toISOString()
  await repo.forgetThrottles(trx, forgetBefore)
  let accountFailures = 0
  const alerts: ThrottleAlert[] = []
  for (const { scope, key } of keyList(keys)) {
    const failures = await repo.countFailure(trx, key, at, forgetBefore)
    const rule = ruleOf(config, scope)
    const delay = delayAfter(failures, rule)
    await repo.blockUntil(trx, key, delay > 0 ? new Date(now.getTime() + delay * 1000).toISOString() : null)
    if (scope === 'account') {
      accountFailures = failures
    }
    if (isAlertingFailure(failures, rule)) {
      alerts.push({ scope, key, failures, delaySeconds: delay })
    }
  }
  return { accountFailures, alerts }
}

/** After a successful log-in the account's count starts again (the address keeps its own). */
export function forgetAccountFailures(trx: Kdb, keys: AttemptKeys): Promise<void> {
  return repo.clearThrottle(trx, keys.account)
}

/** What the administrators' dashboard shows about throttled log-ins (等保 2.0: 告警). */
export interface LoginAlerts {
  /** Start of the period looked at (ISO). */
  since: string
  /** `auth.login_throttled` entries in the period. */
  total: number
  /** The most recent ones: which account or address, after how many failures, when. */
  recent: Array<{ scope: ThrottleScope; name: string; failures: number; at: string }>
}

const ALERT_PERIOD_MS = 24 * 60 * 60 * 1000

/**
 * The `auth.login_throttled` audit entries of the last 24 hours, for administrators (a viewer
 * holding the admin role); null for everybody else and when there is nothing to report.
 */
export async function loginAlerts(deps: AppDeps, viewer: Viewer): Promise<LoginAlerts | null> {
  if (!viewer.grants.some((g) => g.role === 'admin')) {
    return null
  }
  const since = new Date(deps.clock.now().getTime() - ALERT_PERIOD_MS).toISOString()
  const { rows, total } = await searchAudit(
    deps.db.kysely,
    { action: 'auth.login_throttled', from: since, noOrganOnly: true },
    5,
    0,
  )
  if (total === 0) {
    return null
  }
  const recent = rows.map((r) => {
    const s = JSON.parse(r.summary) as {
      scope?: string
      account?: string
      address?: string
      failures?: number
    }
    const scope: ThrottleScope = s.scope === 'address' ? 'address' : 'account'
    return {
      scope,
      name: String((scope === 'address' ? s.address : s.account) ?? ''),
      failures: Number(s.failures ?? 0),
      at: r.at,
    }
  })
  return { since, total, recent }
}
