import { DomainError } from '../../../shared/errors.js'

/**
 * 信息处理费 under 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号), pure. Art. 3: charged per
 * request (按件计收) or per page (按量计收), both 超额累进; the organ chooses one method per request and
 * never both. Amounts are in whole 元.
 */

export type FeeMethod = 'per_request' | 'per_page'

export interface FeeBand {
  /** First and last unit of the band (inclusive); `to` null for the open band. */
  from: number
  to: number | null
  /** 元 per unit in this band. */
  rate: number
  /** Units of the input that fall in this band. */
  units: number
  amount: number
}

export interface FeeResult {
  method: FeeMethod
  units: number
  amount: number
  /** The bands the units fall in, with their rates (the explanation). */
  bands: FeeBand[]
  /** Chinese lines for the notice and the page. */
  explanation: string[]
}

/** Art. 4: ≤ 10 requests in a calendar month free. */
export const PER_REQUEST_FREE = 10
/** Art. 4: requests 11–30 at 100元 each. */
export const PER_REQUEST_FIRST_BAND_END = 30
export const PER_REQUEST_FIRST_RATE = 100
/** Art. 4: 「31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件」. */
export const PER_REQUEST_BAND_SIZE = 10
export const PER_REQUEST_RATE_STEP = 100

/** Art. 5: pages ≤ 30 free; 31–100 at 10元; 101–200 at 20元; 201 and more at 40元 per page. */
export const PER_PAGE_BANDS: ReadonlyArray<{ from: number; to: number | null; rate: number }> = [
  { from: 1, to: 30, rate: 0 },
  { from: 31, to: 100, rate: 10 },
  { from: 101, to: 200, rate: 20 },
  { from: 201, to: null, rate: 40 },
]

function requireCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new DomainError('FEE_INPUT_INVALID', `${what} must be a non-negative integer, got ${n}`)
  }
}

function perRequestBands(upTo: number): Array<{ from: number; to: number | null; rate: number }> {
  const bands: Array<{ from: number; to: number | null; rate: number }> = [
    { from: 1, to: PER_REQUEST_FREE, rate: 0 },
    { from: PER_REQUEST_FREE + 1, to: PER_REQUEST_FIRST_BAND_END, rate: PER_REQUEST_FIRST_RATE },
  ]
  let rate = PER_REQUEST_FIRST_RATE
  for (let from = PER_REQUEST_FIRST_BAND_END + 1; from <= upTo; from += PER_REQUEST_BAND_SIZE) {
    rate += PER_REQUEST_RATE_STEP
    bands.push({ from, to: from + PER_REQUEST_BAND_SIZE - 1, rate })
  }
  return bands
}

/** Units of (from..to) ∩ (lo..hi], inclusive bounds. */
function overlap(from: number, to: number | null, lo: number, hi: number): number {
  const a = Math.max(from, lo + 1)
  const b = Math.min(to ?? Number.MAX_SAFE_INTEGER, hi)
  return Math.max(0, b - a + 1)
}

function charge(
  method: FeeMethod,
  units: number,
  earlier: number,
  bands: ReadonlyArray<{ from: number; to: number | null; rate: number }>,
  unit: string,
): FeeResult {
  const hit: FeeBand[] = []
  for (const b of bands) {
    const n = overlap(b.from, b.to, earlier, earlier + units)
    if (n > 0) {
      hit.push({ ...b, units: n, amount: n * b.rate })
    }
  }
  const amount = hit.reduce((s, b) => s + b.amount, 0)
  const explanation = hit.map((b) => {
    const range = b.to === null ? `第${b.from}${unit}起` : `第${b.from}—${b.to}${unit}`
    return b.rate === 0
      ? `${range}：${b.units}${unit}，免费`
      : `${range}：${b.units}${unit} × ${b.rate}元 = ${b.amount}元`
  })
  explanation.push(
    `合计：${amount}元（国办函〔2020〕109号，${method === 'per_request' ? '按件计收，第四条' : '按量计收，第五条'}）`,
  )
  return { method, units, amount, bands: hit, explanation }
}

/**
 * 按件计收 (Art. 4): the charge for `count` requests by the same applicant in one calendar month
 * after `earlierThisMonth` already received that month (the bands count the month's cumulative total).
 */
export function perRequestFee(count: number, earlierThisMonth = 0): FeeResult {
  requireCount(count, 'count')
  requireCount(earlierThisMonth, 'earlierThisMonth')
  return charge('per_request', count, earlierThisMonth, perRequestBands(earlierThisMonth + count), '件')
}

/** 按量计收 (Art. 5): the charge for one request's `pages`. */
export function perPageFee(pages: number): FeeResult {
  requireCount(pages, 'pages')
  return charge('per_page', pages, 0, PER_PAGE_BANDS, '页')
}

/** One method per request (Art. 3): never both. */
export function informationProcessingFee(
  input:
    | { method: 'per_request'; count: number; earlierThisMonth?: number }
    | { method: 'per_page'; pages: number },
): FeeResult {
  return input.method === 'per_request'
    ? perRequestFee(input.count, input.earlierThisMonth ?? 0)
    : perPageFee(input.pages)
}
