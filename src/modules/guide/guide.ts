import { z } from 'zod'
import type { IndexNumberFormat } from '../../config.js'
import type { Organ } from '../organs/index.js'
import { ART20_ITEMS } from '../catalogue/classification/index.js'
import { catalogueQuery, organCatalogueHref, withQuery } from '../catalogue/public/index.js'
import { formatIndexNumber } from '../catalogue/classification/index.js'
import { topicLabel } from '../catalogue/classification/index.js'

/**
 * The 政府信息公开指南 of an organ (pure). 条例 Art. 12: 「政府信息公开指南包括政府信息的分类、编排体系、
 * 获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容。」
 * The guide is generated from the organ's own data (its published items' classification, its
 * office's contact details) plus a text staff can edit, so it stays current (Art. 12 para. 1:
 * 「应当及时更新」; not updating it is a violation under Art. 53(二)).
 */

/** The texts staff may write for an organ's column. */
export const ORGAN_TEXT_KINDS = ['guide', 'rules_intro'] as const
export type OrganTextKind = (typeof ORGAN_TEXT_KINDS)[number]

export const ORGAN_TEXT_LABELS: Record<OrganTextKind, string> = {
  guide: '政府信息公开指南补充说明',
  rules_intro: '政府信息公开制度栏目说明',
}

/** Longest staff text, in characters. */
export const ORGAN_TEXT_MAX_CHARS = 20_000

/** The edit form: plain text (shown escaped, blank lines separate paragraphs) and the version read. */
export const organTextFormSchema = z.object({
  body: z
    .string({ error: '请填写内容' })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(ORGAN_TEXT_MAX_CHARS, { error: `内容不能超过 ${ORGAN_TEXT_MAX_CHARS} 个字` })),
  version: z.coerce
    .number({ error: '版本号无效' })
    .int({ error: '版本号无效' })
    .min(0, { error: '版本号无效' }),
})

export interface GuideCount {
  label: string
  n: number
  /** The organ's catalogue filtered to this class. */
  href: string
}

export interface GuideContact {
  label: string
  value: string | null
  /** A link for the value (mailto:, http(s) site), only when it is safe and well-formed. */
  href?: string | undefined
}

export interface GuideModel {
  organ: Organ
  topics: GuideCount[]
  genres: GuideCount[]
  art20: GuideCount[]
  /** How 索引号 are built for this organ, with an example. */
  indexNumberExample: string
  indexNumberRule: string
  contacts: GuideContact[]
  staffText: string | null
  staffTextUpdatedAt: string | null
  /** The day the guide was generated (it is generated on every request). */
  generatedOn: string
}

export interface GuideFacts {
  organ: Organ
  topicCounts: ReadonlyArray<{ value: string | number; n: number }>
  genreCounts: ReadonlyArray<{ value: string | number; n: number }>
  art20Counts: ReadonlyArray<{ value: string | number; n: number }>
  staffText: { body: string; updatedAt: string } | null
  indexNumberFormat: IndexNumberFormat
  today: string
}

const EMAIL = /^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/
const WEB = /^https?:\/\/[^\s<>"']+$/i

/** A link target for a contact value, never anything but mailto: or http(s). */
export function safeContactHref(kind: 'email' | 'web', value: string | null): string | undefined {
  if (!value) {
    return undefined
  }
  const v = value.trim()
  if (kind === 'email') {
    return EMAIL.test(v) ? `mailto:${v}` : undefined
  }
  return WEB.test(v) ? v : undefined
}

function byCountThenLabel(a: GuideCount, b: GuideCount): number {
  return b.n - a.n || a.label.localeCompare(b.label, 'zh-CN')
}

export function buildGuide(f: GuideFacts): GuideModel {
  const catalogue = organCatalogueHref(f.organ.code)
  const o = f.organ.office
  const example = formatIndexNumber(f.indexNumberFormat, f.organ, f.today, 1)
  const monthly = f.indexNumberFormat === 'uscc18-yearmonth' && f.organ.codeType === 'uscc'
  return {
    organ: f.organ,
    topics: f.topicCounts
      .map((c) => ({
        label: topicLabel(String(c.value)),
        n: c.n,
        href: withQuery(catalogue, catalogueQuery({ topic: String(c.value) })),
      }))
      .sort(byCountThenLabel),
    genres: f.genreCounts
      .map((c) => ({
        label: String(c.value),
        n: c.n,
        href: withQuery(catalogue, catalogueQuery({ genre: String(c.value) })),
      }))
      .sort(byCountThenLabel),
    art20: ART20_ITEMS.flatMap((item) => {
      const c = f.art20Counts.find((x) => Number(x.value) === item.no)
      return c
        ? [
            {
              label: `${item.label}${item.text}`,
              n: c.n,
              href: withQuery(catalogue, catalogueQuery({ art20: item.no })),
            },
          ]
        : []
    }),
    indexNumberExample: example,
    indexNumberRule: monthly
      ? '索引号由本机关统一社会信用代码、发布年月和当年五位流水号组成（代码/年月-流水号），信息发布时生成，此后不再改变。'
      : '索引号由本机关组织机构代码、发布年份和当年五位流水号组成（代码/年份-流水号），信息发布时生成，此后不再改变。',
    contacts: [
      { label: '工作机构名称', value: o.name },
      { label: '办公地址', value: o.address },
      { label: '邮政编码', value: o.postcode },
      { label: '办公时间', value: o.hours },
      { label: '联系电话', value: o.phone },
      { label: '传真号码', value: o.fax },
      { label: '电子邮箱', value: o.email, href: safeContactHref('email', o.email) },
      { label: '互联网联系方式', value: o.web, href: safeContactHref('web', o.web) },
    ],
    staffText: f.staffText?.body || null,
    staffTextUpdatedAt: f.staffText?.updatedAt ?? null,
    generatedOn: f.today,
  }
}

/** Roles that may edit an organ's guide and column texts. */
export const GUIDE_EDITOR_ROLES = ['officer', 'office_head', 'admin'] as const
