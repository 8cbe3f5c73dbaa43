import { parseIdList, withId } from '../../shared/id-list.js'
import type { Kdb, Trx } from '../../db/database.js'
import type { AppDeps } from '../../shared/deps.js'
import type { Viewer } from '../../shared/actor.js'
import { DomainError, ValidationError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { isUniqueViolation } from '../../db/errors.js'
import { recordAudit } from '../audit/index.js'
import { getOrganByCode, organAncestorIds, type Organ } from '../organs/index.js'
import { grantCovers } from '../access/index.js'
import type { Role } from '../users/user.table.js'
import type { OrganTextRow } from '../catalogue/catalogue.table.js'
import { organTextFormSchema, type OrganTextKind } from './guide.js'
import {
  allowedTextActions,
  TEXT_NEXT,
  TEXT_STAGES,
  TEXT_VIEW_ROLES,
  textRefusal,
  type TextAction,
  type TextStage,
  type TextSubject,
} from './text-review.js'
import * as repo from './guide.repository.js'

/** An organ's column text as its editors and reviewers see it: published text and working copy. */
export interface OrganTextForEdit {
  organ: Organ
  kind: OrganTextKind
  /** The published text ('' when none). */
  body: string
  /** 0 when the row was never written. */
  version: number
  /** When the published text was published (null: never). */
  updatedAt: string | null
  pending: {
    body: string
    stage: TextStage
    returnReason: string | null
    updatedAt: string | null
  } | null
  /** What this viewer may do now. */
  actions: TextAction[]
}

function editorsOf(row: OrganTextRow | undefined): string[] {
  return parseIdList(row?.pending_editors)
}

function stageOf(row: OrganTextRow | undefined): TextStage | null {
  const s = row?.pending_stage
  return (TEXT_STAGES as readonly (string | null | undefined)[]).includes(s) ? (s as TextStage) : null
}

function subjectOf(row: OrganTextRow | undefined): TextSubject {
  return {
    stage: stageOf(row),
    editorIds: editorsOf(row),
    submittedBy: row?.pending_submitted_by ?? null,
    firstReviewerId: row?.pending_first_reviewer_id ?? null,
  }
}

async function rolesOn(db: Kdb, viewer: Viewer, organ: Organ): Promise<Set<Role>> {
  const ancestors = await organAncestorIds(db, organ.id)
  return new Set(viewer.grants.filter((g) => grantCovers(g, organ.id, ancestors)).map((g) => g.role))
}

function present(
  organ: Organ,
  kind: OrganTextKind,
  row: OrganTextRow | undefined,
  actions: TextAction[],
): OrganTextForEdit {
  const stage = stageOf(row)
  return {
    organ,
    kind,
    body: row?.body ?? '',
    version: row?.version ?? 0,
    updatedAt: row && row.body !== '' ? row.updated_at : null,
    pending:
      stage && row
        ? {
            body: row.pending_body ?? '',
            stage,
            returnReason: row.pending_return_reason ?? null,
            updatedAt: row.pending_updated_at ?? null,
          }
        : null,
    actions,
  }
}

/**
 * The text, its working copy and what the viewer may do, for the console page.
 * @throws ORGAN_NOT_FOUND, FORBIDDEN (no editing or reviewing role on the organ)
 */
export async function loadOrganTextForEdit(
  db: Kdb,
  viewer: Viewer,
  code: string,
  kind: OrganTextKind,
): Promise<OrganTextForEdit> {
  const organ = await getOrganByCode(db, code)
  const roles = await rolesOn(db, viewer, organ)
  if (!TEXT_VIEW_ROLES.some((r) => roles.has(r))) {
    throw new DomainError('FORBIDDEN', `${viewer.username} may not edit texts of organ ${organ.code}`)
  }
  const row = await repo.findOrganText(db, organ.id, kind)
  return present(organ, kind, row, allowedTextActions(subjectOf(row), { userId: viewer.userId, roles }))
}

function excerpt(s: string | null | undefined): string | null {
  return s === null || s === undefined ? null : s.length > 500 ? `${s.slice(0, 500)}…` : s
}

const AUDIT_ACTION: Record<TextAction, string> = {
  save: 'organ_text.updated',
  submit: 'organ_text.submitted',
  approve_first: 'organ_text.approved_first',
  return_first: 'organ_text.returned',
  approve_final: 'organ_text.published',
  return_final: 'organ_text.returned',
}

/** The row after the action (pure over the current row). */
function nextRow(
  row: OrganTextRow | undefined,
  action: TextAction,
  viewer: Viewer,
  now: string,
  input: { body?: string; comment?: string },
): Partial<OrganTextRow> {
  const stage = TEXT_NEXT[action]
  switch (action) {
    case 'save': {
      return {
        pending_body: input.body ?? '',
        pending_stage: stage,
        pending_editors: withId(row?.pending_editors, viewer.userId),
        pending_updated_at: now,
      }
    }
    case 'submit':
      return { pending_stage: stage, pending_submitted_by: viewer.userId, pending_return_reason: null }
    case 'approve_first':
      return { pending_stage: stage, pending_first_reviewer_id: viewer.userId }
    case 'return_first':
    case 'return_final':
      return {
        pending_stage: stage,
        pending_return_reason: input.comment ?? '',
        pending_submitted_by: null,
        pending_first_reviewer_id: null,
      }
    case 'approve_final':
      return {
        body: row?.pending_body ?? '',
        updated_by: viewer.userId,
        updated_at: now,
        pending_body: null,
        pending_stage: null,
        pending_editors: '[]',
        pending_submitted_by: null,
        pending_first_reviewer_id: null,
        pending_return_reason: null,
        pending_updated_at: null,
      }
  }
}

/**
 * Saves the working copy (`save`) or moves it through the review; publication replaces the public
 * text. Refuses a stale `version` (CONFLICT); the change and its audit entry commit together.
 * @throws ValidationError, ORGAN_NOT_FOUND, FORBIDDEN, CONFLICT, SEPARATION_OF_DUTIES
 */
export async function actOnOrganText(
  deps: AppDeps,
  viewer: Viewer,
  code: string,
  kind: OrganTextKind,
  action: TextAction,
  input: { body?: unknown; version?: unknown; comment?: unknown },
): Promise<OrganTextForEdit> {
  const db = deps.db.kysely
  const form =
    action === 'save'
      ? parseInput(organTextFormSchema, input)
      : {
          body: undefined,
          version: typeof input.version === 'string' ? Number.parseInt(input.version, 10) : Number.NaN,
        }
  if (!Number.isInteger(form.version) || form.version < 0) {
    throw new ValidationError({ version: ['版本号无效'] })
  }
  const comment = typeof input.comment === 'string' ? input.comment.trim().slice(0, 500) : ''
  if ((action === 'return_first' || action === 'return_final') && comment === '') {
    throw new ValidationError({ comment: ['退回须说明理由'] })
  }
  const organ = await getOrganByCode(db, code)
  const roles = await rolesOn(db, viewer, organ)
  const now = deps.clock.now().toISOString()
  await db
    .transaction()
    .execute(async (trx: Trx) => {
      const row = await repo.findOrganText(trx, organ.id, kind)
      const refused = textRefusal(subjectOf(row), { userId: viewer.userId, roles }, action)
      if (refused) {
        throw new DomainError(
          refused.code,
          `${viewer.username} ${action} ${organ.code}/${kind}: ${refused.detail}`,
        )
      }
      const current = row?.version ?? 0
      if (current !== form.version) {
        throw new DomainError(
          'CONFLICT',
          `organ_text ${organ.code}/${kind} is at ${current}, not ${form.version}`,
        )
      }
      if (action === 'save' && row?.pending_body === form.body) {
        return
      }
      const patch = nextRow(row, action, viewer, now, {
        ...(form.body === undefined ? {} : { body: form.body }),
        comment,
      })
      if (row) {
        if (!(await repo.updateOrganTextIfVersion(trx, organ.id, kind, form.version, patch))) {
          throw new DomainError('CONFLICT', `organ_text ${organ.code}/${kind} changed concurrently`)
        }
      } else {
        await repo.insertOrganText(trx, {
          organ_id: organ.id,
          kind,
          body: '',
          updated_by: null,
          updated_at: now,
          version: 1,
          ...patch,
        })
      }
      await recordAudit(trx, deps.clock, {
        actorId: viewer.userId,
        actorName: viewer.username,
        organId: organ.id,
        action: AUDIT_ACTION[action],
        targetType: 'organ_text',
        targetId: `${organ.id}/${kind}`,
        summary: {
          kind,
          version: current + 1,
          ...(action === 'save'
            ? { before: excerpt(row?.pending_body ?? row?.body ?? null), after: excerpt(form.body) }
            : {}),
          ...(action === 'approve_final'
            ? { before: excerpt(row?.body), after: excerpt(row?.pending_body) }
            : {}),
          ...(comment !== '' ? { comment } : {}),
        },
      })
    })
    .catch((err: unknown) => {
      // Two first saves racing: the primary key refuses the second insert.
      if (isUniqueViolation(err)) {
        throw new DomainError('CONFLICT', `organ_text ${organ.code}/${kind} was created concurrently`)
      }
      throw err
    })
  return loadOrganTextForEdit(db, viewer, code, kind)
}
