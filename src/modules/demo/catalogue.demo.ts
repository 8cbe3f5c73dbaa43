import type { AppDeps } from '../../shared/deps.js'
import type { Grant } from '../../shared/actor.js'
import { packagedCalendar } from '../../shared/calendar/packaged.js'
import { addCalendarDays } from '../../shared/calendar/workdays.js'
import { fixedClock } from '../../shared/clock.js'
import { isDomainError } from '../../shared/errors.js'
import { listOrgans } from '../organs/index.js'
import type { Organ } from '../organs/index.js'
import type { Role } from '../users/user.table.js'
import { getUserByUsername } from '../users/index.js'
import { EMPTY_ITEM_FORM, CHECKLIST, type Checklist, type ItemFormValues } from '../catalogue/items/index.js'
import {
  createItem,
  finalReview,
  firstReview,
  setItemValidity,
  startRevision,
  submitItem,
  updateDraft,
  withdrawItem,
  type ItemActor,
} from '../catalogue/items/index.js'
import * as repo from '../catalogue/items/item.repository.js'

/*
 * Demo disclosure items (DEMO DATA: titles are plausible for a district radio and television
 * bureau, the contents are invented). For 张店区广播电视局:
 *   - its 2013 proactive disclosures, EXACTLY 90 as the seed report says, marked as samples
 *     (item.sample = 1, badge 示例), spread over the year's working days, topics and genres;
 *   - a 2026 year of items for it and its sibling departments, some in every lifecycle state.
 * Every item goes through the ordinary services (draft → 初审 with the checklist → 复核 →
 * published), with the clock set to the item's real dates, so 索引号, revisions, the search index
 * and the audit trail are exactly what staff would have produced. Idempotent: each demo item has
 * a stable key in item.source ('demo:…'); keys already present are skipped.
 */

/** The demo organ whose 2013 catalogue is seeded (see demo.data.ts). */
export const DEMO_RADIO_ORGAN_NAME = '张店区广播电视局'

/** The 2013 count the seed report gives; the demo has exactly this many sample items. */
export const DEMO_2013_COUNT = 90

const T_RADIO = '文化、广电、新闻出版\\广播、电影、电视'
const T_CULTURE = '文化、广电、新闻出版\\文化'
const T_PRESS = '文化、广电、新闻出版\\新闻出版'
const T_OPEN = '综合政务\\政务公开'
const T_EMERG = '综合政务\\应急管理'
const T_STATS = '国民经济管理、国有资产监管\\统计'
const T_PRICE = '国民经济管理、国有资产监管\\物价'
const T_PROJECT = '国民经济管理、国有资产监管\\重大建设项目'
const T_FIN = '财政、金融、审计\\财政'
const T_PERSONNEL = '劳动、人事、监察\\人事工作'
const T_CLEAN = '劳动、人事、监察\\纠正行业不正之风'
const T_SAFETY = '市场监管、安全生产监管\\安全生产监管'
const T_EDU = '科技、教育\\教育'

/** One demo entry before dating: title, 体裁, 主题分类, Art. 20 item, 重点领域. */
interface Entry {
  title: string
  genre: string
  topic: string
  art20: number | null
  areas?: string[]
  /** 文号 prefix for documents (numbered in order within the year). */
  docPrefix?: string
}

const e = (
  title: string,
  genre: string,
  topic: string,
  art20: number | null,
  areas: string[] = [],
  docPrefix?: string,
): Entry => ({ title, genre, topic, art20, areas, ...(docPrefix ? { docPrefix } : {}) })

const FA = '张广电发'
const FA_PUNISH = '张广电罚决字'

/** The 2013 one-off items, by month (62 in all); monthly and quarterly series are added below. */
const ONE_OFFS_2013: Entry[][] = [
  [
    e('张店区广播电视局2013年工作要点', '计划', T_RADIO, 3),
    e('关于做好2013年元旦春节期间广播电视安全播出工作的通知', '通知', T_RADIO, 13, [], FA),
    e('张店区广播电视局主要职责', '机构职能', T_OPEN, 2),
    e('张店区广播电视局内设机构及联系方式', '机构职能', T_OPEN, 2),
    e('张店区广播电视局领导班子成员及分工', '机构职能', T_OPEN, 2),
  ],
  [
    e('张店区广播电视局2013年部门预算', '预决算', T_FIN, 7, ['财政预决算']),
    e('张店区广播电视局2013年“三公”经费预算情况说明', '预决算', T_FIN, 7, ['财政预决算']),
    e('关于春节期间开展“送文化下乡”广播电视惠民活动的通知', '通知', T_CULTURE, 11, ['公共文化服务'], FA),
    e('张店区广播电视局2012年工作总结', '总结', T_RADIO, null),
  ],
  [
    e('张店区广播电视局2012年政府信息公开工作年度报告', '年度报告', T_OPEN, 15),
    e('张店区广播电视局政府信息公开指南（2013年修订）', '其他', T_OPEN, 2),
    e('张店区广播电视局政府信息公开目录', '其他', T_OPEN, 15),
    e('关于开展2013年“3·15”广播电视消费维权宣传活动的通知', '通知', T_RADIO, null, [], FA),
    e('广播电视节目制作经营许可证办理指南', '办事指南', T_RADIO, 5, ['优化营商环境']),
    e('卫星电视广播地面接收设施安装许可办理指南', '办事指南', T_RADIO, 5),
  ],
  [
    e('张店区有线电视数字化整体转换工作实施方案', '方案', T_PROJECT, 10, ['重大建设项目']),
    e('关于清理整治违规卫星电视地面接收设施的通告', '通告', T_RADIO, 6, ['行政执法'], FA),
    e('张店区广播电视行政处罚裁量基准', '规范性文件', T_RADIO, 1, ['行政执法'], FA),
    e('张店区广播电视局行政执法依据', '其他', T_RADIO, 6, ['行政执法']),
    e('区广电局开展清明节期间广播电视安全播出检查', '工作动态', T_RADIO, 13),
  ],
  [
    e('张店区广播电视局2013年公开招聘事业单位工作人员简章', '公告', T_PERSONNEL, 14, ['就业创业']),
    e('农村广播“村村响”工程设备采购项目招标公告', '公告', T_RADIO, 9, ['政府采购']),
    e('有线电视收视维护费收费标准及依据', '公告', T_PRICE, 8),
    e('张店区广播电视安全播出应急预案', '方案', T_EMERG, 12, ['突发事件应对'], FA),
    e('区广电局召开全区广播电视安全播出工作会议', '工作动态', T_RADIO, null),
    e('关于开展“扫黄打非·净网”专项行动的实施意见', '意见', T_PRESS, 13, ['行政执法'], FA),
  ],
  [
    e('农村广播“村村响”工程设备采购项目中标结果公告', '公告', T_RADIO, 9, ['政府采购']),
    e('张店区广播电视局2013年公开招聘事业单位工作人员笔试成绩公告', '公告', T_PERSONNEL, 14),
    e('关于做好汛期广播电视安全播出和应急广播工作的通知', '通知', T_EMERG, 12, ['突发事件应对'], FA),
    e('张店区广播电视局2012年部门决算', '预决算', T_FIN, 7, ['财政预决算']),
    e('张店区广播电视局2012年度“三公”经费决算情况说明', '预决算', T_FIN, 7, ['财政预决算']),
  ],
  [
    e('张店区广播电视局2013年公开招聘拟聘用人员公示', '公示', T_PERSONNEL, 14),
    e('2013年上半年广播电视行政许可办理结果', '公示', T_RADIO, 5),
    e('张店区广播电视局2013年上半年工作总结', '总结', T_RADIO, null),
    e('张店区广播电视“户户通”工程实施方案', '方案', T_RADIO, 11, ['公共文化服务'], FA),
    e('关于公布广播电视行政审批事项目录的公告', '公告', T_RADIO, 5, ['优化营商环境']),
  ],
  [
    e('有线电视数字化整体转换工程进展情况通报', '通报', T_PROJECT, 10, ['重大建设项目']),
    e('关于对某宾馆违规设置卫星电视地面接收设施的行政处罚决定', '决定', T_RADIO, 6, ['行政执法'], FA_PUNISH),
    e('区广电局开展党的群众路线教育实践活动情况通报', '工作动态', T_CLEAN, null),
    e('张店区2013年农家书屋出版物补充更新方案', '方案', T_PRESS, 11, ['公共文化服务']),
    e('关于印发《张店区广播电视设施保护办法》的通知', '通知', T_RADIO, 1, [], FA),
  ],
  [
    e('关于做好国庆期间广播电视安全播出工作的通知', '通知', T_RADIO, 13, [], FA),
    e('张店区广播电视设施保护情况专项检查通报', '通报', T_RADIO, 13),
    e('张店区有线电视用户服务承诺', '公告', T_RADIO, 11, ['公共文化服务']),
    e('区广电局组织开展广播电视从业人员业务培训', '工作动态', T_RADIO, null),
    e('2013年广播电视公益广告播出安排', '计划', T_RADIO, null),
    e('关于征求《张店区广播电视事业发展规划（2014—2016年）》意见的公告', '公告', T_RADIO, 3),
  ],
  [
    e('张店区广播电视局行政审批流程图', '办事指南', T_RADIO, 5, ['优化营商环境']),
    e('区广电局完成农村广播“村村响”设备安装调试', '工作动态', T_PROJECT, 10, ['重大建设项目']),
    e('关于开展有线电视网络安全隐患排查整治的通知', '通知', T_SAFETY, 13, ['安全生产'], FA),
    e('广播电视行政处罚案件办理结果（2013年第三季度）', '公示', T_RADIO, 6, ['行政执法']),
    e('张店区广播电视局权力运行流程图', '办事指南', T_OPEN, 5),
  ],
  [
    e('张店区广播电视事业发展规划（2014—2016年）', '规划', T_RADIO, 3, [], FA),
    e('《张店区广播电视事业发展规划（2014—2016年）》解读', '政策解读', T_RADIO, 3),
    e('关于做好冬季有线电视网络运行维护工作的通知', '通知', T_RADIO, 13, [], FA),
    e('区广电局开展广播电视“户户通”入户调查', '工作动态', T_RADIO, 11, ['公共文化服务']),
    e('2013年度广播电视行政事业性收费情况', '统计信息', T_PRICE, 8),
  ],
  [
    e('关于做好2014年元旦春节期间广播电视安全播出工作的通知', '通知', T_RADIO, 13, [], FA),
    e('张店区广播电视局2013年度依法行政工作报告', '报告', T_RADIO, null),
    e('2013年度广播电视行政许可办理结果', '公示', T_RADIO, 5),
    e('2013年全区广播电视行业安全生产大检查情况通报', '通报', T_SAFETY, 13, ['安全生产']),
    e('张店区有线电视数字化整体转换工程完成情况', '通报', T_PROJECT, 10, ['重大建设项目']),
  ],
]

/** The 2013 entries of one month (1–12): one-offs plus the monthly and quarterly series. */
function entries2013(month: number): Entry[] {
  const out: Entry[] = [
    e(`张店区2013年${month}月农村公益电影放映场次安排`, '计划', T_RADIO, 11, ['公共文化服务']),
    e(
      month === 1
        ? '2012年12月份全区广播电视安全播出情况通报'
        : `2013年${month - 1}月份全区广播电视安全播出情况通报`,
      '通报',
      T_RADIO,
      13,
    ),
  ]
  const quarter = { 1: '2012年第四季度', 4: '2013年第一季度', 7: '2013年第二季度', 10: '2013年第三季度' }[
    month
  ]
  if (quarter) {
    out.push(e(`${quarter}全区广播电视覆盖情况统计`, '统计信息', T_STATS, 4))
  }
  return [...out, ...(ONE_OFFS_2013[month - 1] ?? [])]
}

/** Working days of a month, ascending. */
function workingDaysOf(year: number, month: number): string[] {
  // The demo's dates are fixed history: the packaged notices, not this installation's entries.
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
interface Planned {
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

/** The 2013 plan: 90 samples, each published on a working day of its month. */
function plan2013(organId: string): Planned[] {
  // The demo's dates are fixed history: the packaged notices, not this installation's entries.
  const cal = packagedCalendar()
  const out: Planned[] = []
  const docSerial = new Map<string, number>()
  for (let month = 1; month <= 12; month++) {
    const entries = entries2013(month)
    const days = workingDaysOf(2013, month)
    entries.forEach((entry, i) => {
      const at = days[Math.floor(((i + 0.5) * days.length) / entries.length)] as string
      const formed = cal.addWorkingDays(at, -(2 + ((month * 7 + i * 3) % 9))).date
      let docNumber: string | undefined
      if (entry.docPrefix) {
        const n = (docSerial.get(entry.docPrefix) ?? 0) + 1
        docSerial.set(entry.docPrefix, n)
        docNumber = `${entry.docPrefix}〔2013〕${n}号`
      }
      out.push({
        key: `demo:2013:${String(out.length + 1).padStart(3, '0')}`,
        organId,
        entry,
        formed,
        at,
        sample: true,
        final: 'published',
        ...(docNumber ? { docNumber } : {}),
      })
    })
  }
  return out
}

/** 2026 items of one organ: [title, genre, topic, art20, areas, formed, at, final state]. */
type Row2026 = [string, string, string, number | null, string[], string, string, Planned['final']]

const RADIO_2026: Row2026[] = [
  ['张店区广播电视局2026年工作要点', '计划', T_RADIO, 3, [], '2026-02-02', '2026-02-10', 'published'],
  [
    '张店区广播电视局2025年政府信息公开工作年度报告',
    '年度报告',
    T_OPEN,
    15,
    [],
    '2026-01-20',
    '2026-01-28',
    'published',
  ],
  [
    '张店区广播电视局2026年部门预算',
    '预决算',
    T_FIN,
    7,
    ['财政预决算'],
    '2026-02-05',
    '2026-02-12',
    'published',
  ],
  ['张店区广播电视局主要职责（2026年）', '机构职能', T_OPEN, 2, [], '2026-03-02', '2026-03-06', 'revised'],
  [
    '关于做好2026年汛期应急广播工作的通知',
    '通知',
    T_EMERG,
    12,
    ['突发事件应对'],
    '2026-05-25',
    '2026-06-02',
    'published',
  ],
  [
    '2026年上半年广播电视行政许可办理结果',
    '公示',
    T_RADIO,
    5,
    ['优化营商环境'],
    '2026-07-01',
    '2026-07-08',
    'published',
  ],
  [
    '张店区应急广播体系建设项目进展情况',
    '通报',
    T_PROJECT,
    10,
    ['重大建设项目'],
    '2026-05-06',
    '2026-06-30',
    'published',
  ],
  ['有线电视收视维护费收费标准（2026年）', '公告', T_PRICE, 8, [], '2026-04-01', '2026-04-09', 'expired'],
  [
    '关于公布2026年广播电视公共服务事项清单的公告',
    '公告',
    T_RADIO,
    11,
    ['公共文化服务'],
    '2026-08-03',
    '2026-08-10',
    'withdrawn',
  ],
  [
    '张店区2026年农村公益电影放映工作方案',
    '方案',
    T_RADIO,
    11,
    ['公共文化服务'],
    '2026-03-09',
    '2026-03-16',
    'revising',
  ],
  [
    '2026年全区广播电视安全播出检查情况通报',
    '通报',
    T_RADIO,
    13,
    ['安全生产'],
    '2026-11-16',
    '2026-11-23',
    'final_review',
  ],
  [
    '关于开展2026年广播电视从业人员培训的通知',
    '通知',
    T_RADIO,
    null,
    [],
    '2026-11-18',
    '2026-11-24',
    'first_review',
  ],
  [
    '张店区广播电视局2027年政府购买公共文化服务项目计划（征求意见稿）',
    '计划',
    T_RADIO,
    9,
    ['政府采购'],
    '2026-11-10',
    '2026-11-19',
    'returned',
  ],
  [
    '张店区广播电视局2026年第三季度行政处罚案件办理结果',
    '公示',
    T_RADIO,
    6,
    ['行政执法'],
    '2026-10-15',
    '2026-10-20',
    'draft',
  ],
  ['张店区应急广播终端运行维护管理办法', '规范性文件', T_RADIO, 1, [], '2026-11-25', '2026-11-26', 'draft'],
]

const SIBLINGS_2026: Record<string, Row2026[]> = {
  office: [
    [
      '张店区人民政府办公室2026年政务公开工作要点',
      '计划',
      T_OPEN,
      15,
      [],
      '2026-03-02',
      '2026-03-10',
      'published',
    ],
    ['张店区人民政府办公室主要职责', '机构职能', T_OPEN, 2, [], '2026-01-05', '2026-01-09', 'published'],
    [
      '关于做好2026年国庆节期间值班工作的通知',
      '通知',
      T_EMERG,
      12,
      ['突发事件应对'],
      '2026-09-21',
      '2026-09-24',
      'published',
    ],
    [
      '张店区2026年政府信息公开工作考核办法',
      '办法',
      T_OPEN,
      1,
      [],
      '2026-11-20',
      '2026-11-25',
      'first_review',
    ],
    [
      '张店区人民政府办公室2026年部门预算',
      '预决算',
      T_FIN,
      7,
      ['财政预决算'],
      '2026-02-03',
      '2026-02-11',
      'withdrawn',
    ],
  ],
  education: [
    [
      '张店区2026年义务教育学校招生入学工作方案',
      '方案',
      T_EDU,
      11,
      ['教育'],
      '2026-05-11',
      '2026-05-15',
      'published',
    ],
    [
      '张店区教育局2026年公开招聘教师简章',
      '公告',
      T_PERSONNEL,
      14,
      ['就业创业', '教育'],
      '2026-04-13',
      '2026-04-17',
      'published',
    ],
    [
      '张店区2026年学生资助政策及申请指南',
      '办事指南',
      T_EDU,
      11,
      ['教育', '社会救助'],
      '2026-08-24',
      '2026-08-28',
      'expired',
    ],
    [
      '张店区中小学校舍安全检查情况通报',
      '通报',
      T_SAFETY,
      13,
      ['安全生产', '教育'],
      '2026-11-19',
      '2026-11-24',
      'final_review',
    ],
    ['张店区2027年学前教育发展计划', '计划', T_EDU, 3, ['教育'], '2026-11-23', '2026-11-26', 'draft'],
  ],
  finance: [
    ['张店区2026年区级财政预算', '预决算', T_FIN, 7, ['财政预决算'], '2026-01-26', '2026-02-03', 'published'],
    ['张店区2025年区级财政决算', '预决算', T_FIN, 7, ['财政预决算'], '2026-08-17', '2026-08-21', 'published'],
    [
      '张店区政府集中采购目录及限额标准（2026年）',
      '通知',
      T_FIN,
      9,
      ['政府采购'],
      '2026-01-05',
      '2026-01-13',
      'published',
    ],
    [
      '关于2026年减税降费政策落实情况的报告',
      '报告',
      T_FIN,
      11,
      ['减税降费'],
      '2026-11-17',
      '2026-11-23',
      'returned',
    ],
    [
      '张店区2026年政府债务限额及余额情况',
      '统计信息',
      T_FIN,
      7,
      ['财政预决算'],
      '2026-11-24',
      '2026-11-26',
      'first_review',
    ],
  ],
}

function plan2026(organId: string, key: string, rows: Row2026[]): Planned[] {
  return rows.map(([title, genre, topic, art20, areas, formed, at, final], i) => ({
    key: `demo:2026:${key}:${String(i + 1).padStart(2, '0')}`,
    organId,
    entry: e(
      title,
      genre,
      topic,
      art20,
      areas,
      genre === '通知' || genre === '规范性文件' ? `${key}` : undefined,
    ),
    formed,
    at,
    sample: false,
    final,
  }))
}

const ORGAN_DOC_AGENCY: Record<string, string> = {
  radio: '张广电发',
  office: '张政办发',
  education: '张教发',
  finance: '张财发',
}

/** A plausible short summary and body for a demo entry (clearly marked as demo content). */
function demoText(entry: Entry, organName: string, sample: boolean): { summary: string; body: string } {
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

const CLEAR: Checklist = Object.fromEntries(
  CHECKLIST.map((q) => [q.key, { answer: 'no' as const, note: '' }]),
)

/** The demo's staff: the demo accounts where they exist, otherwise stand-ins (grants are per organ). */
interface Cast {
  handler: string
  officer: string
  leader: string
}

async function demoCast(deps: AppDeps): Promise<Cast> {
  const idOf = async (username: string, fallback: string) => {
    try {
      return (await getUserByUsername(deps, username)).id
    } catch (err) {
      if (isDomainError(err) && err.code === 'USER_NOT_FOUND') {
        return fallback
      }
      throw err
    }
  }
  return {
    handler: await idOf('handler', 'demo-handler'),
    officer: await idOf('officer', 'demo-officer'),
    leader: await idOf('leader', 'demo-leader'),
  }
}

function actorOn(userId: string, username: string, role: Role, organId: string): ItemActor {
  const grants: Grant[] = [{ role, organId, includeSubtree: false }]
  return { userId, username, grants }
}

export interface CatalogueDemoReport {
  created: number
  skipped: number
  /** Published 2013 sample items of 张店区广播电视局 after loading. */
  samples2013: number
}

export interface CatalogueDemoOptions {
  /** Organ ids by demo key (radio, office, education, finance); found by name when omitted. */
  organIds?: Partial<Record<'radio' | 'office' | 'education' | 'finance', string>>
  /** Skip the 2026 items (tests that only need the 2013 catalogue). */
  only2013?: boolean
}

const DEMO_ORGAN_NAMES: Record<'radio' | 'office' | 'education' | 'finance', string> = {
  radio: DEMO_RADIO_ORGAN_NAME,
  office: '张店区人民政府办公室',
  education: '张店区教育局',
  finance: '张店区财政局',
}

/**
 * Loads the demo disclosure items (idempotent: running it twice changes nothing). Needs the demo
 * organs (demo.service.ts); organs that are missing are skipped.
 */
export async function loadCatalogueDemo(
  deps: AppDeps,
  options: CatalogueDemoOptions = {},
): Promise<CatalogueDemoReport> {
  const organs = await listOrgans(deps.db.kysely)
  const find = (key: keyof typeof DEMO_ORGAN_NAMES): Organ | undefined => {
    const id = options.organIds?.[key]
    return id ? organs.find((o) => o.id === id) : organs.find((o) => o.name === DEMO_ORGAN_NAMES[key])
  }
  const radio = find('radio')
  const plans: Planned[] = []
  if (radio) {
    plans.push(...plan2013(radio.id))
  }
  if (!options.only2013) {
    if (radio) {
      plans.push(...plan2026(radio.id, 'radio', RADIO_2026))
    }
    for (const [key, rows] of Object.entries(SIBLINGS_2026)) {
      const organ = find(key as keyof typeof DEMO_ORGAN_NAMES)
      if (organ) {
        plans.push(...plan2026(organ.id, key, rows))
      }
    }
  }
  const existing = new Set(await repo.listDemoSourceKeys(deps.db.kysely))
  const cast = await demoCast(deps)
  const byId = new Map(organs.map((o) => [o.id, o]))
  const docSerial = new Map<string, number>()
  let created = 0
  let skipped = 0
  for (const p of plans) {
    const organ = byId.get(p.organId) as Organ
    // 文号 of 2026 documents: numbered per organ in plan order (stable across runs).
    let docNumber = p.docNumber
    if (!docNumber && p.entry.docPrefix && !p.sample) {
      const agency = ORGAN_DOC_AGENCY[p.entry.docPrefix] ?? '张政发'
      const n = (docSerial.get(agency) ?? 0) + 1
      docSerial.set(agency, n)
      docNumber = `${agency}〔2026〕${n}号`
    }
    if (existing.has(p.key)) {
      skipped += 1
      continue
    }
    await runPlan(deps, p, organ, cast, docNumber)
    created += 1
  }
  return {
    created,
    skipped,
    samples2013: radio ? await repo.countPublishedSamples(deps.db.kysely, radio.id, 2013) : 0,
  }
}

/** Takes one planned item through the services to its final state, on its own dates. */
async function runPlan(deps: AppDeps, p: Planned, organ: Organ, cast: Cast, docNumber: string | undefined) {
  const handler = actorOn(cast.handler, 'handler', 'handler', organ.id)
  const officer = actorOn(cast.officer, 'officer', 'officer', organ.id)
  const leader = actorOn(cast.leader, 'leader', 'leader', organ.id)
  // The demo's dates are fixed history: the packaged notices, not this installation's entries.
  const cal = packagedCalendar()
  // Drafted on the day the information was formed (or the next working day), reviewed in between.
  const draftDay = cal.nextWorkingDayOnOrAfter(p.formed)
  const at = (date: string, hour: number) => ({
    ...deps,
    clock: fixedClock(`${date}T${String(hour - 8).padStart(2, '0')}:00:00Z`),
  })
  const text = demoText(p.entry, organ.name, p.sample)
  const values: ItemFormValues = {
    ...EMPTY_ITEM_FORM,
    title: p.entry.title,
    summary: text.summary,
    bodyHtml: text.body,
    docNumber: docNumber ?? '',
    writtenDate: docNumber ? p.formed : '',
    formedDate: p.formed,
    topic: p.entry.topic,
    genre: p.entry.genre,
    art20Item: p.entry.art20 === null ? '' : String(p.entry.art20),
    keyAreas: p.entry.areas ?? [],
  }
  const { id } = await createItem(at(draftDay, 9), handler, organ.id, values, {
    sample: p.sample,
    source: p.key,
  })
  if (p.final === 'draft') {
    return
  }
  const version = async () => Number((await repo.findItemById(deps.db.kysely, id))?.version)
  const reviewDay = p.at > draftDay ? p.at : draftDay
  await submitItem(at(draftDay, 11), handler, id, await version())
  if (p.final === 'first_review') {
    return
  }
  if (p.final === 'returned') {
    await firstReview(at(reviewDay, 10), officer, id, {
      decision: 'return',
      checklist: { ...CLEAR, internal_process: { answer: 'yes', note: '征求意见稿属于过程性信息' } },
      comment: '该稿为征求意见稿，属于过程性信息；请定稿后再报，或改为公开征求意见的公告。',
      expectedVersion: await version(),
    })
    return
  }
  await firstReview(at(reviewDay, 10), officer, id, {
    decision: 'approve',
    checklist: CLEAR,
    comment: '',
    expectedVersion: await version(),
  })
  if (p.final === 'final_review') {
    return
  }
  await finalReview(at(p.at, 15), leader, id, {
    decision: 'approve',
    comment: '同意公开',
    expectedVersion: await version(),
  })
  const later = cal.addWorkingDays(p.at, 25).date
  switch (p.final) {
    case 'published':
      return
    case 'withdrawn':
      await withdrawItem(
        at(cal.addWorkingDays(p.at, 2).date, 9),
        officer,
        id,
        await version(),
        '清单内容有误，更正后另行发布',
      )
      return
    case 'expired':
      await setItemValidity(at(later, 9), officer, id, {
        validity: 'expired',
        date: later,
        replacement: '',
        expectedVersion: await version(),
      })
      return
    case 'revised':
    case 'revising': {
      const { id: copyId } = await startRevision(at(later, 9), handler, id)
      if (p.final === 'revising') {
        return
      }
      const copy = await repo.findItemById(deps.db.kysely, copyId)
      await updateDraft(at(later, 10), handler, copyId, Number(copy?.version), {
        ...values,
        title: `${p.entry.title.replace(/（2026年）$/, '')}（2026年修订）`,
        formedDate: later,
      })
      const copyVersion = async () => Number((await repo.findItemById(deps.db.kysely, copyId))?.version)
      await submitItem(at(later, 11), handler, copyId, await copyVersion())
      const reviewed = cal.addWorkingDays(later, 1).date
      await firstReview(at(reviewed, 10), officer, copyId, {
        decision: 'approve',
        checklist: CLEAR,
        comment: '',
        expectedVersion: await copyVersion(),
      })
      await finalReview(at(reviewed, 15), leader, copyId, {
        decision: 'approve',
        comment: '同意',
        expectedVersion: await copyVersion(),
      })
      return
    }
  }
}
