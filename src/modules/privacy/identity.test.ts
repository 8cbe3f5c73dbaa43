import { describe, expect, it } from 'vitest'
import { completeUscc } from '../organs/index.js'
import {
  checkIdNumber,
  checkUscc,
  idCheckChar,
  isBankCard,
  isEmail,
  isLandline,
  isMobile,
  isValidIdNumber,
  luhnValid,
  maskAddress,
  maskBankCard,
  maskEmail,
  maskIdNumber,
  maskName,
  maskPhone,
  maskUscc,
} from './identity.js'

/** A valid number from 17 digits (the check digit computed). */
const id = (body17: string) => body17 + idCheckChar(body17)

describe('居民身份证 numbers (GB 11643-1999)', () => {
  it('accepts the standard’s example 11010519491231002X and reads region, birth date and sex', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({
      ok: true,
      number: '11010519491231002X',
      region: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    })
  })

  it('accepts a lower-case x, full-width digits and surrounding spaces, and gives the upper-case number', () => {
    expect(checkIdNumber(' 11010519491231002x ')).toMatchObject({ ok: true, number: '11010519491231002X' })
    expect(checkIdNumber('３７０３０３１９９００１０１１２３９')).toMatchObject({
      ok: true,
      number: '370303199001011239',
    })
  })

  it('says an odd 顺序码 is a man', () => {
    expect(checkIdNumber(id('37030319900101123'))).toMatchObject({ ok: true, sex: 'male' })
  })

  it('refuses a wrong check digit, naming the expected one', () => {
    expect(checkIdNumber('370303199001011234')).toMatchObject({
      ok: false,
      reason: 'check_digit',
      expected: '9',
    })
    expect(isValidIdNumber('370303199001011234')).toBe(false)
    expect(isValidIdNumber('370303199001011239')).toBe(true)
  })

  it('refuses 17 and 19 characters, and 15-digit first-generation numbers, as a length problem', () => {
    expect(checkIdNumber('37030319900101123')).toMatchObject({ ok: false, reason: 'length' })
    expect(checkIdNumber('3703031990010112390')).toMatchObject({ ok: false, reason: 'length' })
    expect(checkIdNumber('370303900101123')).toMatchObject({ ok: false, reason: 'length' })
  })

  it('refuses letters other than a final X', () => {
    expect(checkIdNumber('37030319900101123A')).toMatchObject({ ok: false, reason: 'charset' })
    expect(checkIdNumber('3703031990010112X9')).toMatchObject({ ok: false, reason: 'charset' })
  })

  it('refuses a region code outside the provinces (00, 99) and a province-level code', () => {
    expect(checkIdNumber(id('00030319900101123'))).toMatchObject({ ok: false, reason: 'region' })
    expect(checkIdNumber(id('99030319900101123'))).toMatchObject({ ok: false, reason: 'region' })
    expect(checkIdNumber(id('37000019900101123'))).toMatchObject({ ok: false, reason: 'region' })
    expect(checkIdNumber(id('65010219900101123'))).toMatchObject({ ok: true })
    expect(checkIdNumber(id('81000019900101123'))).toMatchObject({ ok: true })
  })

  it('refuses impossible birth dates at every boundary and accepts the last real day', () => {
    expect(checkIdNumber(id('37030319900230123'))).toMatchObject({ ok: false, reason: 'birth_date' })
    expect(checkIdNumber(id('37030319000229123'))).toMatchObject({ ok: false, reason: 'birth_date' }) // 1900 no leap
    expect(checkIdNumber(id('37030320000229123'))).toMatchObject({ ok: true, birthDate: '2000-02-29' })
    expect(checkIdNumber(id('37030319901301123'))).toMatchObject({ ok: false, reason: 'birth_date' })
    expect(checkIdNumber(id('37030319900100123'))).toMatchObject({ ok: false, reason: 'birth_date' })
    expect(checkIdNumber(id('37030319900431123'))).toMatchObject({ ok: false, reason: 'birth_date' })
    expect(checkIdNumber(id('37030319900430123'))).toMatchObject({ ok: true })
    expect(checkIdNumber(id('37030318991231123'))).toMatchObject({ ok: false, reason: 'birth_date' })
    expect(checkIdNumber(id('37030319000101123'))).toMatchObject({ ok: true })
  })

  it('refuses a birth date after today when today is given, and accepts one born today', () => {
    expect(checkIdNumber(id('37030320261205123'), { today: '2026-12-04' })).toMatchObject({
      ok: false,
      reason: 'future_birth_date',
    })
    expect(checkIdNumber(id('37030320261204123'), { today: '2026-12-04' })).toMatchObject({ ok: true })
  })

  it('gives every refusal a Chinese message', () => {
    const r = checkIdNumber('370303199001011234')
    expect(!r.ok && r.message).toContain('校验位错误')
  })
})

describe('统一社会信用代码 (GB 32100-2015)', () => {
  const good = completeUscc('92370303MA3C12345')

  it('accepts a valid code and says whether it is a 个体工商户 (92…)', () => {
    expect(checkUscc(good)).toEqual({ ok: true, code: good, individualBusiness: true })
    const company = completeUscc('91370303MA3C12345')
    expect(checkUscc(company.toLowerCase())).toEqual({ ok: true, code: company, individualBusiness: false })
  })

  it('refuses a wrong check character, a forbidden letter and a wrong length, each with its reason', () => {
    const wrong = good.slice(0, 17) + (good[17] === 'A' ? 'B' : 'A')
    expect(checkUscc(wrong)).toMatchObject({ ok: false, reason: 'check_char', expected: good[17] })
    expect(checkUscc(`${good.slice(0, 10)}I${good.slice(11)}`)).toMatchObject({
      ok: false,
      reason: 'charset',
    })
    expect(checkUscc(good.slice(0, 17))).toMatchObject({ ok: false, reason: 'length' })
    expect(checkUscc(`${good}1`)).toMatchObject({ ok: false, reason: 'length' })
  })
})

describe('phones, e-mail and bank cards', () => {
  it('accepts mobiles 13x–19x with or without +86 and separators, and refuses 10x–12x and wrong lengths', () => {
    for (const m of ['13812345678', '19912345678', '+86 138 1234 5678', '0086-138-1234-5678']) {
      expect(isMobile(m), m).toBe(true)
    }
    for (const m of ['12812345678', '10012345678', '1381234567', '138123456789']) {
      expect(isMobile(m), m).toBe(false)
    }
  })

  it('accepts landlines with a 3- or 4-digit area code and 7 or 8 digits, and refuses bare or short numbers', () => {
    for (const t of [
      '010-62345678',
      '0533-2181234',
      '(0533)2181234',
      '（0533）2181234',
      '0533-2181234-801',
    ]) {
      expect(isLandline(t), t).toBe(true)
    }
    for (const t of ['2181234', '0533-218123', '0533-01812345', '533-2181234', '0533-218123456']) {
      expect(isLandline(t), t).toBe(false)
    }
  })

  it('accepts ordinary e-mail addresses and refuses ones without a domain or top-level domain', () => {
    expect(isEmail('zhang.san+gk@mail.zibo.gov.cn')).toBe(true)
    for (const e of ['zhangsan@', '@example.com', 'zhangsan@example', 'zhang san@example.com', 'a@b.c']) {
      expect(isEmail(e), e).toBe(false)
    }
  })

  it('accepts Luhn-valid cards of 16–19 digits only', () => {
    expect(luhnValid('4111111111111111')).toBe(true)
    expect(isBankCard('4111 1111 1111 1111')).toBe(true)
    expect(isBankCard('6222021234567890128')).toBe(true)
    expect(isBankCard('4111111111111112')).toBe(false) // Luhn fails
    expect(isBankCard('411111111111116')).toBe(false) // 15 digits
    expect(isBankCard('41111111111111111110')).toBe(false) // 20 digits
    expect(luhnValid('')).toBe(false)
  })
})

describe('masking', () => {
  it('keeps the first and last four characters of an ID number', () => {
    expect(maskIdNumber('370303199001011234')).toBe('3703**********1234')
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X')
  })

  it('masks the middle four digits of a mobile and a landline’s number but its area code and last four', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+86 13812345678')).toBe('+86 138****5678')
    expect(maskPhone('0533-2181234')).toBe('0533-***1234')
    expect(maskPhone('010-62345678')).toBe('010-****5678')
  })

  it('keeps an e-mail’s first character and domain', () => {
    expect(maskEmail('zhangsan@example.com')).toBe('z*******@example.com')
    expect(maskEmail('a@example.com')).toBe('a*@example.com')
  })

  it('masks names as 张*三 / 张* and keeps the first six characters of an address', () => {
    expect(maskName('张小三')).toBe('张*三')
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('张')).toBe('*')
    expect(maskAddress('山东省淄博市张店区人民西路1号')).toBe('山东省淄博市*********')
    expect(maskAddress('山东省淄博市')).toBe('山东省淄博市')
  })

  it('keeps a bank card’s issuer and last four digits, and a credit code’s first eight and last two', () => {
    expect(maskBankCard('6222021234567890128')).toBe('622202*********0128')
    expect(maskBankCard('4111 1111 1111 1111')).toBe('4111 11** **** 1111')
    expect(maskUscc('92370303MA3C12345U')).toBe('92370303********5U')
  })
})
