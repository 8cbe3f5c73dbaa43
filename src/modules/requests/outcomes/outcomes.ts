/**
 * The outcomes of a request (办理结果), one-to-one with the rows of table 三 of the annual report
 * (《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号), each with the legal
 * ground of the 条例 (2019) it rests on. The keys are the report's exchange-format row keys, so the
 * annual report counts a request by its outcome key and nothing else.
 */

export const OUTCOME_KEYS = [
  'r1',
  'r2',
  'r3_1',
  'r3_2',
  'r3_3',
  'r3_4',
  'r3_5',
  'r3_6',
  'r3_7',
  'r3_8',
  'r4_1',
  'r4_2',
  'r4_3',
  'r5_1',
  'r5_2',
  'r5_3',
  'r5_4',
  'r5_5',
  'r6_1',
  'r6_2',
  'r6_3',
] as const
export type OutcomeKey = (typeof OUTCOME_KEYS)[number]

/** The report's groups (一)…(六). */
export type OutcomeGroup = 'disclosed' | 'partly' | 'refused' | 'unable' | 'not_processed' | 'other'

/** Which reply letter (答复书 / 告知书) an outcome is told in. */
export type ReplyLetterKind =
  | 'disclose' // 予以公开 (条例 Art. 36(一)(二))
  | 'partly' // 部分公开 (Art. 37)
  | 'refuse' // 不予公开 (Art. 36(三))
  | 'not_exist' // 信息不存在 / 非本机关负责公开 (Art. 36(四)(五))
  | 'no_compile' // 需另行制作 (Art. 38)
  | 'unclear' // 补正后仍不明确 (Art. 30)
  | 'not_request' // 不作为政府信息公开申请处理 (Art. 39)
  | 'repeat' // 重复申请 (Art. 36(六))
  | 'excessive' // 大量反复申请 (Art. 35)
  | 'terminated' // 不再处理 (逾期不补正 / 未缴费)
  | 'other'

export interface OutcomeDefinition {
  key: OutcomeKey
  group: OutcomeGroup
  /** The row label exactly as printed in the 2021 format. */
  label: string
  /** A short label for lists and buttons. */
  short: string
  /** The legal ground cited in the reply letter. */
  basis: string
  letter: ReplyLetterKind
  /**
   * 行政复议法 (2023) Art. 23(一)(四): against 「申请政府信息公开，行政机关不予公开」 reconsideration
   * comes first (复议前置); the letter must say so.
   */
  reconsiderationFirst: boolean
  /** The outcome ends the request without a decision on the information (no letter on the merits). */
  terminal: boolean
}

const d = (
  key: OutcomeKey,
  group: OutcomeGroup,
  label: string,
  short: string,
  basis: string,
  letter: ReplyLetterKind,
  reconsiderationFirst = false,
  terminal = false,
): OutcomeDefinition => ({ key, group, label, short, basis, letter, reconsiderationFirst, terminal })

export const OUTCOMES: readonly OutcomeDefinition[] = [
  d(
    'r1',
    'disclosed',
    '（一）予以公开',
    '予以公开',
    '《政府信息公开条例》第三十六条第（一）项、第（二）项',
    'disclose',
  ),
  d(
    'r2',
    'partly',
    '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    '部分公开',
    '《政府信息公开条例》第三十七条',
    'partly',
    true,
  ),
  d(
    'r3_1',
    'refused',
    '1.属于国家秘密',
    '不予公开：国家秘密',
    '《政府信息公开条例》第十四条、第三十六条第（三）项',
    'refuse',
    true,
  ),
  d(
    'r3_2',
    'refused',
    '2.其他法律行政法规禁止公开',
    '不予公开：法律行政法规禁止公开',
    '《政府信息公开条例》第十四条、第三十六条第（三）项',
    'refuse',
    true,
  ),
  d(
    'r3_3',
    'refused',
    '3.危及“三安全一稳定”',
    '不予公开：危及“三安全一稳定”',
    '《政府信息公开条例》第十四条、第三十六条第（三）项',
    'refuse',
    true,
  ),
  d(
    'r3_4',
    'refused',
    '4.保护第三方合法权益',
    '不予公开：保护第三方合法权益',
    '《政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项',
    'refuse',
    true,
  ),
  d(
    'r3_5',
    'refused',
    '5.属于三类内部事务信息',
    '不予公开：内部事务信息',
    '《政府信息公开条例》第十六条第一款、第三十六条第（三）项',
    'refuse',
    true,
  ),
  d(
    'r3_6',
    'refused',
    '6.属于四类过程性信息',
    '不予公开：过程性信息',
    '《政府信息公开条例》第十六条第二款、第三十六条第（三）项',
    'refuse',
    true,
  ),
  d(
    'r3_7',
    'refused',
    '7.属于行政执法案卷',
    '不予公开：行政执法案卷',
    '《政府信息公开条例》第十六条第二款、第三十六条第（三）项',
    'refuse',
    true,
  ),
  d(
    'r3_8',
    'refused',
    '8.属于行政查询事项',
    '不予公开：行政查询事项',
    '《政府信息公开条例》第三十六条第（七）项',
    'refuse',
    true,
  ),
  d(
    'r4_1',
    'unable',
    '1.本机关不掌握相关政府信息',
    '无法提供：本机关不掌握',
    '《政府信息公开条例》第三十六条第（四）项、第（五）项',
    'not_exist',
  ),
  d(
    'r4_2',
    'unable',
    '2.没有现成信息需要另行制作',
    '无法提供：需另行制作',
    '《政府信息公开条例》第三十八条',
    'no_compile',
  ),
  d(
    'r4_3',
    'unable',
    '3.补正后申请内容仍不明确',
    '无法提供：补正后仍不明确',
    '《政府信息公开条例》第三十条',
    'unclear',
  ),
  d(
    'r5_1',
    'not_processed',
    '1.信访举报投诉类申请',
    '不予处理：信访举报投诉类',
    '《政府信息公开条例》第三十九条第一款',
    'not_request',
  ),
  d(
    'r5_2',
    'not_processed',
    '2.重复申请',
    '不予处理：重复申请',
    '《政府信息公开条例》第三十六条第（六）项',
    'repeat',
  ),
  d(
    'r5_3',
    'not_processed',
    '3.要求提供公开出版物',
    '不予处理：要求提供公开出版物',
    '《政府信息公开条例》第三十九条第二款',
    'not_request',
  ),
  d(
    'r5_4',
    'not_processed',
    '4.无正当理由大量反复申请',
    '不予处理：大量反复申请',
    '《政府信息公开条例》第三十五条',
    'excessive',
  ),
  d(
    'r5_5',
    'not_processed',
    '5.要求行政机关确认或重新出具已获取信息',
    '不予处理：要求确认或重新出具',
    '《政府信息公开条例》第三十九条',
    'not_request',
  ),
  d(
    'r6_1',
    'other',
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '其他：逾期不补正',
    '《政府信息公开条例》第三十条',
    'terminated',
    false,
    true,
  ),
  d(
    'r6_2',
    'other',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '其他：逾期未缴费',
    '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
    'terminated',
    false,
    true,
  ),
  d('r6_3', 'other', '3.其他', '其他处理', '《政府信息公开条例》', 'other'),
]

const BY_KEY = new Map(OUTCOMES.map((o) => [o.key, o]))

export function isOutcomeKey(value: string): value is OutcomeKey {
  return BY_KEY.has(value as OutcomeKey)
}

export function outcomeOf(key: OutcomeKey): OutcomeDefinition {
  const found = BY_KEY.get(key)
  if (!found) {
    throw new Error(`unknown outcome ${key}`)
  }
  return found
}

/** The group headings of the 2021 table, for grouped choices and the report. */
export const OUTCOME_GROUP_LABELS: Record<OutcomeGroup, string> = {
  disclosed: '（一）予以公开',
  partly: '（二）部分公开',
  refused: '（三）不予公开',
  unable: '（四）无法提供',
  not_processed: '（五）不予处理',
  other: '（六）其他处理',
}
