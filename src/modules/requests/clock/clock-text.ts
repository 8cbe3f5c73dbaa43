import type { ClockResult, ClockState, ExplainedDay } from './clock.js'

/** The Chinese wording of the clock's explanation, shared by pages, letters and the CLI. */

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']

export const CLOCK_STATE_LABELS: Record<ClockState, string> = {
  running: '办理中（答复期限计算中）',
  waiting_for_correction: '等待申请人补正（答复期限自收到补正之日起计算）',
  abandoned_no_correction: '申请人逾期未补正，视为放弃申请（条例第三十条）',
  waiting_for_fee: '等待申请人缴纳信息处理费',
  abandoned_fee_unpaid: '申请人逾期未缴纳信息处理费，视为放弃申请',
}

function weekdayOf(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? ''
}

/** One line per day, e.g. 「2026-10-10 星期六 第11个工作日（国庆节调休上班）」. */
export function explainDayText(d: ExplainedDay): string {
  const head = `${d.date} ${weekdayOf(d.date)} `
  switch (d.reason) {
    case 'working_day':
      return `${head}第${d.ordinal}个工作日`
    case 'make_up_day':
      return `${head}第${d.ordinal}个工作日（${d.holiday ?? ''}调休上班）`
    case 'weekend':
      return `${head}不计入：周末休息日`
    case 'holiday':
      return `${head}不计入：法定节假日（${d.holiday ?? ''}）`
    case 'consultation':
      return `${head}不计入：征求第三方或其他机关意见期间（条例第三十三条第二款）`
    case 'waiting_for_correction':
      return `${head}不计入：等待申请人补正（条例第三十条）`
  }
}

/** The summary lines above the explanation. */
export function clockSummaryText(r: ClockResult): string[] {
  const lines = [
    `适用规定：${r.regime.basis}（答复期限${r.regime.replyWorkingDays}个工作日，最长可延长${r.regime.extensionWorkingDays}个工作日）`,
    `补正告知应于 ${r.correctionNoticeDue} 前发出（条例第三十条：收到申请之日起7个工作日内）`,
    `状态：${CLOCK_STATE_LABELS[r.state]}`,
  ]
  if (r.due) {
    lines.unshift(
      `答复期限：${r.due}（自 ${r.start} 的次日起计算第${r.workingDays}个工作日，民法典第二百零一条）`,
    )
  }
  if (r.feePaymentDue) {
    lines.push(`信息处理费应于 ${r.feePaymentDue} 前缴纳（收到收费通知次日起20个工作日内）`)
  }
  return lines
}
