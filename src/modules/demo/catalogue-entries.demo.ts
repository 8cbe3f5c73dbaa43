import { packagedCalendar } from '../../shared/calendar/packaged.js'
import { addCalendarDays } from '../../shared/calendar/workdays.js'

/*
 * The shared vocabulary of the demo disclosure items (DEMO DATA): 主题分类 paths, the entry and
 * plan shapes, and the invented summary and body every demo item gets.
 */

export const T_RADIO = '文化、广电、新闻出版\\广播、电影、电视'
export const T_CULTURE = '文化、广电、新闻出版\\文化'
export const T_PRESS = '文化、广电、新闻出版\\新闻出版'
export const T_OPEN = '综合政务\\政务公开'
export const T_EMERG = '综合政务\\应急管理'
export const T_STATS = '国民经济管理、国有资产监管\\统计'
export const T_PRICE = '国民经济管理、国有资产监管\\物价'
export const T_PROJECT = '国民经济管理、国有资产监管\\重大建设项目'
export const T_FIN = '财政、金融、审计\\财政'
export const T_PERSONNEL = '劳动、人事、监察\\人事工作'
export const T_CLEAN = '劳动、人事、监察\\纠正行业不正之风'
export const T_SAFETY = '市场监管、安全生产监管\\安全生产监管'
export const T_EDU = '科技、教育\\教育'

/** One demo entry before dating: title, 体裁, 主题分类, Art. 20 item, 重点领域. */
export interface Entry {
  title: string
  genre: string
  topic: string
  art20: number | null
  areas?: string[]
  /** 文号 prefix for documents (numbered in order within the year). */
  docPrefix?: string
}

export const e = (
  title: string,
  genre: string,
  topic: string,
  art20: number | null,
  areas: string[] = [],
  docPrefix?: string,
): Entry => ({ title, genre, topic, art20, areas, ...(docPrefix ? { docPrefix } : {}) })

/** Working days of a month, ascending. */
export function workingDaysOf(year: number, month: number): string[] {
  const cal = packagedCalendar()
  const out: string[] = []
  let d = `${year}-${String(month).padStart(2, '0')}-01`
  while (Number(d.slice(5, 7)) === month) {
    if (cal.isWorkingDay(d)) {
      out.push(d)
    }
    d = addCalendarDays(d, 1)
  }
  return out
}

/** A demo item with its dates and the state it should end in. */
export interface Planned {
  key: string
  organId: string
  entry: Entry
  /** 形成日期. */
  formed: string
  /** 发布日期 (for published items and later states), or the day the draft was last worked on. */
  at: string
  sample: boolean
  final:
    | 'draft'
    | 'returned'
    | 'first_review'
    | 'final_review'
    | 'published'
    | 'withdrawn'
    | 'expired'
    | 'revised'
    | 'revising'
  docNumber?: string
}

/** 2026 items of one organ: [title, genre, topic, art20, areas, formed, at, final state]. */
export type Row2026 = [string, string, string, number | null, string[], string, string, Planned['final']]

/** A plausible short summary and body for a demo entry (clearly marked as demo content). */
export function demoText(
  entry: Entry,
  organName: string,
  sample: boolean,
): { summary: string; body: string } {
  const subject = entry.title.replace(/^关于/, '').replace(/的(通知|通告|公告|意见|决定)$/, '')
  const summaries: Record<string, string> = {
    通知: `${organName}就${subject}作出部署，明确工作要求和时间安排。`,
    公告: `${organName}公布${subject}的有关事项。`,
    公示: `${organName}对${subject}予以公示，接受社会监督。`,
    通报: `通报${subject}，指出存在的问题并提出整改要求。`,
    方案: `明确${subject}的目标任务、实施步骤和保障措施。`,
    预决算: `公开${subject}，包括收支总表和“三公”经费等内容。`,
    机构职能: `公开${organName}的职能、机构设置、办公地址、办公时间、联系方式和负责人姓名。`,
    办事指南: `说明${subject}的依据、条件、程序、时限和办理结果查询方式。`,
  }
  const summary = summaries[entry.genre] ?? `${organName}主动公开${subject}。`
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const paragraphs = [
    summary,
    `依据《中华人民共和国政府信息公开条例》第十九条、第二十条，${organName}主动公开本信息。如对本信息有疑问，请在工作日与${organName}办公室联系。`,
    sample
      ? '本条为演示用示例信息（示例），内容系虚构，仅用于展示政府信息公开平台的功能。'
      : '本条为演示数据，内容系虚构。',
  ]
  return { summary, body: paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n') }
}
