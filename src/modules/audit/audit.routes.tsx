import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { requireViewer } from '../../http/guards.js'
import { sendPage } from '../../http/html.js'
import type { AppDeps } from '../../shared/deps.js'
import type { FieldErrors } from '../../shared/errors.js'
import {
  browseAudit,
  loadAuditReadScope,
  type AuditBrowseResult,
  type AuditQuery,
  type AuditReadScope,
} from './audit-browser.service.js'
import { AuditPage, type AuditFormValues } from './audit.views.js'

import { isIsoDate } from '../../shared/dates.js'

/** A calendar date in Beijing time (UTC+8, no daylight saving) → the UTC instant its day starts. */
function shanghaiDayStart(date: string, plusDays = 0): string | null {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const t = Date.UTC(y, m - 1, d + plusDays) - 8 * 3600_000
  const back = new Date(Date.UTC(y, m - 1, d))
  if (Number.isNaN(t) || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    return null
  }
  return new Date(t).toISOString()
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `不能超过 ${max} 个字符` })
    .optional()
    .transform((s) => (s === '' ? undefined : s))
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((s) => (s === '' ? undefined : s))
  .refine((s) => s === undefined || (isIsoDate(s) && shanghaiDayStart(s) !== null), {
    message: '请按“年-月-日”填写有效日期，如 2026-01-31',
  })

const querySchema = z
  .object({
    organ: z
      .string()
      .trim()
      .optional()
      .transform((s) => (s === '' ? undefined : s))
      .refine((s) => s === undefined || s === 'none' || /^[\w-]{1,64}$/.test(s), { message: '机关无效' }),
    actor: optionalText(64),
    action: optionalText(64).refine((s) => s === undefined || /^[a-z0-9_.]+$/.test(s), {
      message: '操作类型只能包含小写字母、数字、下划线和点，如 auth.',
    }),
    target: optionalText(64),
    from: optionalDate,
    to: optionalDate,
    page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
    verify: z.string().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '截止日期不能早于起始日期', path: ['to'] })

function rawValues(query: unknown): AuditFormValues {
  const q = (query ?? {}) as Record<string, unknown>
  const pick = (k: string) => (typeof q[k] === 'string' ? q[k] : undefined)
  return {
    organ: pick('organ'),
    actor: pick('actor'),
    action: pick('action'),
    target: pick('target'),
    from: pick('from'),
    to: pick('to'),
  }
}

/** The console's audit browser: admins and supervisors, each over their own organs (read-only). */
export function auditRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/console/audit', async (request, reply) => {
      const viewer = requireViewer(request)
      const values = rawValues(request.query)
      const page = (shown: { scope: AuditReadScope; result?: AuditBrowseResult; errors?: FieldErrors }) =>
        sendPage(
          reply,
          <AuditPage viewer={viewer} csrfToken={request.csrfToken} values={values} {...shown} />,
          shown.errors ? 422 : 200,
        )
      const parsed = querySchema.safeParse(request.query ?? {})
      if (!parsed.success) {
        const scope = await loadAuditReadScope(deps.db.kysely, viewer)
        const errors: FieldErrors = {}
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? 'organ')
          ;(errors[key] ??= []).push(issue.message)
        }
        return page({ scope, errors })
      }
      const q = parsed.data
      const query: AuditQuery = {
        organ: q.organ,
        actor: q.actor,
        action: q.action,
        targetId: q.target,
        fromAt: q.from ? (shanghaiDayStart(q.from) ?? undefined) : undefined,
        toAt: q.to ? (shanghaiDayStart(q.to, 1) ?? undefined) : undefined,
        page: q.page,
        verify: q.verify === '1',
      }
      const result = await browseAudit(deps.db.kysely, viewer, query, deps.config.audit)
      return page({ scope: result.scope, result })
    })
  }
}
