import type { OrganKind, OrganRow } from './organ.table.js'

/** Chinese labels of organ kinds. */
export const ORGAN_KIND_LABELS: Record<OrganKind, string> = {
  government: '人民政府',
  department: '政府部门',
  institution: '所属事业单位',
  other: '其他',
}

/** An organ (行政机关) as the rest of the system sees it. */
export interface Organ {
  id: string
  name: string
  shortName: string | null
  kind: OrganKind
  parentId: string | null
  code: string
  codeType: 'uscc' | 'org9'
  orgCode: string
  sortOrder: number
  office: {
    name: string | null
    address: string | null
    postcode: string | null
    hours: string | null
    phone: string | null
    fax: string | null
    email: string | null
    web: string | null
  }
  version: number
}

export function organRowToOrgan(r: OrganRow): Organ {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    parentId: r.parent_id,
    code: r.code,
    codeType: r.code_type,
    orgCode: r.org_code,
    sortOrder: r.sort_order,
    office: {
      name: r.office_name,
      address: r.office_address,
      postcode: r.office_postcode,
      hours: r.office_hours,
      phone: r.office_phone,
      fax: r.office_fax,
      email: r.office_email,
      web: r.office_web,
    },
    version: r.version,
  }
}

/** The ancestors of `id`, nearest first (pure, over the whole list). */
export function ancestorIds(organs: ReadonlyArray<Pick<Organ, 'id' | 'parentId'>>, id: string): string[] {
  const byId = new Map(organs.map((o) => [o.id, o]))
  const out: string[] = []
  let cur = byId.get(id)?.parentId ?? null
  while (cur && !out.includes(cur)) {
    out.push(cur)
    cur = byId.get(cur)?.parentId ?? null
  }
  return out
}

export interface OrganNode {
  organ: Organ
  children: OrganNode[]
}

/** Arranges organs as a forest (roots first, children in sort order). */
export function organForest(organs: readonly Organ[]): OrganNode[] {
  const nodes = new Map(organs.map((o) => [o.id, { organ: o, children: [] as OrganNode[] }]))
  const roots: OrganNode[] = []
  for (const o of organs) {
    const node = nodes.get(o.id) as OrganNode
    const parent = o.parentId ? nodes.get(o.parentId) : undefined
    if (parent) {
      parent.children.push(node)
    } else {
      roots.push(node)
    }
  }
  return roots
}
