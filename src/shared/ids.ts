import { randomBytes, randomUUID } from 'node:crypto'

/** A new random identifier for a row (UUID v4 as text, identical on both databases). */
export function newId(): string {
  return randomUUID()
}

/** An opaque random token (sessions, CSRF), URL-safe. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
