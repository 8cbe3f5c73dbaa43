import type { Db } from '../src/db/database.js'
import { hashPassword } from '../src/modules/auth/index.js'
import { completeUscc } from '../src/modules/organs/index.js'
import type { OrganKind, OrganRow } from '../src/modules/organs/organ.table.js'
import type { ItemRow } from '../src/modules/catalogue/catalogue.table.js'
import type { Role } from '../src/modules/users/user.table.js'
import { newId } from '../src/shared/ids.js'

/** The password every factory-built user has. */
export const TEST_PASSWORD = 'Test-Passw0rd!'
let testHash: Promise<string> | undefined

let serial = 0
function nextSerial(): number {
  serial += 1
  return serial
}

/** A valid, unique 18-character USCC (统一社会信用代码) for tests. */
export function uniqueUscc(): string {
  const n = (Date.now() % 1e6) * 1000 + nextSerial()
  const body = `11370303${String(n).padStart(9, '0').slice(-9)}`
  return completeUscc(body)
}

/** Inserts an organ; builds nothing else. */
export async function buildOrgan(
  db: Db,
  over: Partial<OrganRow> & { parentId?: string | null; kind?: OrganKind } = {},
): Promise<OrganRow> {
  const now = new Date().toISOString()
  const code = over.code ?? uniqueUscc()
  const id = over.id ?? newId()
  const parentId = over.parentId ?? over.parent_id ?? null
  // The materialised path, as the organ service keeps it (organs/organ-path.ts).
  const parentPath = parentId
    ? (await db.kysely.selectFrom('organ').select('path').where('id', '=', parentId).executeTakeFirst())?.path
    : null
  const row: OrganRow = {
    id,
    path: `${parentPath ?? '/'}${id}/`,
    name: over.name ?? `测试局${nextSerial()}`,
    short_name: over.short_name ?? null,
    kind: over.kind ?? 'department',
    parent_id: parentId,
    code,
    code_type: code.length === 18 ? 'uscc' : 'org9',
    org_code: code.length === 18 ? code.slice(8, 17) : code,
    sort_order: over.sort_order ?? 0,
    office_name: over.office_name ?? '办公室',
    office_address: over.office_address ?? '测试路1号',
    office_postcode: over.office_postcode ?? '255000',
    office_hours: over.office_hours ?? '工作日 8:30-12:00，13:30-17:30',
    office_phone: over.office_phone ?? '0533-0000000',
    office_fax: over.office_fax ?? null,
    office_email: over.office_email ?? null,
    office_web: over.office_web ?? null,
    created_at: now,
    updated_at: now,
    version: 1,
  }
  await db.kysely.insertInto('organ').values(row).execute()
  return row
}

export interface BuiltUser {
  id: string
  username: string
  password: string
}

/** Inserts a user with role grants (building an organ when none is given). */
export async function buildUser(
  db: Db,
  opts: {
    username?: string
    roles?: Array<{ role: Role; organId?: string; subtree?: boolean }>
    mustChangePassword?: boolean
  } = {},
): Promise<BuiltUser> {
  testHash ??= hashPassword(TEST_PASSWORD)
  const id = newId()
  const username = opts.username ?? `user${nextSerial()}_${Math.random().toString(36).slice(2, 6)}`
  const now = new Date().toISOString()
  await db.kysely
    .insertInto('app_user')
    .values({
      id,
      username,
      display_name: `测试用户${username}`,
      password_hash: await testHash,
      password_changed_at: now,
      must_change_password: opts.mustChangePassword ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      disabled: 0,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  for (const g of opts.roles ?? []) {
    const organId = g.organId ?? (await buildOrgan(db)).id
    await db.kysely
      .insertInto('role_grant')
      .values({
        id: newId(),
        user_id: id,
        organ_id: organId,
        role: g.role,
        include_subtree: g.subtree ? 1 : 0,
        created_at: now,
      })
      .execute()
  }
  return { id, username, password: TEST_PASSWORD }
}

/**
 * Inserts a catalogue item row directly (published by default; builds an organ when none is
 * given). Does not touch the search index: tests that search call `SearchIndex.upsert` themselves.
 */
export async function buildItem(db: Db, over: Partial<ItemRow> = {}): Promise<ItemRow> {
  const now = new Date().toISOString()
  const organId = over.organ_id ?? (await buildOrgan(db)).id
  const n = nextSerial()
  const published = (over.status ?? 'published') === 'published'
  const row: ItemRow = {
    id: newId(),
    doc_no: n,
    organ_id: organId,
    index_no: null,
    index_year: null,
    index_serial: null,
    title: `测试信息${n}`,
    summary: null,
    body_html: '',
    body_text: '',
    doc_number_raw: null,
    doc_number: null,
    doc_number_agency: null,
    doc_number_year: null,
    doc_number_serial: null,
    joint_issuers: '[]',
    written_date: null,
    formed_date: null,
    published_date: published ? now.slice(0, 10) : null,
    published_year: published ? Number(now.slice(0, 4)) : null,
    published_at: published ? now : null,
    topic: null,
    genre: null,
    art20_item: null,
    art21_item: null,
    key_areas: '[]',
    disclosure_mode: 'proactive',
    withheld_reason: null,
    scope: 'public',
    term: 'long',
    validity: 'valid',
    validity_date: null,
    replaced_by_id: null,
    status: 'published',
    return_reason: null,
    withdraw_reason: null,
    drafted_by: null,
    editors: '[]',
    first_reviewer_id: null,
    final_approver_id: null,
    sample: 0,
    source: null,
    revision: published ? 1 : 0,
    version: 1,
    created_at: now,
    updated_at: now,
    submitted_by: null,
    revision_of_id: null,
    revised_date: null,
    ...over,
  }
  const { body_html, body_text, ...item } = row
  await db.kysely.insertInto('item').values(item).execute()
  await db.kysely.insertInto('item_body').values({ item_id: item.id, body_html, body_text }).execute()
  return row
}
