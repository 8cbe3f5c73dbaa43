/**
 * Every statutory period the platform counts or states, in one place, with its article. Periods in
 * 工作日 are counted on the working-day calendar (workdays.ts): day 1 is the first working day
 * after the starting day. Pages state them from here; no page writes the number itself.
 *
 * 条例 = 《中华人民共和国政府信息公开条例》 (国务院令第711号, revised 2019, in force 2019-05-15);
 * 2008 条例 = the same regulation as first enacted (国务院令第492号, in force 2008-05-01).
 */

/**
 * 条例 Art. 26: 「属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。」
 * (Laws and regulations with a different period take precedence; none is modelled here.)
 */
export const ART26_PUBLICATION_WORKING_DAYS = 20

/** 条例 Art. 33 para. 1: 「不能当场答复的，应当自收到申请之日起20个工作日内予以答复」. */
export const ART33_REPLY_WORKING_DAYS = 20

/**
 * 条例 Art. 33 para. 1: 「需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限
 * 最长不得超过20个工作日」.
 */
export const ART33_EXTENSION_WORKING_DAYS = 20

/** 条例 Art. 30: 「应当自收到申请之日起7个工作日内一次性告知申请人作出补正」. */
export const ART30_CORRECTION_NOTICE_WORKING_DAYS = 7

/** 条例 Art. 32: 「第三方应当自收到征求意见书之日起15个工作日内提出意见」. */
export const ART32_CONSULTEE_WORKING_DAYS = 15

/**
 * 条例 Art. 34: a co-producing organ consulted by the lead organ 「应当自收到征求意见书之日起15个工作日内
 * 提出意见，逾期未提出意见的视为同意公开」.
 */
export const ART34_CO_PRODUCER_WORKING_DAYS = 15

/**
 * 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号) as implemented by the provincial and ministerial
 * notices (regulation.md §3.4): 「申请人应当在收到收费通知次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请」.
 */
export const FEE_PAYMENT_WORKING_DAYS = 20

/** 2008 条例 Art. 24 para. 2: reply 「自收到申请之日起15个工作日内」 (requests received before the switch date). */
export const REG2008_ART24_REPLY_WORKING_DAYS = 15

/** 2008 条例 Art. 24 para. 2: an extension 「最长不得超过15个工作日」. */
export const REG2008_ART24_EXTENSION_WORKING_DAYS = 15

/**
 * The revised 条例 (国务院令第711号, Art. 56: 「本条例自2019年5月15日起施行」) applies to requests
 * received on or after this date; earlier ones keep the 2008 periods.
 */
export const REVISED_REGULATION_IN_FORCE = '2019-05-15'

/** The reply period and its longest extension for a request received on `receivedDate` (YYYY-MM-DD). */
export function replyPeriodsFor(receivedDate: string): {
  replyWorkingDays: number
  extensionWorkingDays: number
  /** Which text the periods come from. */
  basis: '条例第三十三条' | '2008年条例第二十四条'
} {
  return receivedDate >= REVISED_REGULATION_IN_FORCE
    ? {
        replyWorkingDays: ART33_REPLY_WORKING_DAYS,
        extensionWorkingDays: ART33_EXTENSION_WORKING_DAYS,
        basis: '条例第三十三条',
      }
    : {
        replyWorkingDays: REG2008_ART24_REPLY_WORKING_DAYS,
        extensionWorkingDays: REG2008_ART24_EXTENSION_WORKING_DAYS,
        basis: '2008年条例第二十四条',
      }
}
