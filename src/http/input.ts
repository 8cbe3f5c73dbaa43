import type { FastifyInstance, FastifyRequest } from 'fastify'
import { DomainError } from '../shared/errors.js'

/**
 * One guard against control characters in all input (issue 8 §3.6): a NUL byte made PostgreSQL
 * fail with a 500 and SQLite store it in a title. Every request's path parameters, query and
 * parsed body (form fields, JSON strings and keys at any depth) are checked before validation;
 * multipart fields are read by their route, which calls `assertCleanText`. Cookies are not
 * checked (their values are only compared). Text bodies may hold tab, CR and LF; names, paths
 * and queries may not.
 */

// C0 controls and DEL, except tab, LF, CR (matching control characters is the point here).
// eslint-disable-next-line no-control-regex
const BODY_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
// Every C0 control and DEL.
// eslint-disable-next-line no-control-regex
const LINE_FORBIDDEN = /[\u0000-\u001F\u007F]/

function refuse(where: string): never {
  throw new DomainError('INPUT_CONTROL_CHARACTER', `control character in ${where}`)
}

/**
 * Refuses a string (or, at any depth, the strings and keys of an object or array) that holds a
 * control character; `text: true` allows tab, CR and LF in the string values.
 * @throws DomainError INPUT_CONTROL_CHARACTER (400)
 */
export function assertCleanText(value: unknown, where: string, opts: { text?: boolean } = {}): void {
  const valueRe = opts.text ? BODY_FORBIDDEN : LINE_FORBIDDEN
  // Iterative walk: a deeply nested JSON body cannot overflow the stack.
  const stack: unknown[] = [value]
  let seen = 0
  while (stack.length > 0) {
    const v = stack.pop()
    if (++seen > 1_000_000) {
      throw new DomainError('REQUEST_INVALID', `too many values in ${where}`)
    }
    if (typeof v === 'string') {
      if (valueRe.test(v)) {
        refuse(where)
      }
    } else if (Array.isArray(v)) {
      stack.push(...(v as unknown[]))
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, inner] of Object.entries(v)) {
        if (LINE_FORBIDDEN.test(k)) {
          refuse(where)
        }
        stack.push(inner)
      }
    }
  }
}

function checkRequest(request: FastifyRequest): void {
  assertCleanText(request.params, 'path')
  assertCleanText(request.query, 'query')
  const body = request.body
  if (body !== undefined && body !== null && (typeof body === 'object' || typeof body === 'string')) {
    assertCleanText(body, 'body', { text: true })
  }
}

/** Registers the guard on every route (preValidation: after parsing, before any handler). */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    checkRequest(request)
  })
}
