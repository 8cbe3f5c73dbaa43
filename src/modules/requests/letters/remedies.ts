import { parseIsoDate } from '../../../shared/dates.js'
import { DomainError } from '../../../shared/errors.js'
import type { LetterOrgan, ReconsiderationJurisdiction } from './letter.js'

/**
 * The remedies clause (救济途径告知) of a reply, by the law in force on the letter's date
 * (regulation.md §6.1). 条例 Art. 51: the applicant may apply for 行政复议 or bring 行政诉讼.
 *
 * From 2024-01-01, 《中华人民共和国行政复议法》 (revised 2023-09-01, Art. 90 in force 2024-01-01):
 * - Art. 20: 「自知道或者应当知道该行政行为之日起六十日内提出行政复议申请」;
 * - Art. 24 para. 1(一): a county-level or higher government hears the acts of its 工作部门 (the old
 *   choice of the 上一级主管部门 is gone); (二): a government's acts go to the next government up;
 *   Art. 27: vertically managed bodies go to the 上一级主管部门;
 * - Art. 23 para. 1(四) and para. 2: 「申请政府信息公开，行政机关不予公开」 — reconsideration first (复议前置),
 *   and the organ 「应当告知…先向行政复议机关申请行政复议」; then 《行政诉讼法》 Art. 45: 15 days after the
 *   reconsideration decision;
 * - otherwise 行政诉讼法 (2017) Art. 46: direct litigation within 六个月.
 *
 * Before 2024-01-01, the 1999 行政复议法 (as amended 2009/2017; ◐ the text is not in regulation.md,
 * which quotes only the old template wording): Art. 9 sixty days; Art. 12 a department's acts to 本级
 * 人民政府 or 上一级主管部门 at the applicant's choice; Art. 13 a government's acts to the next government
 * up; no 复议前置 for disclosure. Direct litigation: 六个月 under 行政诉讼法 (2014 amendment, in force
 * 2015-05-01) Art. 46; 三个月 before that under the 1989 text, Art. 39 (◐ from the statute's history,
 * not from regulation.md).
 */

/** 行政复议法 (2023 revision) Art. 90: 「本法自2024年1月1日起施行」. */
export const RECONSIDERATION_LAW_2023_IN_FORCE = '2024-01-01'
/** 行政诉讼法 as amended on 2014-11-01, in force 2015-05-01 (Art. 46: six months) ◐. */
export const LITIGATION_LAW_2014_IN_FORCE = '2015-05-01'
/** 行政复议法 (2023) Art. 20; 1999 text Art. 9. */
export const RECONSIDERATION_DAYS_TEXT = '六十日'
/** 行政诉讼法 (2014/2017) Art. 46. */
export const LITIGATION_PERIOD_TEXT = '六个月'
/** 行政诉讼法 (1989) Art. 39 ◐. */
export const LITIGATION_PERIOD_1989_TEXT = '三个月'
/** 行政诉讼法 Art. 45: after a reconsideration decision. */
export const AFTER_RECONSIDERATION_TEXT = '十五日'

const RECON_2023 = '《中华人民共和国行政复议法》'
const RECON_1999 = '《中华人民共和国行政复议法》（2024年1月1日前施行的文本）'
const LITIGATION = '《中华人民共和国行政诉讼法》'
const LITIGATION_1989 = '《中华人民共和国行政诉讼法》（1989年公布的文本）'

export type RefusalScope =
  /** No part of the decision is a refusal to disclose. */
  | 'none'
  /** 不予公开 (条例 Art. 36(三)): the whole decision comes under 复议前置. */
  | 'whole'
  /** 部分公开 (条例 Art. 37): the withheld part comes under 复议前置, the rest does not. */
  | 'part'

export interface RemediesInput {
  /** The letter's date, YYYY-MM-DD: the law in force on it applies. */
  date: string
  organ: Pick<LetterOrgan, 'reconsideration' | 'court'>
  refusal: RefusalScope
}

export interface RemediesClause {
  regime: '2024' | 'before_2024'
  /** True when the clause says reconsideration comes first. */
  reconsiderationFirst: boolean
  text: string
  citations: string[]
}

function body2024(j: ReconsiderationJurisdiction): { body: string; article: string } {
  switch (j.level) {
    case 'department':
      return { body: j.government, article: '第二十四条第一款第（一）项' }
    case 'government':
      return { body: j.superiorGovernment, article: '第二十四条第一款第（二）项' }
    case 'vertical':
      return { body: j.superiorDepartment, article: '第二十七条' }
  }
}

function body1999(j: ReconsiderationJurisdiction): { body: string; article: string } {
  switch (j.level) {
    case 'department':
      return {
        body: `${j.government}或者${j.superiorDepartment?.trim() || '上一级主管部门'}`,
        article: '第十二条第一款',
      }
    case 'government':
      return { body: j.superiorGovernment, article: '第十三条' }
    case 'vertical':
      return { body: j.superiorDepartment, article: '第十二条第二款' }
  }
}

/** The clause for a reply dated `input.date`; 复议前置 exactly when the decision refuses disclosure. */
export function remediesClause(input: RemediesInput): RemediesClause {
  if (!parseIsoDate(input.date)) {
    throw new DomainError('LETTER_CONTEXT_INVALID', `remedies: not a YYYY-MM-DD date: ${input.date}`)
  }
  const court = input.organ.court?.trim() || '人民法院'
  if (input.date < RECONSIDERATION_LAW_2023_IN_FORCE) {
    const { body, article } = body1999(input.organ.reconsideration)
    const old = input.date < LITIGATION_LAW_2014_IN_FORCE
    const months = old ? LITIGATION_PERIOD_1989_TEXT : LITIGATION_PERIOD_TEXT
    return {
      regime: 'before_2024',
      reconsiderationFirst: false,
      text: `如对本答复不服，可以自收到本答复之日起${RECONSIDERATION_DAYS_TEXT}内向${body}申请行政复议，也可以自收到本答复之日起${months}内向${court}提起行政诉讼。`,
      citations: [
        `${RECON_1999}第九条、${article}`,
        old ? `${LITIGATION_1989}第三十九条` : `${LITIGATION}第四十六条`,
      ],
    }
  }
  const { body, article } = body2024(input.organ.reconsideration)
  const optional = `可以自收到本答复之日起${RECONSIDERATION_DAYS_TEXT}内向${body}申请行政复议，也可以自收到本答复之日起${LITIGATION_PERIOD_TEXT}内向${court}提起行政诉讼。`
  const first = `应当自收到本答复之日起${RECONSIDERATION_DAYS_TEXT}内先向${body}申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起${AFTER_RECONSIDERATION_TEXT}内依法向${court}提起行政诉讼。`
  const basisFirst = `根据${RECON_2023}第二十三条第一款第（四）项的规定，`
  const citations = [`${RECON_2023}第二十条、${article}`]
  switch (input.refusal) {
    case 'none':
      return {
        regime: '2024',
        reconsiderationFirst: false,
        text: `如对本答复不服，${optional}`,
        citations: [...citations, `${LITIGATION}第四十六条`],
      }
    case 'whole':
      return {
        regime: '2024',
        reconsiderationFirst: true,
        text: `${basisFirst}如对本机关不予公开的决定不服，${first}`,
        citations: [...citations, `${RECON_2023}第二十三条第一款第（四）项`, `${LITIGATION}第四十五条`],
      }
    case 'part':
      return {
        regime: '2024',
        reconsiderationFirst: true,
        text: `${basisFirst}如对本答复中不予公开部分的决定不服，${first}如对本答复的其他内容不服，${optional}`,
        citations: [
          ...citations,
          `${RECON_2023}第二十三条第一款第（四）项`,
          `${LITIGATION}第四十五条`,
          `${LITIGATION}第四十六条`,
        ],
      }
  }
}
