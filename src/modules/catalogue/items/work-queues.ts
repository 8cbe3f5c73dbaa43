import type { Role } from '../../users/user.table.js'
import { DRAFTING_ROLES } from './item-transitions.js'

/**
 * What waits for one staff member (the dashboard's 待办 counts and the lists they link to), pure.
 * A review queue holds only items the person may take: separation of duties keeps out what they
 * wrote, submitted or (for the final stage) reviewed first (see item-transitions.ts).
 */
export const WORK_QUEUES = ['first', 'final', 'returned', 'drafts'] as const
export type WorkQueue = (typeof WORK_QUEUES)[number]

export const WORK_QUEUE_LABELS: Record<WorkQueue, string> = {
  first: '待我初审',
  final: '待我终审',
  returned: '被退回',
  drafts: '草稿',
}

/** The roles (on the item's organ) a queue is for. */
export const WORK_QUEUE_ROLES: Record<WorkQueue, readonly Role[]> = {
  first: ['officer'],
  final: ['leader'],
  returned: DRAFTING_ROLES,
  drafts: DRAFTING_ROLES,
}

export function isWorkQueue(s: string): s is WorkQueue {
  return (WORK_QUEUES as readonly string[]).includes(s)
}

/** The console list of a queue. */
export function workQueueHref(queue: WorkQueue): string {
  return `/console/items?queue=${queue}`
}
