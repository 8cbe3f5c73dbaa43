import { describe, expect, it } from 'vitest'
import { completeUscc } from '../organs/index.js'
import { maskText, scanPersonalInfo } from './pii-scan.js'

const kinds = (text: string, opts = {}) => scanPersonalInfo(text, opts).map((h) => [h.kind, h.match])

describe('scanPersonalInfo', () => {
  it('finds an ID number with a valid check digit, in context, and masks it', () => {
    const text = '申请人张小三，身份证号370303199001011239，住址不详。'
    const [hit] = scanPersonalInfo(text)
    expect(hit).toMatchObject({
      kind: 'id_number',
      match: '370303199001011239',
      masked: '3703**********1239',
      start: text.indexOf('3703'),
      end: text.indexOf('3703') + 18,
    })
    expect(hit?.context.before).toBe('申请人张小三，身份证号')
    expect(hit?.context.after).toBe('，住址不详。')
  })

  it('ignores 18-digit numbers with a wrong check digit or an impossible birth date, and digits inside longer runs', () => {
    expect(kinds('编号370303199001011234')).toEqual([])
    expect(kinds('编号370303199013011230')).toEqual([])
    expect(kinds('流水号1370303199001011239')).toEqual([])
  })

  it('accepts a lower-case x check digit', () => {
    expect(kinds('证件11010519491231002x。')).toEqual([['id_number', '11010519491231002x']])
  })

  it('finds Luhn-valid bank cards only, with or without spaces', () => {
    expect(kinds('卡号6222021234567890128，另4111 1111 1111 1111；错4111111111111112')).toEqual([
      ['bank_card', '6222021234567890128'],
      ['bank_card', '4111 1111 1111 1111'],
    ])
  })

  it('finds a 个体工商户 credit code (92…) but not a company’s (91…)', () => {
    const ind = completeUscc('92370303MA3C12345')
    const co = completeUscc('91370303MA3C12345')
    expect(kinds(`经营者代码${ind}，公司代码${co}`)).toEqual([['uscc_individual', ind]])
  })

  it('finds mobiles, landlines and e-mail addresses, not a sentence’s full stop', () => {
    expect(kinds('电话13812345678或0533-2181234，邮箱zhang.san@example.com.')).toEqual([
      ['mobile', '13812345678'],
      ['landline', '0533-2181234'],
      ['email', 'zhang.san@example.com'],
    ])
    expect(kinds('号码12812345678、1381234567')).toEqual([])
  })

  it('finds the applicant’s name and address when given, and not a one-character name', () => {
    const text = '经查，张小三居住于山东省淄博市张店区人民西路1号。'
    expect(kinds(text, { applicant: { name: '张小三', address: '山东省淄博市张店区人民西路1号' } })).toEqual([
      ['applicant_name', '张小三'],
      ['applicant_address', '山东省淄博市张店区人民西路1号'],
    ])
    expect(kinds(text, { applicant: { name: '张' } })).toEqual([])
  })

  it('maskText masks the chosen hits and leaves the rest', () => {
    const text = '身份证370303199001011239，手机13812345678'
    const hits = scanPersonalInfo(text)
    expect(maskText(text, hits)).toBe('身份证3703**********1239，手机138****5678')
    expect(maskText(text, hits.slice(1))).toBe('身份证370303199001011239，手机138****5678')
  })

  it('scans 1 MB of text with hits in well under a second', () => {
    const para = '张店区广播电视局关于2026年工作的通知，联系电话0533-2181234，身份证370303199001011239。'
    const text = para.repeat(Math.ceil(1_000_000 / para.length))
    const t0 = performance.now()
    const hits = scanPersonalInfo(text)
    const ms = performance.now() - t0
    expect(hits.length).toBeGreaterThan(20_000)
    expect(ms).toBeLessThan(1000)
  })

  it('stays linear on a long run without an @ or digits boundary', () => {
    const text = `${'a'.repeat(500_000)}@${'b'.repeat(500_000)}`
    const t0 = performance.now()
    expect(scanPersonalInfo(text)).toEqual([])
    expect(performance.now() - t0).toBeLessThan(1000)
  })
})
