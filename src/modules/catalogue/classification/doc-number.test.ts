import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseDocNumber } from './doc-number.js'
import { sharedDataPath } from '../../../../test/shared-data.js'

const FIXTURE = fileURLToPath(new URL('../../../../test/fixtures/doc-numbers.csv', import.meta.url))
/** The shared real data's 文号 lists, when this machine has them (see test/shared-data.ts). */
const DATA_DIR = sharedDataPath('gov-policy-catalogue/doc_numbers/')

/**
 * Parse rate measured over all 38,318 non-empty 文号 of `doc_numbers/` (11 libraries): 38,317 read;
 * the one left is 豫政 第24号, which has no year. The coverage test keeps the parser at or above it.
 */
const MEASURED_PARSE_RATE = 0.99997

function fixtureValues(): Array<{ source: string; value: string }> {
  const lines = readFileSync(FIXTURE, 'utf8').split('\n').slice(1).filter(Boolean)
  return lines.map((line) => {
    const comma = line.indexOf(',')
    let value = line.slice(comma + 1)
    if (value.startsWith('"')) {
      value = value.slice(1, -1).replace(/""/g, '"')
    }
    return { source: line.slice(0, comma), value }
  })
}

/** Third column of a doc_numbers CSV line (the values contain no commas or quotes). */
function docNumberColumn(line: string): string {
  const parts = line.replace(/\r$/, '').split(',')
  return parts.slice(2).join(',')
}

describe('parseDocNumber', () => {
  it.each([
    ['国办发〔2023〕12号', '国办发〔2023〕12号', '国办发', 2023, 12],
    ['发文字号：渝府发〔2023〕15号', '渝府发〔2023〕15号', '渝府发', 2023, 15],
    ['发文字号：晋政办发[2009]68号', '晋政办发〔2009〕68号', '晋政办发', 2009, 68],
    ['发文字号：晋政发(2007)2号', '晋政发〔2007〕2号', '晋政发', 2007, 2],
    ['发文字号：晋政办发(2017〕109号', '晋政办发〔2017〕109号', '晋政办发', 2017, 109],
    ['豫政 〔2023〕27号', '豫政〔2023〕27号', '豫政', 2023, 27],
    ['豫政办 〔 2021 〕68 号', '豫政办〔2021〕68号', '豫政办', 2021, 68],
    ['发文字号：晋政发〔2012〕 7号', '晋政发〔2012〕7号', '晋政发', 2012, 7],
    ['\u200b渝府办发〔2019〕22号', '渝府办发〔2019〕22号', '渝府办发', 2019, 22],
    ['渝府办发〔2023〕44号\u200b', '渝府办发〔2023〕44号', '渝府办发', 2023, 44],
    ['发文字号：渝府发〔2000〕48号〔〕', '渝府发〔2000〕48号', '渝府发', 2000, 48],
    ['发文字号：晋政办发〔2012〕18', '晋政办发〔2012〕18号', '晋政办发', 2012, 18],
    ['发文字号：晋政发〔2014〕号16', '晋政发〔2014〕16号', '晋政发', 2014, 16],
    ['文号：沪科合〔2008〕第006号', '沪科合〔2008〕6号', '沪科合', 2008, 6],
    ['财税[2007]17号', '财税〔2007〕17号', '财税', 2007, 17],
    ['粤府【２０２３】６８号', '粤府〔2023〕68号', '粤府', 2023, 68],
    ['国函（2023）98号', '国函〔2023〕98号', '国函', 2023, 98],
    ['国函［2023］98号', '国函〔2023〕98号', '国函', 2023, 98],
    ['文号: 京政发〔2016〕20号', '京政发〔2016〕20号', '京政发', 2016, 20],
    ['的通知沪府发〔2009〕26号', '沪府发〔2009〕26号', '沪府发', 2009, 26],
    ['关于废止沪府办发〔2010〕3号', '沪府办发〔2010〕3号', '沪府办发', 2010, 3],
    ['省人民政府川府发〔1987〕109号', '川府发〔1987〕109号', '川府发', 1987, 109],
  ])('reads the standard form %s as %s', (raw, normalised, agency, year, serial) => {
    const p = parseDocNumber(raw)
    expect(p).toMatchObject({ kind: 'standard', normalised, agency, year, serial })
    expect(p?.raw).toBe(raw.replace(/[\u200b-\u200f]/g, '').trim())
  })

  it.each([
    ['国务院令第711号', '国务院令第711号', '国务院', null, 711],
    ['重庆市人民政府令第 359 号', '重庆市人民政府令第359号', '重庆市人民政府', null, 359],
    ['省政府令 第219号', '省政府令第219号', '省政府', null, 219],
    ['发文字号：山西省人民政府令第287号', '山西省人民政府令第287号', '山西省人民政府', null, 287],
    [
      '宁夏回族自治区人民政府令第119号',
      '宁夏回族自治区人民政府令第119号',
      '宁夏回族自治区人民政府',
      null,
      119,
    ],
    ['交通运输部令2016年第62号', '交通运输部令2016年第62号', '交通运输部', 2016, 62],
    ['国家发展和改革委员会第16号令', '国家发展和改革委员会令第16号', '国家发展和改革委员会', null, 16],
  ])('classifies the order %s as 令 and normalises it to %s', (raw, normalised, agency, year, serial) => {
    expect(parseDocNumber(raw)).toMatchObject({ kind: 'order', normalised, agency, year, serial })
  })

  it.each([
    ['国家税务总局公告2015年第41号', '国家税务总局公告2015年第41号', '国家税务总局', 2015, 41],
    ['公告2018年第14号', '公告2018年第14号', null, 2018, 14],
    ['号市人大公告1996年第40号', '市人大公告1996年第40号', '市人大', 1996, 40],
    ['国家发展改革委2017年第9号', '国家发展改革委2017年第9号', '国家发展改革委', 2017, 9],
  ])('classifies the announcement %s as 公告', (raw, normalised, agency, year, serial) => {
    expect(parseDocNumber(raw)).toMatchObject({ kind: 'announcement', normalised, agency, year, serial })
  })

  it('returns null for empty values and bare labels', () => {
    expect(parseDocNumber('')).toBeNull()
    expect(parseDocNumber('   ')).toBeNull()
    expect(parseDocNumber(null)).toBeNull()
    expect(parseDocNumber('发文字号：')).toBeNull()
    expect(parseDocNumber('\u200b')).toBeNull()
  })

  it('keeps what it cannot read as unparsed with the original text', () => {
    for (const raw of [
      '豫政 第24号',
      '无',
      '见附件',
      '国发〔23〕1号',
      '国发〔1850〕1号',
      '<script>alert(1)</script>',
    ]) {
      const p = parseDocNumber(raw)
      expect(p?.kind, raw).toBe('unparsed')
      expect(p?.normalised).toBeNull()
      expect(p?.raw).toBe(raw)
    }
  })

  it('reads every real sample in the committed fixture (one or more of each shape in the data)', () => {
    const values = fixtureValues()
    expect(values.length).toBeGreaterThan(250)
    const failed = values.filter((v) => parseDocNumber(v.value)?.kind === 'unparsed')
    expect(failed).toEqual([])
    for (const { value } of values) {
      const p = parseDocNumber(value)
      if (p?.kind === 'standard') {
        expect(p.normalised).toMatch(/^[\u3400-\u9fffA-Za-z·]+〔\d{4}〕[1-9]\d*号$/)
      }
    }
  })

  it.skipIf(!existsSync(DATA_DIR))(
    `keeps the parse rate over all real 文号 in doc_numbers/ at or above ${MEASURED_PARSE_RATE}`,
    () => {
      let nonEmpty = 0
      let parsed = 0
      const unparsed: string[] = []
      for (const file of readdirSync(DATA_DIR).filter((f) => f.endsWith('.csv'))) {
        const lines = readFileSync(`${DATA_DIR}${file}`, 'utf8').split('\n').slice(1)
        for (const line of lines) {
          const p = parseDocNumber(docNumberColumn(line))
          if (!p) {
            continue
          }
          nonEmpty += 1
          if (p.kind === 'unparsed') {
            unparsed.push(p.raw)
          } else {
            parsed += 1
          }
        }
      }
      expect(nonEmpty).toBeGreaterThan(38_000)
      expect(parsed / nonEmpty, `unparsed: ${unparsed.join(' | ')}`).toBeGreaterThanOrEqual(
        MEASURED_PARSE_RATE,
      )
    },
  )
})
