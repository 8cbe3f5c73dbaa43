/** Engine error codes the repositories need to recognise, for both engines. */

/** True for a unique-constraint violation on either engine (a race lost after a pre-check). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}
