import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DomainError, isDomainError } from '../shared/errors.js'
import { wantsJson } from './html.js'

/** Form helpers shared by every module's routes. */

export type FormValues = Record<string, string | undefined>

/** The string fields of a form body (everything else is dropped). */
export function formStrings(body: unknown, keys: readonly string[]): FormValues {
  const b = (body ?? {}) as Record<string, unknown>
  const out: FormValues = {}
  for (const k of keys) {
    const v = b[k]
    out[k] = typeof v === 'string' ? v : undefined
  }
  return out
}

/**
 * True when a failed form should be shown again with field messages (422): a domain error that
 * names fields, for a browser (JSON callers get the standard error body instead).
 */
export function isFormError(err: unknown, request: FastifyRequest): err is DomainError {
  return isDomainError(err) && err.fields !== undefined && !wantsJson(request.headers.accept, request.url)
}

/** Route ids are row ids (UUID text); anything else is simply not found. */
export const idParam = z.object({ id: z.string().regex(/^[\w-]{1,64}$/) })

export function parseId(params: unknown): string {
  const parsed = idParam.safeParse(params)
  if (!parsed.success) {
    throw new DomainError('NOT_FOUND', 'malformed id')
  }
  return parsed.data.id
}
