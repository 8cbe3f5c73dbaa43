import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ZodError } from 'zod'
import {
  DomainError,
  ERROR_CATALOGUE,
  isDomainError,
  type ErrorCode,
  type FieldErrors,
} from '../shared/errors.js'
import { sendPage, wantsJson } from './html.js'
import { Layout } from './layout.js'

/** The JSON error body every API caller gets. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors; requestId?: string }
}

function ErrorPage(props: {
  status: number
  message: string
  fields?: FieldErrors | undefined
  requestId: string
  request: FastifyRequest
}) {
  const fields = Object.entries(props.fields ?? {})
  return (
    <Layout
      title={`出错了（${props.status}）`}
      viewer={props.request.viewer}
      csrfToken={props.request.csrfToken}
    >
      <h1>出错了</h1>
      <p role="alert">{props.message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([name, messages]) => (
            <li key={name}>
              <code>{name}</code>：{messages.join('；')}
            </li>
          ))}
        </ul>
      )}
      <p class="muted">
        错误代码 {props.status} · 请求编号 <code>{props.requestId}</code>（联系管理员时请提供）
      </p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </Layout>
  )
}

const TYPE_LABELS: Record<string, string> = {
  string: '文本',
  number: '数字',
  boolean: '是或否',
  object: '一组字段',
  array: '列表',
}

/** A Chinese message for a zod issue; messages a schema wrote in Chinese are kept. */
function issueMessage(issue: ZodError['issues'][number]): string {
  if (/[\u4e00-\u9fff]/.test(issue.message)) {
    return issue.message
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'string' && / array$/.test(issue.message)) {
        return '该项只能填写一次'
      }
      return `格式不正确，应为${TYPE_LABELS[issue.expected] ?? issue.expected}`
    case 'too_small':
      return issue.origin === 'string' ? '内容太短或未填写' : '数值或数量太小'
    case 'too_big':
      return issue.origin === 'string' ? '内容太长' : '数值或数量太大'
    case 'invalid_value':
      return '不是可选的值'
    case 'unrecognized_keys':
      return '含有不认识的字段'
    case 'custom':
    case 'invalid_element':
    case 'invalid_format':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
      return '格式不正确'
  }
}

/** Every zod issue as Chinese field messages (REQUEST_INVALID, 422): a validation failure is never a 500. */
export function zodValidationError(err: ZodError): DomainError {
  const fields: FieldErrors = {}
  for (const issue of err.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_'
    ;(fields[key] ??= []).push(issueMessage(issue))
  }
  return new DomainError('REQUEST_INVALID', `invalid input: ${Object.keys(fields).join(', ')}`, { fields })
}

/** Maps a framework error (bad JSON, too large, rate limit) to a catalogue code. */
function frameworkCode(err: FastifyError): ErrorCode | null {
  const status = err.statusCode ?? 500
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE' || status === 413) {
    return 'PAYLOAD_TOO_LARGE'
  }
  if (status === 429) {
    return 'RATE_LIMITED'
  }
  if (status === 404) {
    return 'NOT_FOUND'
  }
  if (status >= 400 && status < 500) {
    return 'REQUEST_INVALID'
  }
  return null
}

/** Sends an error as a page or JSON, chosen from the request. */
export function sendError(request: FastifyRequest, reply: FastifyReply, err: DomainError): FastifyReply {
  const status = err.status
  if (err.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(err.retryAfterSeconds))
  }
  if (wantsJson(request.headers.accept, request.url)) {
    const body: ErrorBody = { error: { code: err.code, message: err.userMessage, requestId: request.id } }
    if (err.fields) {
      body.error.fields = err.fields
    }
    return reply.status(status).type('application/json; charset=utf-8').send(body)
  }
  if (err.code === 'UNAUTHENTICATED' && request.method === 'GET') {
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303)
  }
  if (err.code === 'AUTH_PASSWORD_CHANGE_REQUIRED' && request.method === 'GET') {
    return reply.redirect('/account/password', 303)
  }
  return sendPage(
    reply,
    <ErrorPage
      status={status}
      message={err.userMessage}
      fields={err.fields}
      requestId={request.id}
      request={request}
    />,
    status,
  )
}

/** Where a request with malformed percent-encoding in its path is routed (see `rewriteBadUrl`). */
const BAD_URL_PATH = '/__bad-url'

/**
 * Fastify's `rewriteUrl`: a path whose percent-encoding does not decode (`/items/%E4%B8`, `/%`)
 * goes to a route that answers with the site's 400 page (JSON with URL_INVALID under /api), so
 * it passes through the usual headers, session and request log; `request.originalUrl` keeps it.
 */
export function rewriteBadUrl(url: string): string {
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  if (!path.includes('%')) {
    return url
  }
  try {
    decodeURIComponent(path)
    return url
  } catch {
    return path.startsWith('/api/') ? `/api${BAD_URL_PATH}` : BAD_URL_PATH
  }
}

/** Framework errors before routing that `rewriteBadUrl` does not catch (an over-long parameter). */
export function sendBadUrl(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendError(request, reply, new DomainError('URL_INVALID', err.message))
  }
  request.log.error({ err }, 'framework error')
  return sendError(request, reply, new DomainError('INTERNAL', err.message))
}

/** The single exit point for errors: known codes keep their status, everything else is a generic 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((rawErr: FastifyError, request, reply) => {
    if (isDomainError(rawErr)) {
      if (rawErr.status >= 500) {
        request.log.error({ err: rawErr }, 'domain error')
      }
      return sendError(request, reply, rawErr)
    }
    if (rawErr instanceof ZodError) {
      return sendError(request, reply, zodValidationError(rawErr))
    }
    const code = frameworkCode(rawErr)
    if (code) {
      const detail = code === 'REQUEST_INVALID' ? rawErr.message : undefined
      return sendError(request, reply, new DomainError(code, detail))
    }
    request.log.error({ err: rawErr }, 'unhandled error')
    return sendError(
      request,
      reply,
      new DomainError('INTERNAL', 'internal error', { userMessage: ERROR_CATALOGUE.INTERNAL.message }),
    )
  })
  app.all(BAD_URL_PATH, async (request) => {
    throw new DomainError('URL_INVALID', `malformed percent-encoding in ${request.originalUrl}`)
  })
  app.all(`/api${BAD_URL_PATH}`, async (request) => {
    throw new DomainError('URL_INVALID', `malformed percent-encoding in ${request.originalUrl}`)
  })
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new DomainError('NOT_FOUND', `no route ${request.method} ${request.url}`)),
  )
}
