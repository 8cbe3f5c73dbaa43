import { describe, expect, it } from 'vitest'
import { DomainError } from '../../../shared/errors.js'
import { informationProcessingFee, perPageFee, perRequestFee } from './fees.js'

describe('信息处理费 (国办函〔2020〕109号)', () => {
  it.each([
    [10, 0],
    [11, 100],
    [30, 2000],
    [31, 2200],
    [35, 3000],
    [40, 4000],
    [41, 4300],
    [50, 7000],
  ])(
    'charges %i requests in one calendar month %i 元 (free to 10, 100元 to 30, +100元 per band of 10)',
    (n, amount) => {
      expect(perRequestFee(n).amount).toBe(amount)
    },
  )

  it('charges a further request by the month total already received (the 35th after 34: 200元)', () => {
    expect(perRequestFee(1, 34).amount).toBe(200)
    expect(perRequestFee(1, 40).amount).toBe(300)
    expect(perRequestFee(1, 9).amount).toBe(0)
  })

  it.each([
    [30, 0],
    [31, 10],
    [100, 700],
    [101, 720],
    [150, 1700],
    [200, 2700],
    [201, 2740],
  ])('charges %i pages %i 元 (free to 30, 10元 to 100, 20元 to 200, then 40元)', (pages, amount) => {
    expect(perPageFee(pages).amount).toBe(amount)
  })

  it('explains each band and the total in Chinese', () => {
    expect(perPageFee(150).explanation).toEqual([
      '第1—30页：30页，免费',
      '第31—100页：70页 × 10元 = 700元',
      '第101—200页：50页 × 20元 = 1000元',
      '合计：1700元（国办函〔2020〕109号，按量计收，第五条）',
    ])
  })

  it('uses exactly one method per request', () => {
    expect(informationProcessingFee({ method: 'per_page', pages: 31 })).toMatchObject({
      method: 'per_page',
      amount: 10,
    })
    expect(informationProcessingFee({ method: 'per_request', count: 11 })).toMatchObject({
      method: 'per_request',
      amount: 100,
    })
  })

  it('refuses a negative or fractional count with FEE_INPUT_INVALID', () => {
    expect(() => perPageFee(-1)).toThrow(DomainError)
    expect(() => perRequestFee(1.5)).toThrow(/non-negative integer/)
  })
})
