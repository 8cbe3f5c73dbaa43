/** The source of "now"; injected so that tests can fix the time. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that always answers the given instant (tests, demo data). */
export function fixedClock(at: string | Date): Clock {
  const d = typeof at === 'string' ? new Date(at) : at
  return { now: () => new Date(d.getTime()) }
}
