import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import pretty from 'pino-pretty'

/** Query parameters whose values never reach a log line (CSRF tokens, passwords, keys, sessions). */
const SECRET_PARAM = /csrf|token|passw|secret|key|session|auth/i

/** A URL fit for a log line: the values of secret-looking query parameters are replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) {
    return url
  }
  const params = new URLSearchParams(url.slice(q + 1))
  const secret = [...new Set(params.keys())].filter((k) => SECRET_PARAM.test(k))
  if (secret.length === 0) {
    return url
  }
  for (const k of secret) {
    params.set(k, '[redacted]')
  }
  return `${url.slice(0, q)}?${params.toString()}`
}

interface RequestFields {
  method: string
  url: string
  remoteAddress: string | undefined
}

/**
 * One line per request, written when it completes: `GET /catalogue 200 3.1 ms`, with the request
 * id, method, redacted URL, client address, status and time as fields (JSON in production). No
 * "incoming request" line, no headers, no bodies, no cookies.
 */
class OneLineLogController extends LogController {
  /** The client address, read on arrival: once the client has closed, the socket has none. */
  private readonly addresses = new WeakMap<FastifyRequest, string>()

  override incomingRequest(request: FastifyRequest): void {
    this.addresses.set(request, request.ip)
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const ms = Math.round(reply.elapsedTime * 10) / 10
    const url = redactUrl(request.originalUrl)
    const req: RequestFields = {
      method: request.method,
      url,
      remoteAddress: this.addresses.get(request) ?? request.ip,
    }
    const fields = {
      req,
      res: { statusCode: reply.statusCode },
      responseTime: ms,
    }
    const line = `${request.method} ${url} ${reply.statusCode} ${ms} ms`
    if (error) {
      reply.log.error({ ...fields, err: error }, line)
    } else {
      reply.log.info(fields, line)
    }
  }
}

/** Request fields that would carry credentials if anything logged them whole. */
const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.body',
  'req.query',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'body',
]

export interface LogSettings {
  level: string
  /** Readable lines (pino-pretty) instead of JSON: development. */
  pretty: boolean
  /** Where lines go (tests); standard output by default. */
  stream?: NodeJS.WritableStream
}

/** The Fastify logger options of the web process: pino with redaction and one line per request. */
export function loggerOptions(settings: LogSettings): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  const stream =
    settings.stream ??
    (settings.pretty
      ? pretty({
          colorize: process.stdout.isTTY,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname,reqId,req,res,responseTime',
        })
      : undefined)
  return {
    logger: {
      level: settings.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // A Fastify request (Fastify's own lines) or the fields of the one line per request.
        req: (req: FastifyRequest | RequestFields) => ({
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: 'remoteAddress' in req ? req.remoteAddress : req.ip,
        }),
      },
      // Fastify logs one "Server listening at …" line per interface; the CLI prints one banner instead.
      hooks: {
        logMethod(args, method) {
          if (typeof args[0] === 'string' && args[0].startsWith('Server listening at ')) {
            return
          }
          method.apply(this, args)
        },
      },
      ...(stream ? { stream } : {}),
    },
    logController: new OneLineLogController(),
  }
}
