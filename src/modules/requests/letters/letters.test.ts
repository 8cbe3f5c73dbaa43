import { renderToString } from 'preact-render-to-string'
import { describe, expect, it } from 'vitest'
import { letterContext } from '../../../../test/letter-context.js'
import { DomainError } from '../../../shared/errors.js'
import { perPageFee } from '../fees/index.js'
import { OUTCOMES, type OutcomeKey, type ReplyLetterKind } from '../outcomes/index.js'
import {
  chineseDate,
  composeLetter,
  defaultLetterPrefix,
  LETTER_KINDS,
  letterNumber,
  remediesClause,
  renderLetterHtml,
  type LetterDocument,
  type ReplyDetails,
} from './index.js'

const text = (d: LetterDocument): string => [d.title, d.number, d.addressee, ...d.paragraphs].join('\n')

function codeOf(f: () => unknown): string {
  try {
    f()
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err)
  }
  return 'no error'
}

const provision = { documents: ['验收报告（含附件3份）'], form: '纸质复印件', method: '随本答复书一并邮寄' }

/** Details for each outcome, as the handling would give them. */
function detailsFor(key: OutcomeKey, variant: ReplyLetterKind): ReplyDetails {
  switch (variant) {
    case 'disclose':
      return {
        variant,
        alreadyPublic: [
          { title: '验收报告', url: 'https://gk.example.cn/items/42', published: '2026-10-09' },
        ],
        provision,
      }
    case 'partly':
      return {
        variant,
        provision,
        withheld: [
          {
            part: '第4页施工单位负责人身份证号码',
            reason: '属于个人隐私',
            basis: '《中华人民共和国政府信息公开条例》第十五条',
          },
        ],
      }
    case 'refuse':
      return { variant, reason: '经审查认定' }
    case 'not_exist':
      return { variant }
    case 'no_compile':
      return { variant }
    case 'unclear':
      return { variant, correctionNoticeDate: '2026-11-24', correctedReceived: '2026-11-27' }
    case 'not_request':
      return { variant, guidance: '12345政务服务便民热线' }
    case 'repeat':
      return { variant, earlierReply: { date: '2026-10-15', number: '张广电公开〔2026〕8号' } }
    case 'excessive':
      return { variant, explanation: '您在一个月内提出申请45件，说明的理由为“个人研究”' }
    case 'terminated':
      return {
        variant,
        because: key === 'r6_1' ? 'no_correction' : 'fee_unpaid',
        noticeDate: '2026-11-23',
        deadline: '2026-12-01',
      }
    case 'other':
      return { variant, text: '申请人于2026年12月1日撤回申请，本机关终止办理。' }
  }
}

/** The article each outcome's letter must cite (条例, or the fee measures). */
const ARTICLE: Record<OutcomeKey, string> = {
  r1: '第三十六条第（一）项',
  r2: '第三十七条',
  r3_1: '第十四条',
  r3_2: '第十四条',
  r3_3: '第十四条',
  r3_4: '第十五条',
  r3_5: '第十六条第一款',
  r3_6: '第十六条第二款',
  r3_7: '第十六条第二款',
  r3_8: '第三十六条第（七）项',
  r4_1: '第三十六条第（四）项',
  r4_2: '第三十八条',
  r4_3: '第三十条',
  r5_1: '第三十九条第一款',
  r5_2: '第三十六条第（六）项',
  r5_3: '第三十九条第二款',
  r5_4: '第三十五条',
  r5_5: '第三十九条',
  r6_1: '第三十条',
  r6_2: '国办函〔2020〕109号',
  r6_3: '申请人于2026年12月1日撤回申请',
}

describe('the reply letter of each outcome', () => {
  for (const o of OUTCOMES) {
    it(`composes ${o.key} (${o.short}) citing its article, with 复议前置 exactly when the catalogue says so`, () => {
      const doc = composeLetter(
        'reply',
        letterContext<'reply'>({ outcome: o.key, details: detailsFor(o.key, o.letter) }),
      )
      const body = text(doc)
      expect(body).toContain(ARTICLE[o.key])
      expect(body).toContain('本机关于2026年11月20日收到您提出的政府信息公开申请')
      expect(doc.signature).toEqual({
        organ: '淄博市张店区广播电视局',
        date: '2026年12月4日',
        isoDate: '2026-12-04',
      })
      expect(doc.number).toBe('张广电公开〔2026〕12号')
      expect(doc.addressee).toBe('李明：')
      expect(body.includes('先向淄博市张店区人民政府申请行政复议')).toBe(o.reconsiderationFirst)
      expect(body).toContain('淄博市张店区人民政府申请行政复议')
      expect(body).not.toContain('淄博市广播电视局申请行政复议')
    })
  }

  it('links the already-public catalogue items (Art. 36(一)) and says how the rest is provided (Art. 36(二))', () => {
    const doc = composeLetter(
      'reply',
      letterContext<'reply'>({ outcome: 'r1', details: detailsFor('r1', 'disclose') }),
    )
    expect(doc.paragraphs).toContain(
      '1. 《验收报告》，2026年10月9日公开，网址：https://gk.example.cn/items/42',
    )
    expect(text(doc)).toContain(
      '提供形式：纸质复印件；提供方式：随本答复书一并邮寄（您申请的形式：纸质，邮寄；',
    )
    expect(doc.citations).toContain('《中华人民共和国政府信息公开条例》第三十六条第（二）项')
  })

  it('names the responsible organ for information that is not this organ’s to disclose (Art. 36(五))', () => {
    const doc = composeLetter(
      'reply',
      letterContext<'reply'>({
        outcome: 'r4_1',
        details: {
          variant: 'not_exist',
          notResponsible: {
            reason: '该项目由区财政局组织验收',
            organ: { name: '淄博市张店区财政局', contact: '0533-2189999' },
          },
        },
      }),
    )
    expect(text(doc)).toContain('第三十六条第（五）项')
    expect(text(doc)).toContain('负责公开该政府信息的行政机关为淄博市张店区财政局，联系方式：0533-2189999')
    expect(text(doc)).not.toContain('第三十六条第（四）项')
  })

  it('refuses an outcome told in another variant, and a termination before its deadline passed', () => {
    expect(
      codeOf(() =>
        composeLetter(
          'reply',
          letterContext<'reply'>({ outcome: 'r3_1', details: detailsFor('r1', 'disclose') }),
        ),
      ),
    ).toBe('LETTER_CONTEXT_INVALID')
    const early = letterContext<'reply'>({
      outcome: 'r6_1',
      details: {
        variant: 'terminated',
        because: 'no_correction',
        noticeDate: '2026-11-23',
        deadline: '2026-12-10',
      },
    })
    expect(codeOf(() => composeLetter('reply', early))).toBe('LETTER_CONTEXT_INVALID')
  })
})

describe('the notices', () => {
  it('receipt: tracking number, the 20-working-day rule with its due date, the 补正 notice date (条例 Arts. 30, 33)', () => {
    const doc = composeLetter(
      'receipt',
      letterContext<'receipt'>(
        { replyDue: '2026-12-18', correctionNoticeDue: '2026-12-01', trackingSecret: 'k7Q2x' },
        { date: '2026-11-20' },
      ),
    )
    expect(doc.title).toBe(LETTER_KINDS.receipt.title)
    const body = text(doc)
    expect(body).toContain('申请编号：ZD2026-000123；查询密码：k7Q2x')
    expect(body).toContain('第三十三条第二款')
    expect(body).toContain('20个工作日内，即2026年12月18日前予以答复')
    expect(body).toContain('7个工作日内，即2026年12月1日前')
  })

  it('receipt of a 2013 request states the 2008 regulation’s 15 working days', () => {
    const doc = composeLetter(
      'receipt',
      letterContext<'receipt'>(
        { replyDue: '2013-04-09' },
        {
          date: '2013-03-19',
          request: {
            received: '2013-03-19',
            description: '2012年广播电视工作总结',
            trackingNumber: 'ZD2013-1',
          },
        },
      ),
    )
    expect(text(doc)).toContain('（2007年公布）第二十四条第二款')
    expect(text(doc)).toContain('15个工作日内，即2013年4月9日前')
    expect(doc.signature.date).toBe('2013年3月19日')
  })

  it('补正告知书 lists every matter, the period, and the restart of the clock (Art. 30)', () => {
    const doc = composeLetter(
      'correction',
      letterContext<'correction'>({ items: ['请写明项目名称', '请写明验收年份'], correctBy: '2026-12-18' }),
    )
    expect(doc.paragraphs).toContain('1. 请写明项目名称')
    expect(doc.paragraphs).toContain('2. 请写明验收年份')
    expect(text(doc)).toContain('请于2026年12月18日前')
    expect(text(doc)).toContain('答复期限自本机关收到补正的申请之日起计算')
    expect(text(doc)).toContain('视为放弃申请')
  })

  it('延期答复告知书 gives the new due date, and refuses more than the 20 working days of Art. 33', () => {
    const ext = (workingDays: number) =>
      letterContext<'extension'>({
        reason: '需调取档案',
        workingDays,
        originalDue: '2026-12-18',
        newDue: '2027-01-18',
      })
    const doc = composeLetter('extension', ext(20))
    expect(text(doc)).toContain('答复期限延长20个工作日，本机关将于2027年1月18日前作出答复')
    expect(text(doc)).toContain('政府信息公开工作机构负责人同意')
    expect(codeOf(() => composeLetter('extension', ext(21)))).toBe('LETTER_CONTEXT_INVALID')
  })

  it('征求意见书 to a third party: 15 working days, no applicant named (Art. 32)', () => {
    const doc = composeLetter(
      'consultation_third_party',
      letterContext<'consultation_third_party'>({
        consultee: { name: '山东某某网络工程有限公司' },
        information: '验收报告所附的施工合同',
        interests: '商业秘密',
        replyBy: '2026-12-25',
      }),
    )
    expect(doc.addressee).toBe('山东某某网络工程有限公司：')
    expect(text(doc)).toContain('第三十二条')
    expect(text(doc)).toContain('15个工作日内，即2026年12月25日前')
    expect(text(doc)).not.toContain('李明')
  })

  it('征求意见书 to a co-producing organ: silence is consent (Art. 34)', () => {
    const doc = composeLetter(
      'consultation_organ',
      letterContext<'consultation_organ'>({
        consultee: { name: '淄博市张店区财政局' },
        information: '验收报告',
        replyBy: '2026-12-25',
      }),
    )
    expect(text(doc)).toContain('第三十四条')
    expect(text(doc)).toContain('逾期未提出意见的，视为同意公开')
  })

  it('收费通知书: amount with the fee explanation, pay within 20 working days or the request is abandoned', () => {
    const doc = composeLetter(
      'fee',
      letterContext<'fee'>({
        fee: perPageFee(150),
        paymentMethod: '通过山东省非税收入缴款平台缴纳。',
        payBy: '2027-01-04',
      }),
    )
    const body = text(doc)
    expect(body).toContain('应缴金额：人民币1700元。')
    expect(body).toContain('第31—100页：70页 × 10元 = 700元')
    expect(body).toContain('国办函〔2020〕109号')
    expect(body).toContain('20个工作日内，即2027年1月4日前缴纳。逾期未缴纳的，视为放弃申请')
  })
})

describe('the remedies clause', () => {
  const organ = letterContext<'reply'>({ outcome: 'r1', details: { variant: 'other', text: 'x' } }).organ

  it('from 2024-01-01: the 本级人民政府 (行政复议法 Art. 24), 60 days, or 6 months in court; no 复议前置 for a disclosure', () => {
    const c = remediesClause({ date: '2024-01-01', organ, refusal: 'none' })
    expect(c.regime).toBe('2024')
    expect(c.text).toBe(
      '如对本答复不服，可以自收到本答复之日起六十日内向淄博市张店区人民政府申请行政复议，也可以自收到本答复之日起六个月内向人民法院提起行政诉讼。',
    )
    expect(c.citations[0]).toContain('第二十条、第二十四条第一款第（一）项')
  })

  it('from 2024-01-01: a refusal says reconsideration comes first (Art. 23(一)(四)); a partial one for the withheld part only', () => {
    const whole = remediesClause({ date: '2026-12-04', organ, refusal: 'whole' })
    expect(whole.reconsiderationFirst).toBe(true)
    expect(whole.text).toContain('第二十三条第一款第（四）项')
    expect(whole.text).toContain('应当自收到本答复之日起六十日内先向淄博市张店区人民政府申请行政复议')
    expect(whole.text).not.toContain('六个月')
    const part = remediesClause({ date: '2026-12-04', organ, refusal: 'part' })
    expect(part.text).toContain('如对本答复中不予公开部分的决定不服，应当')
    expect(part.text).toContain('如对本答复的其他内容不服，可以')
  })

  it('before 2024-01-01: the choice of 本级人民政府 or 上一级主管部门 and no 复议前置, even for a refusal', () => {
    const c = remediesClause({ date: '2023-12-31', organ, refusal: 'whole' })
    expect(c.regime).toBe('before_2024')
    expect(c.reconsiderationFirst).toBe(false)
    expect(c.text).toContain('向淄博市张店区人民政府或者淄博市广播电视局申请行政复议')
    expect(c.text).toContain('六个月内')
    expect(c.text).not.toContain('先向')
  })

  it('before 2015-05-01: three months to go to court (行政诉讼法 1989 Art. 39)', () => {
    const c = remediesClause({ date: '2013-04-09', organ, refusal: 'none' })
    expect(c.text).toContain('三个月内向人民法院提起行政诉讼')
  })

  it('a government’s own act goes to the next government up; a vertical body’s to its superior department', () => {
    const gov = remediesClause({
      date: '2026-12-04',
      organ: { reconsideration: { level: 'government', superiorGovernment: '淄博市人民政府' } },
      refusal: 'none',
    })
    expect(gov.text).toContain('向淄博市人民政府申请行政复议')
    const vertical = remediesClause({
      date: '2026-12-04',
      organ: { reconsideration: { level: 'vertical', superiorDepartment: '国家税务总局淄博市税务局' } },
      refusal: 'none',
    })
    expect(vertical.citations[0]).toContain('第二十七条')
  })
})

describe('dates and numbers', () => {
  it('writes dates in the official Chinese form without leading zeros', () => {
    expect(chineseDate('2026-12-04')).toBe('2026年12月4日')
    expect(chineseDate('2027-01-18')).toBe('2027年1月18日')
    expect(codeOf(() => chineseDate('2026-02-30'))).toBe('LETTER_CONTEXT_INVALID')
  })

  it('formats the letter number with 六角括号 and derives the default prefix from the short name', () => {
    expect(letterNumber('张广电公开', 2026, 12)).toBe('张广电公开〔2026〕12号')
    expect(
      letterNumber(defaultLetterPrefix({ shortName: '张广电', name: '淄博市张店区广播电视局' }), 2026, 1),
    ).toBe('张广电公开〔2026〕1号')
    expect(defaultLetterPrefix({ name: '张店区政府办' })).toBe('张店区政府办公开')
    expect(codeOf(() => letterNumber('张广电公开', 2026, 0))).toBe('LETTER_NUMBER_INVALID')
    expect(codeOf(() => letterNumber('', 2026, 1))).toBe('LETTER_NUMBER_INVALID')
  })
})

describe('the printable page', () => {
  it('has no script, escapes markup from the applicant, links the catalogue items and prints on A4', () => {
    const ctx = letterContext<'reply'>(
      { outcome: 'r1', details: detailsFor('r1', 'disclose') },
      {
        applicant: { type: 'person', name: '<script>alert(1)</script>' },
        request: { received: '2026-11-20', description: '"><img src=x onerror=alert(1)>' },
      },
    )
    const html = renderToString(renderLetterHtml(composeLetter('reply', ctx)))
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;script>alert(1)&lt;/script>：')
    expect(html).toContain('<a href="https://gk.example.cn/items/42">https://gk.example.cn/items/42</a>')
    expect(html).toContain('<link rel="stylesheet" href="/static/letter.css"/>')
    expect(html).toContain('<time datetime="2026-12-04">2026年12月4日</time>')
    expect(html).toContain('<h1 id="letter-title" class="letter-title">政府信息公开申请答复书</h1>')
  })
})
