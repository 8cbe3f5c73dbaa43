/**
 * A JSON array of user ids stored in a text column (the editors of a working copy): read
 * tolerantly (anything else is an empty list), and extended by one id, kept in order of first edit.
 */
export function parseIdList(json: string | null | undefined): string[] {
  try {
    const v: unknown = JSON.parse(json ?? '[]')
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** The list as JSON with `id` added once. */
export function withId(json: string | null | undefined, id: string): string {
  const ids = parseIdList(json)
  return JSON.stringify(ids.includes(id) ? ids : [...ids, id])
}
