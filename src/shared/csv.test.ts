import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { CSV_BOM, csvCell, csvRecord, csvRecords, guardCell, toCsv } from './csv.js'

describe('CSV writing (csv-stringify with the formula guard)', () => {
  it('prefixes cells starting with = + - @ TAB or CR with an apostrophe, before quoting', () => {
    expect(['=1+2', '+1', '-2', '@SUM(A1)', '\t=1', '\r=1', '1-2', ''].map(guardCell)).toEqual([
      "'=1+2",
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
      '1-2',
      '',
    ])
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    )
  })

  it('quotes a lone CR or LF as well as CRLF, commas and quotes, and ends records with CRLF', () => {
    expect(csvRecord(['a\rb', 'c\nd', 'e\r\nf', 'g,h', 'i"j', 7, null])).toBe(
      '"a\rb","c\nd","e\r\nf","g,h","i""j",7,\r\n',
    )
    expect(csvRecords([])).toBe('')
  })

  it('writes documents that csv-parse reads back to the guarded values', () => {
    const rows = [
      ['第一行\n第二行', '=cmd|calc', '他说"好"'],
      ['', '-1', '张店区〔2013〕5号'],
    ]
    const doc = toCsv(['甲', '乙', '丙'], rows)
    expect(doc.startsWith(CSV_BOM)).toBe(true)
    expect(parse(doc, { bom: true })).toEqual([
      ['甲', '乙', '丙'],
      ['第一行\n第二行', "'=cmd|calc", '他说"好"'],
      ['', "'-1", '张店区〔2013〕5号'],
    ])
  })
})
