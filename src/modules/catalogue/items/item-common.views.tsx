import { chinaMinute } from '../../../shared/china-time.js'
import type { Viewer } from '../../../shared/actor.js'
import type { FieldErrors } from '../../../shared/errors.js'
import type { ItemAttachments } from '../attachments/index.js'
import { type ItemStatus } from '../catalogue.table.js'
import { ITEM_STATUS_LABELS, type Checklist } from './item.js'
import type { ItemDetail } from './item.service.js'
import type { Art26Clock } from './publication-deadline.js'

/**
 * Pieces shared by the console item pages: links, status and Art. 26 clock badges, the item page's props.
 */

export const CONSOLE_CRUMBS: Array<[string, string?]> = [
  ['工作台', '/console'],
  ['政府信息管理', '/console/items'],
]

export function itemConsoleHref(id: string): string {
  return `/console/items/${encodeURIComponent(id)}`
}

export function publicHref(indexNo: string | null, id: string): string {
  return `/items/${encodeURIComponent(indexNo ?? id)}`
}

/** "2026-10-20T02:00:00.000Z" → "2026-10-20 10:00" (China time). */
export const instant = chinaMinute

export function StatusBadge(props: { status: ItemStatus }) {
  return <span class={`badge status-${props.status}`}>{ITEM_STATUS_LABELS[props.status]}</span>
}

/** The Art. 26 clock as a short badge: due date and working days left, or late. */
export function ClockBadge(props: { clock: Art26Clock | null }) {
  const c = props.clock
  if (!c) {
    return <span class="muted">—</span>
  }
  const est = c.estimated ? '（估算）' : ''
  if (c.remaining === null) {
    return c.late ? (
      <span class="badge late" title={`应于 ${c.dueDate} 前公开`}>
        逾期发布{c.lateBy ? ` ${c.lateBy} 个工作日` : ''}
      </span>
    ) : (
      <span class="badge ok">按时发布</span>
    )
  }
  if (c.late) {
    return (
      <span class="badge late">
        已超期（应于 {c.dueDate} 前公开）{est}
      </span>
    )
  }
  return (
    <span class={c.remaining <= 5 ? 'badge warn-badge' : 'badge ok'}>
      {c.dueDate} 前公开，剩 {c.remaining} 个工作日{est}
    </span>
  )
}

/** Which action form failed, with its errors (the page is shown again with 422/409). */
export interface ActionFailure {
  form: 'first' | 'final' | 'withdraw' | 'validity' | 'submit' | 'other'
  message: string
  fields?: FieldErrors | undefined
  /** Checklist answers as the reviewer gave them (kept on a failed review). */
  checklist?: Partial<Checklist> | undefined
  comment?: string | undefined
}

/** What the console item page shows, and the action forms on it. */
export interface ItemPageProps {
  viewer: Viewer
  csrfToken: string
  detail: ItemDetail
  done?: string | undefined
  failure?: ActionFailure | undefined
  /** A separation-of-duties note for a reviewer who may not review this item. */
  dutyNote?: string | null
  /** The item's attachments, and whether this viewer may change them. */
  attachments?: ItemAttachments | undefined
}

/** The version an action form was read at (optimistic concurrency). */
export function VersionField(props: { version: number }) {
  return <input type="hidden" name="version" value={String(props.version)} />
}
