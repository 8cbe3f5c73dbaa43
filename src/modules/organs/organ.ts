import { z } from 'zod'
import type { FieldErrors } from '../../shared/errors.js'
import { ORGAN_KINDS, type OrganKind, type OrganRow } from './organ.table.js'

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

/** An organ with its depth in the tree (0 for a top-level organ), in tree order. */
export interface OrganAtDepth {
  organ: Organ
  depth: number
}

/** Flattens a forest into tree order (each organ followed by its subtree). */
export function flattenForest(forest: readonly OrganNode[]): OrganAtDepth[] {
  const out: OrganAtDepth[] = []
  const walk = (nodes: readonly OrganNode[], depth: number): void => {
    for (const n of nodes) {
      out.push({ organ: n.organ, depth })
      walk(n.children, depth + 1)
    }
  }
  walk(forest, 0)
  return out
}

/** The ids of every organ below `id` (not `id` itself). */
export function descendantIds(
  organs: ReadonlyArray<Pick<Organ, 'id' | 'parentId'>>,
  id: string,
): Set<string> {
  const children = new Map<string, string[]>()
  for (const o of organs) {
    if (o.parentId) {
      children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id])
    }
  }
  const out = new Set<string>()
  const stack = [...(children.get(id) ?? [])]
  while (stack.length > 0) {
    const next = stack.pop() as string
    if (!out.has(next)) {
      out.add(next)
      stack.push(...(children.get(next) ?? []))
    }
  }
  return out
}

/** Chinese labels of the organ form's fields (form labels, CLI error lines). */
export const ORGAN_FIELD_LABELS: Record<string, string> = {
  name: '机关名称',
  shortName: '简称',
  kind: '机关类型',
  parentId: '上级机关',
  code: '机构代码',
  sortOrder: '排序号',
  officeName: '公开工作机构名称',
  officeAddress: '办公地址',
  officePostcode: '邮政编码',
  officeHours: '办公时间',
  officePhone: '咨询电话',
  officeFax: '传真',
  officeEmail: '电子邮箱',
  officeWeb: '网址',
}

/** Field errors as one line, with Chinese field labels (logs and the CLI). */
export function fieldErrorsLine(fields: FieldErrors, labels: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, msgs]) => `${labels[k] ?? k}：${msgs.join('；')}`)
    .join('；')
}

/** Optional free text: trimmed, at most `max` characters, empty → null. */
function optionalText(max: number, label: string, check?: { re: RegExp; message: string }) {
  return z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字符` })
    .refine((v) => !check || v === '' || check.re.test(v), { error: check?.message ?? '' })
    .nullish()
    .transform((v) => (v ? v : null))
}

// Phone and fax: digits with the usual separators (0533-1234567、1234568 / 0533-1234567转8001).
const PHONE = /^(?=(?:\D*\d){7})[0-9+\-()（） 、,，;；/转]+$/u

/**
 * What an organ form or a CLI command submits. Validates everything but the code's check
 * character (see organ-code.ts) and what needs the database (uniqueness, parent).
 */
export const organInputSchema = z.object({
  name: z
    .string({ error: '请填写机关名称' })
    .trim()
    .min(2, { error: '机关名称至少 2 个字' })
    .max(100, { error: '机关名称不能超过 100 个字' }),
  shortName: optionalText(30, '简称'),
  kind: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.enum(ORGAN_KINDS, { error: '请选择机关类型' }).optional()),
  parentId: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null)),
  code: z.string({ error: '请填写机构代码' }).trim().min(1, { error: '请填写机构代码' }),
  sortOrder: z
    .union([z.number(), z.string().trim()])
    .optional()
    .transform((v) => (v === undefined || v === '' ? 0 : Number(v)))
    .pipe(
      z
        .number({ error: '排序号须为 0 至 99999 的整数' })
        .int({ error: '排序号须为 0 至 99999 的整数' })
        .min(0, { error: '排序号须为 0 至 99999 的整数' })
        .max(99999, { error: '排序号须为 0 至 99999 的整数' }),
    ),
  officeName: optionalText(100, '公开工作机构名称'),
  officeAddress: optionalText(200, '办公地址'),
  officePostcode: optionalText(6, '邮政编码', { re: /^\d{6}$/, message: '邮政编码应为 6 位数字' }),
  officeHours: optionalText(200, '办公时间'),
  officePhone: optionalText(60, '咨询电话', {
    re: PHONE,
    message: '咨询电话应为号码（至少 7 位数字，可含区号、“-”、“转”、顿号）',
  }),
  officeFax: optionalText(60, '传真', {
    re: PHONE,
    message: '传真应为号码（至少 7 位数字，可含区号、“-”）',
  }),
  officeEmail: optionalText(120, '电子邮箱', {
    re: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
    message: '电子邮箱格式不正确',
  }),
  officeWeb: optionalText(200, '网址', {
    re: /^https?:\/\/[^\s/$.?#][^\s]*$/i,
    message: '网址应以 http:// 或 https:// 开头',
  }),
})

/** An organ form or command, before validation (strings as typed; numbers may be text). */
export type OrganInput = z.input<typeof organInputSchema>
/** A validated organ form. */
export type OrganValues = z.output<typeof organInputSchema>

/** The organ's editable fields as a flat record: before/after summaries in the audit trail. */
export function organSummary(o: Organ): Record<string, unknown> {
  return {
    name: o.name,
    shortName: o.shortName,
    kind: o.kind,
    parentId: o.parentId,
    code: o.code,
    sortOrder: o.sortOrder,
    officeName: o.office.name,
    officeAddress: o.office.address,
    officePostcode: o.office.postcode,
    officeHours: o.office.hours,
    officePhone: o.office.phone,
    officeFax: o.office.fax,
    officeEmail: o.office.email,
    officeWeb: o.office.web,
  }
}
