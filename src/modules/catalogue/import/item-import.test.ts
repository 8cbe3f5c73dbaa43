import { describe, expect, it } from 'vitest'
import { XSS_PAYLOADS } from '../../../../test/fixtures/xss-payloads.js'
import { csvLines, parseCsv } from './import-csv.js'
import { INVALID_DATE, parseImportDate } from './import-dates.js'
import { mapColumns, type ImportCell, type ImportRecord } from './import-fields.js'
import { jsonLineToRecord } from './import-files.js'
import type { ImportIssue } from './import-issues.js'
import { validateImportRow } from './item-import.js'

const ctx = { organName: '测试市人民政府', today: '2026-11-27' }

function validate(values: Record<string, ImportCell>, line = 2) {
  const record: ImportRecord = { line, values }
  return validateImportRow(record, mapColumns(Object.keys(values)), ctx)
}

describe('parseImportDate', () => {
  it.each([
    ['2023-09-14', '2023-09-14'],
    ['2023/09/15', '2023-09-15'],
    ['2023/9/5', '2023-09-05'],
    ['2023.9.5', '2023-09-05'],
    ['2023年9月5日', '2023-09-05'],
    ['20230914', '2023-09-14'],
    ['2023-08-25 10:30:00', '2023-08-25'],
    ['2023-08-25T02:00:00Z', '2023-08-25'],
    ['成文日期 ：2023-06-14', '2023-06-14'],
    ['发文日期：2023-08-25', '2023-08-25'],
    ['２０２３－０９－１４', '2023-09-14'],
    ['二〇〇七年一月十八日', '2007-01-18'],
    ['二ＯＯ七年二月六日', '2007-02-06'],
    ['二〇二三年十二月三十一日', '2023-12-31'],
  ])('reads %s as %s', (raw, iso) => {
    expect(parseImportDate(raw)).toBe(iso)
  })

  it('reads spreadsheet dates, Excel serial numbers and yyyymmdd numbers', () => {
    expect(parseImportDate(new Date(Date.UTC(2013, 4, 13)))).toBe('2013-05-13')
    expect(parseImportDate(45183)).toBe('2023-09-14')
    expect(parseImportDate(20230914)).toBe('2023-09-14')
  })

  it('gives null for empty cells and placeholders, invalid for impossible or unreadable dates', () => {
    for (const empty of [null, undefined, '', '  ', 'nan', 'NaT', 'None']) {
      expect(parseImportDate(empty)).toBeNull()
    }
    for (const bad of ['2023-02-30', '2023-13-01', '0000-00-00', '1850-01-01', '下周一', '2023', 'abc']) {
      expect(parseImportDate(bad), bad).toBe(INVALID_DATE)
    }
  })
})

describe('mapColumns', () => {
  it('maps the headers of the real catalogue, doc_numbers and body files', () => {
    const merged = mapColumns(['source', 'url', 'title', 'issue_date', 'publish_date', 'doc_number'])
    expect(Object.fromEntries(merged.fields)).toEqual({
      url: 'url',
      title: 'title',
      issue_date: 'writtenDate',
      publish_date: 'publishedDate',
      doc_number: 'docNumber',
    })
    expect(merged.ignored).toEqual(['source'])
    const sc = mapColumns(['url', 'publishing_date_parsed', 'document_number_parsed'])
    expect([...sc.fields.values()]).toEqual(['url', 'publishedDate', 'docNumber'])
    const body = mapColumns(['Database', 'Date', 'Publishing date', 'Link', 'Title', 'Body'])
    expect(Object.fromEntries(body.fields)).toMatchObject({
      Date: 'writtenDate',
      'Publishing date': 'publishedDate',
      Link: 'url',
      Title: 'title',
      Body: 'body',
    })
  })

  it('maps Chinese headers of older systems, full-width and spaced spellings included', () => {
    const m = mapColumns([
      '索引号',
      '名称',
      '发文字号',
      '成文日期',
      '发布日期',
      '主题分类',
      '体裁',
      '内容概述',
      '正文',
      '发布机构',
      '有效性',
      '备注',
    ])
    expect([...m.fields.values()]).toEqual([
      'indexNo',
      'title',
      'docNumber',
      'writtenDate',
      'publishedDate',
      'topic',
      'genre',
      'summary',
      'body',
      'issuer',
      'validity',
    ])
    expect(m.ignored).toEqual(['备注'])
    expect([...mapColumns(['标 题', '文号：', '发布日期（公开）']).fields.values()]).toEqual([
      'title',
      'docNumber',
    ])
  })
})

describe('CSV reading (csv-parse)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, numbering records by their first line', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",z\n3,,\n'
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\r\nlines', 'z'] },
      { line: 5, fields: ['3', '', ''] },
    ])
  })

  it('gives the same records however the text is cut into chunks', async () => {
    const text = 'h1,h2\r\n"a""b",c\r\n"q\r\nr","s"""\n\nlast,"x"'
    const whole = parseCsv(text)
    for (let cut1 = 0; cut1 <= text.length; cut1++) {
      for (const cut2 of [cut1 + 1, cut1 + 3, text.length]) {
        const chunks = [text.slice(0, cut1), text.slice(cut1, cut2), text.slice(cut2)].filter((c) => c !== '')
        const got = []
        for await (const r of csvLines(toAsync(chunks))) {
          got.push(r)
        }
        expect(got, `cuts at ${cut1}/${cut2}`).toEqual(whole)
      }
    }
    expect(whole.map((r) => r.line)).toEqual([1, 2, 3, 6])
  })

  it('numbers lines alike with LF, CRLF and CR line ends, past skipped empty lines', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const text = ['a,b', `1,"two${nl}lines"`, '', '', 'x,"y"', `"q${nl}${nl}r",s`, 'end,'].join(nl)
      expect(
        parseCsv(text).map((r) => r.line),
        JSON.stringify(nl),
      ).toEqual([1, 2, 6, 7, 10])
    }
  })

  it('keeps stray quotes inside unquoted fields and reads ragged rows', () => {
    expect(parseCsv('a,b,c\n5"x,2\n1,2,3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['5"x', '2'] },
      { line: 3, fields: ['1', '2', '3', '4'] },
    ])
  })

  it('refuses a file whose quote never closes, naming IMPORT_FILE_INVALID', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(
      expect.objectContaining({ code: 'IMPORT_FILE_INVALID' }) as Error,
    )
  })
})

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items
}

describe('validateImportRow', () => {
  it('turns a real catalogue row into an item with a normalised 文号', () => {
    const r = validate({
      title: '广东省人民政府关于调整一批省级行政职权事项的决定',
      issue_date: '2023-09-13',
      publish_date: '2023-09-25',
      doc_number: '发文字号：粤府 [2023] 68 号',
    })
    expect(r.ok).toBe(true)
    if (!r.ok) {
      return
    }
    expect(r.row).toMatchObject({
      title: '广东省人民政府关于调整一批省级行政职权事项的决定',
      writtenDate: '2023-09-13',
      publishedDate: '2023-09-25',
      docNumber: { raw: '发文字号：粤府 [2023] 68 号', normalised: '粤府〔2023〕68号', kind: 'standard' },
    })
    expect(r.warnings).toEqual([])
  })

  it('rejects a row without a title or 发布日期, or with an unreadable date, naming the field', () => {
    const r = validate({ 名称: ' ', 发布日期: '', 成文日期: '2023-02-30' }, 7)
    expect(r.ok).toBe(false)
    if (r.ok) {
      return
    }
    expect(r.issues.map((i) => [i.line, i.field, i.reason])).toEqual([
      [7, 'title', 'title_missing'],
      [7, 'publishedDate', 'published_date_missing'],
      [7, 'writtenDate', 'date_invalid'],
    ])
    expect(r.issues.every((i: ImportIssue) => /[\u4e00-\u9fff]/.test(i.message))).toBe(true)
  })

  it('imports dirty but usable rows with warnings: late 成文日期, unparsed 文号, unknown topic', () => {
    const r = validate({
      名称: '市退役军人局等关于进一步规范烈士遗属的通知',
      成文日期: '2028-07-31',
      发布日期: '2023-08-25',
      文号: '见附件',
      主题分类: '不存在的分类',
      体裁: '通知',
    })
    expect(r.ok).toBe(true)
    if (!r.ok) {
      return
    }
    expect(r.warnings.map((w) => w.reason).sort()).toEqual(
      ['doc_number_unparsed', 'topic_unknown', 'written_after_published'].sort(),
    )
    expect(r.row.docNumber).toMatchObject({ raw: '见附件', kind: 'unparsed', normalised: null })
    expect(r.row.genre).toBe('通知')
    expect(r.row.topic).toBeNull()
  })

  it('keeps a valid original 索引号, reads topics in other spellings and validity words', () => {
    const r = validate({
      索引号: ' 000014349/2017-00110 ',
      名称: '通知',
      发布日期: '2017-03-01',
      主题分类: '财政、金融、审计/税务',
      有效性: '已废止',
      发布机构: '测试市人民政府、测试市财政局',
    })
    expect(r.ok && r.row).toMatchObject({
      indexNoText: '000014349/2017-00110',
      topic: '财政、金融、审计\\税务',
      validity: 'repealed',
      jointIssuers: ['测试市财政局'],
    })
  })

  it('stores bodies sanitised: markup from the payload list never survives as live markup', () => {
    for (const payload of XSS_PAYLOADS) {
      const r = validate({
        名称: payload,
        发布日期: '2023-01-01',
        正文: `<p>正文</p>${payload}`,
        内容概述: payload,
      })
      expect(r.ok).toBe(true)
      if (!r.ok) {
        continue
      }
      expect(r.row.bodyHtml.toLowerCase()).not.toMatch(/<script|onerror=|javascript:|<iframe|<svg/)
      // Titles and summaries are text, escaped when shown; the summary loses markup-looking HTML.
      expect(r.row.title).toBe(
        payload
          // eslint-disable-next-line no-control-regex
          .replace(/[\u0000-\u001f]/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
    }
  })

  it('turns plain-text bodies into paragraphs and drops scraped page chrome', () => {
    const r = validate({
      名称: '通知',
      发布日期: '2016-04-20',
      正文: '标题\n字号：   大   中   小\n密政发〔2016〕20号\n\n正文 a<b\n分享：',
    })
    expect(r.ok && r.row.bodyHtml).toBe('<p>标题</p>\n<p>密政发〔2016〕20号</p>\n<p>正文 a&lt;b</p>')
    expect(r.ok && r.row.bodyText).toBe('标题\n密政发〔2016〕20号\n正文 a<b')
  })

  it('links to the original page when the file has no body', () => {
    const r = validate({ title: '通知', publish_date: '2023-01-01', url: 'https://www.gov.cn/a?x=1&y=2' })
    expect(r.ok && r.row.bodyHtml).toBe(
      '<p>原文链接：<a href="https://www.gov.cn/a?x=1&amp;y=2" rel="noopener noreferrer">https://www.gov.cn/a?x=1&amp;y=2</a></p>',
    )
    const bad = validate({ title: '通知', publish_date: '2023-01-01', url: 'javascript:alert(1)' })
    expect(bad.ok && bad.row.bodyHtml).toBe('')
    expect(bad.ok && bad.warnings.map((w) => w.reason)).toEqual(['url_invalid'])
  })
})

describe('jsonLineToRecord', () => {
  it('reads an object per line and reports anything else as an unreadable row', () => {
    expect(jsonLineToRecord(3, '{"Title":"通知","Year":2016,"x":null}')).toEqual({
      line: 3,
      values: { Title: '通知', Year: 2016, x: null },
    })
    expect(jsonLineToRecord(4, '   ')).toBeNull()
    expect(jsonLineToRecord(5, '{"Title":')).toMatchObject({
      line: 5,
      reason: 'row_unreadable',
      severity: 'error',
    })
    expect(jsonLineToRecord(6, '[1,2]')).toMatchObject({ line: 6, reason: 'row_unreadable' })
  })
})
