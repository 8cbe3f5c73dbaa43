import ipaddr from 'ipaddr.js'

/**
 * Log-in throttling rules (等保 2.0 level 2, 身份鉴别: 应具有登录失败处理功能，限制非法登录次数).
 * Instead of a lock that any anonymous client could trigger on any account, failures are counted
 * per client address and per account name; after the free failures each further failure makes the
 * next attempt wait 1 s, 2 s, 4 s … up to a cap. The address count lets one address make fewer
 * free failures than the account count, so an attacker at one address is slowed down long before
 * the account itself is (its owner elsewhere can still sign in).
 */

export interface ThrottleRule {
  /** Failures allowed before delays start. */
  freeFailures: number
  /** Longest delay, in seconds. */
  maxDelaySeconds: number
}

export type ThrottleScope = 'account' | 'address'

/** A count is forgotten this long after its last failure. */
export const FAILURE_MEMORY_MS = 60 * 60 * 1000

/** The delay (seconds) the failure number `failures` imposes on the next attempt; 0 while free. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.freeFailures) {
    return 0
  }
  const exponent = failures - rule.freeFailures
  return exponent >= 30 ? rule.maxDelaySeconds : Math.min(rule.maxDelaySeconds, 2 ** exponent)
}

/**
 * True when this failure should be recorded as `auth.login_throttled` and shown to administrators:
 * when the key starts being throttled, and when its delay first reaches the cap.
 */
export function isAlertingFailure(failures: number, rule: ThrottleRule): boolean {
  if (failures === rule.freeFailures) {
    return true
  }
  const prev = delayAfter(failures - 1, rule)
  return prev > 0 && prev < rule.maxDelaySeconds && delayAfter(failures, rule) === rule.maxDelaySeconds
}

/** The account key: user names compare without case and surrounding space (known or not). */
export function accountKey(username: string): string {
  return `account:${username.trim().toLowerCase().slice(0, 64)}`
}

/**
 * The address key: an IPv4 address (IPv4-mapped IPv6 addresses unwrapped), or the /64 prefix of
 * an IPv6 address (one subscriber usually holds a whole /64). Null when there is no address.
 */
export function addressKey(ip: string | null | undefined): string | null {
  if (!ip) {
    return null
  }
  if (!ipaddr.isValid(ip)) {
    return `address:${ip.slice(0, 64)}`
  }
  const addr = ipaddr.process(ip)
  if (addr.kind() === 'ipv4') {
    return `address:${addr.toString()}`
  }
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4)
  const prefix = ipaddr.IPv6.parse(`${parts.map((p) => p.toString(16)).join(':')}::`)
  return `address:${prefix.toString()}/64`
}

/** Whole seconds left until `until`, at least 1. */
export function secondsUntil(until: string, now: Date): number {
  return Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000))
}

/** The Chinese wait shown on the log-in page. */
export function waitText(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`
}
