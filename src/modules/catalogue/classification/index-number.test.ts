import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../db/database.js'
import { createTestDb, TEST_DIALECTS } from '../../../../test/db.js'
import { buildOrgan } from '../../../../test/factories.js'
import {
  formatIndexNumber,
  indexNumberText,
  parseIndexNumber,
  type IndexNumberOrgan,
} from './index-number.js'
import {
  nextDocNo,
  nextIndexSerial,
  readCounter,
  reserveDocNos,
  reserveIndexSerials,
} from '../items/item.repository.js'
import { indexCounterName } from './index-number.js'

const usccOrgan: IndexNumberOrgan = { code: '11341702486344515H', codeType: 'uscc', orgCode: '486344515' }
const org9Organ: IndexNumberOrgan = { code: '000014349', codeType: 'org9', orgCode: '000014349' }

describe('index numbers (索引号)', () => {
  it('formats the 2008 national format: 9-char organization code, year and a 5-digit serial', () => {
    expect(formatIndexNumber('org9-year', org9Organ, '2017-06-08', 110)).toBe('000014349/2017-00110')
    expect(formatIndexNumber('org9-year', usccOrgan, '2021-10-09', 13)).toBe('486344515/2021-00013')
    expect(formatIndexNumber('org9-year', org9Organ, '2017-06-08', 110)).toHaveLength(20)
  })

  it('formats the USCC variant with year and month', () => {
    expect(formatIndexNumber('uscc18-yearmonth', usccOrgan, '2021-10-09', 13)).toBe(
      '11341702486344515H/202110-00013',
    )
  })

  it('falls back to the 2008 format for an organ that has no USCC', () => {
    expect(formatIndexNumber('uscc18-yearmonth', org9Organ, '2021-10-09', 13)).toBe('000014349/2021-00013')
  })

  it('widens the serial beyond 99,999 instead of failing and refuses serial 0', () => {
    expect(formatIndexNumber('org9-year', org9Organ, '2024-01-01', 123456)).toBe('000014349/2024-123456')
    expect(() => formatIndexNumber('org9-year', org9Organ, '2024-01-01', 0)).toThrow(RangeError)
    expect(() => formatIndexNumber('org9-year', org9Organ, '2024/01/01', 1)).toThrow(RangeError)
  })

  it('parses both formats, tolerating full-width slash and dashes pasted from web pages', () => {
    expect(parseIndexNumber('000014349/2017-00110')).toEqual({
      prefix: '000014349',
      year: 2017,
      month: null,
      serial: 110,
    })
    expect(parseIndexNumber(' 01404053x／2021—00490 ')).toEqual({
      prefix: '01404053X',
      year: 2021,
      month: null,
      serial: 490,
    })
    expect(parseIndexNumber('11341702486344515H/202110-00013')).toEqual({
      prefix: '11341702486344515H',
      year: 2021,
      month: 10,
      serial: 13,
    })
  })

  it('rejects text that is not an index number', () => {
    for (const bad of [
      '',
      'abc',
      '000014349/2017-0011',
      '000014349/201706-00110',
      '11341702486344515H/2021-00013',
      '11341702486344515H/202113-00013',
      '0142768-8/2022-00185',
    ]) {
      expect(parseIndexNumber(bad), bad).toBeNull()
    }
  })

  it('round-trips through parse and text', () => {
    for (const s of ['000014349/2017-00110', '11341702486344515H/202110-00013']) {
      expect(indexNumberText(parseIndexNumber(s)!)).toBe(s)
    }
  })
})

describe.each(TEST_DIALECTS)('serial counters (%s)', (dialect) => {
  let db: Db
  beforeAll(async () => {
    db = await createTestDb(dialect)
  })
  afterAll(async () => {
    await db.close()
  })

  it('counts 索引号 serials per organ per year, starting at 1', async () => {
    const a = await buildOrgan(db)
    const b = await buildOrgan(db)
    const taken = await db.kysely
      .transaction()
      .execute(async (trx) => [
        await nextIndexSerial(trx, a.id, 2026),
        await nextIndexSerial(trx, a.id, 2026),
        await nextIndexSerial(trx, b.id, 2026),
        await nextIndexSerial(trx, a.id, 2025),
        await nextIndexSerial(trx, a.id, 2026),
      ])
    expect(taken).toEqual([1, 2, 1, 1, 3])
    expect(await readCounter(db.kysely, indexCounterName(a.id, 2026))).toBe(3)
  })

  it('gives back a serial taken in a transaction that rolled back', async () => {
    const a = await buildOrgan(db)
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await nextIndexSerial(trx, a.id, 2026)
        throw new Error('rollback')
      })
      .catch(() => undefined)
    const next = await db.kysely.transaction().execute((trx) => nextIndexSerial(trx, a.id, 2026))
    expect(next).toBe(1)
  })

  it('hands out doc numbers densely and reserves blocks for bulk import', async () => {
    const first = await db.kysely.transaction().execute((trx) => nextDocNo(trx))
    const block = await db.kysely.transaction().execute((trx) => reserveDocNos(trx, 100))
    const after = await db.kysely.transaction().execute((trx) => nextDocNo(trx))
    expect(block).toBe(first + 1)
    expect(after).toBe(first + 101)
    const a = await buildOrgan(db)
    const serials = await db.kysely.transaction().execute((trx) => reserveIndexSerials(trx, a.id, 2013, 90))
    expect(serials).toBe(1)
    expect(await db.kysely.transaction().execute((trx) => nextIndexSerial(trx, a.id, 2013))).toBe(91)
  })

  it('gives concurrent transactions distinct doc numbers', async () => {
    const got = await Promise.all(
      Array.from({ length: 8 }, () => db.kysely.transaction().execute((trx) => nextDocNo(trx))),
    )
    expect(new Set(got).size).toBe(8)
  })
})
