import type { Insertable, Selectable, Updateable } from 'kysely'

/** 行政机关 kinds: a government, its departments, their affiliated institutions. */
export const ORGAN_KINDS = ['government', 'department', 'institution', 'other'] as const
export type OrganKind = (typeof ORGAN_KINDS)[number]

export interface OrganTable {
  id: string
  name: string
  short_name: string | null
  kind: OrganKind
  parent_id: string | null
  /**
   * Materialised path: '/<root id>/…/<parent id>/<own id>/'. Kept by the organ service on add and
   * move (a move rewrites the subtree's paths in the same transaction).
   */
  path: string
  /** 18-char 统一社会信用代码 or 9-char 组织机构代码, normalised (upper case, no hyphen). */
  code: string
  code_type: 'uscc' | 'org9'
  /** The 9-char 组织机构代码 (for a USCC, its characters 9–17); prefix of 2008-style 索引号. */
  org_code: string
  sort_order: number
  office_name: string | null
  office_address: string | null
  office_postcode: string | null
  office_hours: string | null
  office_phone: string | null
  office_fax: string | null
  office_email: string | null
  office_web: string | null
  created_at: string
  updated_at: string
  version: number
}

export type OrganRow = Selectable<OrganTable>
export type NewOrganRow = Insertable<OrganTable>
export type OrganRowUpdate = Updateable<OrganTable>
