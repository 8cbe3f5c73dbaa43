import type { Kdb } from '../../db/database.js'
import type { AppDeps } from '../../shared/deps.js'
import { DomainError, ValidationError, type FieldErrors } from '../../shared/errors.js'
import { newId } from '../../shared/ids.js'
import { zodToFieldErrors } from '../../shared/validation.js'
import { actorFields, diffFields } from '../audit/index.js'
import { recordAudit } from '../audit/index.js'
import {
  adminScope,
  canManageOrgan,
  canPlaceOrganUnder,
  type AdminActor,
  type AdminScope,
} from '../access/index.js'
import { checkOrganCode, type OrganCodeCheck } from './organ-code.js'
import {
  ancestorIds,
  descendantIds,
  fieldErrorsLine,
  flattenForest,
  ORGAN_FIELD_LABELS,
  organForest,
  organInputSchema,
  organRowToOrgan,
  organSummary,
  type Organ,
  type OrganAtDepth,
  type OrganInput,
  type OrganValues,
} from './organ.js'
import * as repo from './organ.repository.js'
import type { OrganKind, OrganRow } from './organ.table.js'

/** Every organ, in display order. */
export async function listOrgans(db: Kdb): Promise<Organ[]> {
  return (await repo.listOrganRows(db)).map(organRowToOrgan)
}

/** The organ with this code (统一社会信用代码 or 组织机构代码), or null. */
export async function findOrganByCode(db: Kdb, code: string): Promise<Organ | null> {
  const row = await repo.findOrganByCode(db, code.trim().toUpperCase())
  return row ? organRowToOrgan(row) : null
}

/** @throws DomainError ORGAN_NOT_FOUND */
export async function getOrganByCode(db: Kdb, code: string): Promise<Organ> {
  const organ = await findOrganByCode(db, code)
  if (!organ) {
    throw new DomainError('ORGAN_NOT_FOUND', `no organ with code ${code}`)
  }
  return organ
}

/** @throws DomainError ORGAN_NOT_FOUND */
export async function getOrganById(db: Kdb, id: string): Promise<Organ> {
  const row = await repo.findOrganById(db, id)
  if (!row) {
    throw new DomainError('ORGAN_NOT_FOUND', `no organ ${id}`)
  }
  return organRowToOrgan(row)
}

/** The ancestors of an organ, nearest first (for subtree grants). */
export async function organAncestorIds(db: Kdb, id: string): Promise<string[]> {
  return ancestorIds(await listOrgans(db), id)
}

/** The whole organ tree in display order, each organ with its depth. */
export async function listOrganTree(db: Kdb): Promise<OrganAtDepth[]> {
  return flattenForest(organForest(await listOrgans(db)))
}

/** The organ tree with what `actor` may administer in it (console pages). */
export async function organTreeForAdmin(
  db: Kdb,
  actor: AdminActor,
): Promise<{ tree: OrganAtDepth[]; scope: AdminScope }> {
  const tree = await listOrganTree(db)
  const scope = adminScope(
    actor.grants,
    tree.map((t) => t.organ),
  )
  return { tree, scope }
}

/**
 * Validates an organ form: every field error at once, including the code's check character
 * (the message names the character the code should end with).
 */
function validateOrganInput(
  input: OrganInput,
): OrganValues & { codeInfo: Extract<OrganCodeCheck, { ok: true }> } {
  const parsed = organInputSchema.safeParse(input)
  const fields: FieldErrors = parsed.success ? {} : zodToFieldErrors(parsed.error)
  const rawCode = typeof input.code === 'string' ? input.code.trim() : ''
  const check = rawCode === '' ? null : checkOrganCode(rawCode)
  if (check && !check.ok) {
    fields.code = [...(fields.code ?? []), check.reason]
  }
  if (Object.keys(fields).length > 0 || !parsed.success || !check || !check.ok) {
    const line = fieldErrorsLine(fields, ORGAN_FIELD_LABELS)
    if (Object.keys(fields).length === 1 && check && !check.ok) {
      throw new DomainError('ORGAN_CODE_INVALID', line, { fields })
    }
    throw new ValidationError(fields, line)
  }
  return { ...parsed.data, codeInfo: check }
}

function organRowValues(
  v: OrganValues,
  kind: OrganKind,
  codeInfo: { code: string; type: 'uscc' | 'org9'; orgCode: string },
) {
  return {
    name: v.name,
    short_name: v.shortName,
    kind,
    parent_id: v.parentId,
    code: codeInfo.code,
    code_type: codeInfo.type,
    org_code: codeInfo.orgCode,
    sort_order: v.sortOrder,
    office_name: v.officeName,
    office_address: v.officeAddress,
    office_postcode: v.officePostcode,
    office_hours: v.officeHours,
    office_phone: v.officePhone,
    office_fax: v.officeFax,
    office_email: v.officeEmail,
    office_web: v.officeWeb,
  }
}

function parentError(detail: string, message: string): DomainError {
  return new DomainError('ORGAN_PARENT_INVALID', detail, { fields: { parentId: [message] } })
}

function codeTakenError(code: string, holder: string): DomainError {
  return new DomainError('ORGAN_CODE_TAKEN', `code ${code} is already used by ${holder}`, {
    fields: { code: [`该机构代码已被“${holder}”使用`] },
  })
}

/**
 * Adds an organ (行政机关) to the tree and records it in the audit trail.
 * @throws ValidationError / ORGAN_CODE_INVALID (field errors), ORGAN_CODE_TAKEN,
 *   ORGAN_PARENT_INVALID, FORBIDDEN (see the administration rules in users/access.ts)
 */
export async function createOrgan(deps: AppDeps, actor: AdminActor, input: OrganInput): Promise<Organ> {
  const v = validateOrganInput(input)
  const kind = v.kind ?? (v.parentId ? 'department' : 'government')
  const now = deps.clock.now().toISOString()
  const id = newId()
  try {
    await deps.db.kysely.transaction().execute(async (trx) => {
      const links = await repo.listOrganLinks(trx)
      if (v.parentId && !links.some((o) => o.id === v.parentId)) {
        throw parentError(`no parent organ ${v.parentId}`, '所选上级机关不存在')
      }
      if (!canPlaceOrganUnder(adminScope(actor.grants, links), v.parentId)) {
        throw new DomainError(
          'FORBIDDEN',
          `${actor.name} may not add an organ under ${v.parentId ?? 'the top level'}`,
        )
      }
      const holder = await repo.findOrganByCode(trx, v.codeInfo.code)
      if (holder) {
        throw codeTakenError(v.codeInfo.code, holder.name)
      }
      await repo.insertOrgan(trx, {
        id,
        ...organRowValues(v, kind, v.codeInfo),
        created_at: now,
        updated_at: now,
        version: 1,
      })
      const created = await repo.findOrganById(trx, id)
      await recordAudit(trx, deps.clock, {
        ...actorFields(actor),
        organId: id,
        action: 'organ.created',
        targetType: 'organ',
        targetId: id,
        summary: diffFields(null, organSummary(organRowToOrgan(created as OrganRow))),
      })
    })
  } catch (err) {
    if (repo.isUniqueViolation(err)) {
      throw codeTakenError(v.codeInfo.code, '其他机关')
    }
    throw err
  }
  return getOrganById(deps.db.kysely, id)
}

/**
 * Changes an organ's details, only if nobody changed it since `expectedVersion` was read.
 * Moving it under another parent follows the same rules as adding one there.
 * @throws ORGAN_NOT_FOUND, CONFLICT, FORBIDDEN, ORGAN_PARENT_INVALID, ORGAN_CODE_TAKEN, field errors
 */
export async function updateOrgan(
  deps: AppDeps,
  actor: AdminActor,
  id: string,
  expectedVersion: number,
  input: OrganInput,
): Promise<Organ> {
  const v = validateOrganInput(input)
  try {
    await deps.db.kysely.transaction().execute(async (trx) => {
      const row = await repo.findOrganById(trx, id)
      if (!row) {
        throw new DomainError('ORGAN_NOT_FOUND', `no organ ${id}`)
      }
      const links = await repo.listOrganLinks(trx)
      const scope = adminScope(actor.grants, links)
      if (!canManageOrgan(scope, id)) {
        throw new DomainError('FORBIDDEN', `${actor.name} may not edit organ ${id}`)
      }
      if (row.version !== expectedVersion) {
        throw new DomainError('CONFLICT', `organ ${id} is at version ${row.version}, not ${expectedVersion}`)
      }
      if (v.parentId !== row.parent_id) {
        if (v.parentId === id || (v.parentId && descendantIds(links, id).has(v.parentId))) {
          throw parentError(`organ ${id} cannot move under itself`, '上级机关不能是本机关或其下级机关')
        }
        if (v.parentId && !links.some((o) => o.id === v.parentId)) {
          throw parentError(`no parent organ ${v.parentId}`, '所选上级机关不存在')
        }
        if (!canPlaceOrganUnder(scope, v.parentId)) {
          throw new DomainError(
            'FORBIDDEN',
            `${actor.name} may not move organ ${id} under ${v.parentId ?? 'the top level'}`,
          )
        }
      }
      if (v.codeInfo.code !== row.code) {
        const holder = await repo.findOrganByCode(trx, v.codeInfo.code)
        if (holder) {
          throw codeTakenError(v.codeInfo.code, holder.name)
        }
      }
      const before = organSummary(organRowToOrgan(row))
      const values = organRowValues(v, v.kind ?? row.kind, v.codeInfo)
      const afterRow: OrganRow = { ...row, ...values }
      const change = diffFields(before, organSummary(organRowToOrgan(afterRow)))
      if (Object.keys(change.changed as object).length === 0) {
        return
      }
      const ok = await repo.updateOrganIfVersion(trx, id, expectedVersion, {
        ...values,
        updated_at: deps.clock.now().toISOString(),
      })
      if (!ok) {
        throw new DomainError('CONFLICT', `organ ${id} changed concurrently`)
      }
      await recordAudit(trx, deps.clock, {
        ...actorFields(actor),
        organId: id,
        action: 'organ.updated',
        targetType: 'organ',
        targetId: id,
        summary: { name: afterRow.name, ...change },
      })
    })
  } catch (err) {
    if (repo.isUniqueViolation(err)) {
      throw codeTakenError(v.codeInfo.code, '其他机关')
    }
    throw err
  }
  return getOrganById(deps.db.kysely, id)
}

/** What `actor` may administer (see the rules in users/access.ts), over the current tree. */
export async function adminScopeOf(db: Kdb, actor: AdminActor): Promise<AdminScope> {
  return adminScope(actor.grants, await repo.listOrganLinks(db))
}
