import { packagedCalendar } from '../../shared/calendar/packaged.js'
import {
  e,
  type Entry,
  type Planned,
  T_CLEAN,
  T_CULTURE,
  T_EMERG,
  T_FIN,
  T_OPEN,
  T_PERSONNEL,
  T_PRESS,
  T_PRICE,
  T_PROJECT,
  T_RADIO,
  T_SAFETY,
  T_STATS,
  workingDaysOf,
} from './catalogue-entries.demo.js'

/*
 * The 2013 catalogue of 张店区广播电视局 (DEMO DATA: plausible titles, invented contents):
 * EXACTLY 90 proactive disclosures, as the seed report says, marked as samples (item.sample = 1,
 * badge 示例), spread over the year's working days, topics and genres.
 */

/** The demo organ whose 2013 catalogue is seeded (see demo.data.ts). */
export const DEMO_RADIO_ORGAN_NAME = '张店区广播电视局'

/** The 2013 count the seed report gives; the demo has exactly this many sample items. */
export const DEMO_2013_COUNT = 90

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

/** The 2013 plan: 90 samples, each published on a working day of its month. */
export function plan2013(organId: string): Planned[] {
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
