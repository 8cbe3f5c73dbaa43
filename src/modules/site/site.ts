import type { Organ } from '../organs/index.js'

/** A section of the standard disclosure column. */
export interface ColumnSection {
  key: 'guide' | 'rules' | 'catalogue' | 'reports' | 'apply'
  label: string
  /** One sentence telling the public what they find there. */
  description: string
}

/**
 * The standard 政府信息公开 column of every organ, in this order, under 国办公开办函〔2019〕61号
 * (unified names and format of the disclosure platform). Each section lives at
 * `/organs/:code/<key>`.
 */
export const COLUMN_SECTIONS: readonly ColumnSection[] = [
  {
    key: 'guide',
    label: '政府信息公开指南',
    description: '公开方式、申请渠道、办理流程和工作机构联系方式（条例第十二条）。',
  },
  {
    key: 'rules',
    label: '政府信息公开制度',
    description: '本机关政府信息公开工作的规章制度。',
  },
  {
    key: 'catalogue',
    label: '法定主动公开内容',
    description: '按条例第二十条、第二十一条应当主动公开的政府信息。',
  },
  {
    key: 'reports',
    label: '政府信息公开年报',
    description: '本机关每年度的政府信息公开工作年度报告（条例第四十九条、第五十条）。',
  },
  {
    key: 'apply',
    label: '依申请公开',
    description: '向本机关申请获取未主动公开的政府信息（条例第二十七条至第四十五条）。',
  },
]

/** The public URL of an organ's column, or of one of its sections. */
export function columnHref(code: string, section?: ColumnSection['key']): string {
  const base = `/organs/${encodeURIComponent(code)}`
  return section ? `${base}/${section}` : base
}

/** The section with this key (the list above is complete, so this never fails). */
export function columnSection(key: ColumnSection['key']): ColumnSection {
  return COLUMN_SECTIONS.find((s) => s.key === key) as ColumnSection
}

/** An organ in its place: its ancestors (root first) and direct children, in display order. */
export interface OrganInTree {
  organ: Organ
  /** From the root down to the parent. */
  ancestors: Organ[]
  children: Organ[]
}

/** Places `organ` in the tree formed by `all` (pure). */
export function placeOrgan(all: readonly Organ[], organ: Organ): OrganInTree {
  const byId = new Map(all.map((o) => [o.id, o]))
  const ancestors: Organ[] = []
  let cur = organ.parentId ? byId.get(organ.parentId) : undefined
  while (cur && !ancestors.includes(cur) && cur.id !== organ.id) {
    ancestors.unshift(cur)
    cur = cur.parentId ? byId.get(cur.parentId) : undefined
  }
  return { organ, ancestors, children: all.filter((o) => o.parentId === organ.id) }
}

/** True when the organ's disclosure office has at least one way to be reached. */
export function hasOfficeContact(organ: Organ): boolean {
  return Object.values(organ.office).some((v) => v !== null && v.trim() !== '')
}
