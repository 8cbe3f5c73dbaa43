import { fileURLToPath } from 'node:url'

/**
 * A path inside the shared real-world data (holiday calendars, catalogue rows, …) that tests
 * compare against: `GONGKAI_SHARED_DATA` when set, else `shared/data` beside the repository. Tests
 * that need it skip, saying so, when it is absent.
 */
export function sharedDataPath(sub: string): string {
  const root =
    process.env.GONGKAI_SHARED_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url))
  return `${root.replace(/\/$/, '')}/${sub}`
}
