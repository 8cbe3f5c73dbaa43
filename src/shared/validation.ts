import type { z } from 'zod'
import { ValidationError, type FieldErrors } from './errors.js'

/** Collects every zod issue (not just the first) into field → messages. */
export function zodToFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_'
    ;(fields[key] ??= []).push(issue.message)
  }
  return fields
}

/** Parses input with a schema or throws a ValidationError listing every wrong field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) {
    throw new ValidationError(zodToFieldErrors(result.error))
  }
  return result.data
}
