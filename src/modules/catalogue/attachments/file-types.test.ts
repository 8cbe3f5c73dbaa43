import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import {
  docx,
  ELF,
  EXE,
  GIF,
  HTML,
  JPEG,
  ole,
  PDF,
  pdfGb,
  pdfToUnicode,
  PNG,
  SCRIPT,
  SVG,
  WEBP,
  zip,
} from '../../../../test/fixtures/files.js'
import { extractAttachmentText } from './attachment.service.js'
import {
  checkAttachment,
  cleanFilename,
  contentDisposition,
  detectContent,
  docxText,
  mayChangeAttachments,
} from './file-types.js'

const MB = 1024 * 1024

function check(filename: string, bytes: Uint8Array, maxBytes = 20 * MB) {
  return checkAttachment({ filename, bytes, maxBytes })
}

describe('detectContent', () => {
  it.each([
    ['pdf', PDF],
    ['docx', docx(['正文'])],
    ['doc', ole('WordDocument')],
    ['xls', ole('Workbook')],
    ['png', PNG],
    ['jpeg', JPEG],
    ['gif', GIF],
    ['webp', WEBP],
  ] as const)('recognises %s by its content', (kind, bytes) => {
    expect(detectContent(bytes)).toEqual({ kind })
  })

  it('recognises a real XLSX written by exceljs', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('表').addRow(['a'])
    expect(detectContent(Buffer.from(await wb.xlsx.writeBuffer()))).toEqual({ kind: 'xlsx' })
  })

  it.each([
    ['a Windows program', EXE, 'executable'],
    ['a Linux program', ELF, 'executable'],
    ['a shell script', SCRIPT, 'executable'],
    ['a macro-enabled Word file', docx(['x'], { macro: true }), 'macro'],
    ['an Office file with a VBA project', ole('_VBA_PROJECT'), 'macro'],
    ['a plain ZIP', zip({ 'a.txt': 'x' }), 'unknown'],
    ['HTML', HTML, 'unknown'],
    ['SVG', SVG, 'unknown'],
    ['nothing', Buffer.alloc(0), 'empty'],
  ] as const)('refuses %s', (_what, bytes, refused) => {
    expect(detectContent(bytes)).toMatchObject({ refused })
  })
})

describe('checkAttachment', () => {
  it('accepts a file whose extension names its content and gives its media type', () => {
    expect(check('政府信息公开指南.pdf', PDF)).toEqual({
      ok: true,
      kind: 'pdf',
      mediaType: 'application/pdf',
      filename: '政府信息公开指南.pdf',
    })
    expect(check('照片.JPG', JPEG)).toMatchObject({ ok: true, kind: 'jpeg', mediaType: 'image/jpeg' })
  })

  it('refuses an oversized file with the limit in the message', () => {
    expect(check('大.pdf', Buffer.alloc(2 * MB + 1), 2 * MB)).toEqual({
      ok: false,
      code: 'ATTACHMENT_TOO_LARGE',
      message: '附件超过大小限制：最大 2 MB。',
    })
  })

  it('refuses content that does not match the extension, naming what the content is', () => {
    expect(check('报告.pdf', PNG)).toEqual({
      ok: false,
      code: 'ATTACHMENT_TYPE_REFUSED',
      message: '文件内容是PNG 图片，与扩展名“.pdf”不符。请确认文件后重新上传。',
    })
    expect(check('无扩展名', PDF)).toMatchObject({
      ok: false,
      message: expect.stringContaining('缺少扩展名'),
    })
  })

  it('refuses an executable renamed .pdf or .docx', () => {
    for (const name of ['报告.pdf', 'report.docx', 'a.png']) {
      const r = check(name, EXE)
      expect(r).toMatchObject({ ok: false, code: 'ATTACHMENT_TYPE_REFUSED' })
      expect(!r.ok && r.message).toContain('不能上传可执行程序或脚本')
    }
    expect(check('run.pdf', SCRIPT)).toMatchObject({
      ok: false,
      message: expect.stringContaining('脚本文件'),
    })
  })

  it('refuses HTML and SVG even under an image name (they can carry script)', () => {
    expect(check('x.png', SVG)).toMatchObject({ ok: false, code: 'ATTACHMENT_TYPE_REFUSED' })
    expect(check('x.html', HTML)).toMatchObject({ ok: false, code: 'ATTACHMENT_TYPE_REFUSED' })
  })
})

describe('file names and downloads', () => {
  it('keeps the last path component without control or header characters', () => {
    expect(cleanFilename('C:\\Users\\张三\\报告"<1>".pdf')).toBe('报告1.pdf')
    expect(cleanFilename('../../etc/passwd')).toBe('passwd')
    expect(cleanFilename('...hidden.pdf')).toBe('hidden.pdf')
    expect(cleanFilename(`${'长'.repeat(300)}.pdf`)).toHaveLength(120)
    expect(cleanFilename(`${'长'.repeat(300)}.pdf`).endsWith('.pdf')).toBe(true)
  })

  it('offers a UTF-8 file name with an ASCII fallback, inline only for images', () => {
    expect(contentDisposition('2013年工作报告 (终稿).pdf', false)).toBe(
      'attachment; filename="2013.pdf"; filename*=UTF-8\'\'2013%E5%B9%B4%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A%20%28%E7%BB%88%E7%A8%BF%29.pdf',
    )
    expect(contentDisposition('photo.png', true)).toBe(
      'inline; filename="photo.png"; filename*=UTF-8\'\'photo.png',
    )
  })
})

describe('text for search', () => {
  it('reads the paragraphs of a DOCX, entities decoded', () => {
    expect(docxText(docx(['第一条 为了规范 & 管理', '第二条 <适用范围>']))).toBe(
      '第一条 为了规范 & 管理\n第二条 <适用范围>',
    )
  })

  it('reads the text of PDFs through pdf.js, Chinese included (ToUnicode maps and GB1 CMaps)', async () => {
    expect(await extractAttachmentText('pdf', pdfToUnicode('关于广电惠民工程的通知'))).toBe(
      '关于广电惠民工程的通知',
    )
    expect(await extractAttachmentText('pdf', pdfGb('政府信息公开指南'))).toBe('政府信息公开指南')
    expect(await extractAttachmentText('pdf', Buffer.from('%PDF-1.4 broken'))).toBeNull()
  })

  it('reads the cells of an XLSX through exceljs, and nothing from images', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('预算表')
    ws.addRow(['项目', '金额'])
    ws.addRow(['广电惠民工程', 12000])
    const text = await extractAttachmentText('xlsx', Buffer.from(await wb.xlsx.writeBuffer()))
    expect(text).toBe('预算表\n项目 金额\n广电惠民工程 12000')
    expect(await extractAttachmentText('png', PNG)).toBeNull()
  })
})

describe('mayChangeAttachments', () => {
  const draft = {
    status: 'draft' as const,
    draftedBy: 'u1',
    editorIds: ['u1'],
    submittedBy: null,
    firstReviewerId: null,
    disclosureMode: 'proactive' as const,
    hasOpenRevision: false,
  }

  it('lets a 信息员 or 承办人 of the organ change a draft, and nobody change items under review or published', () => {
    expect(mayChangeAttachments(draft, { userId: 'u2', roles: new Set(['handler']) })).toBe(true)
    expect(mayChangeAttachments(draft, { userId: 'u2', roles: new Set(['officer']) })).toBe(true)
    expect(mayChangeAttachments(draft, { userId: 'u2', roles: new Set(['leader', 'supervisor']) })).toBe(
      false,
    )
    for (const status of ['first_review', 'final_review', 'published', 'withdrawn'] as const) {
      expect(mayChangeAttachments({ ...draft, status }, { userId: 'u1', roles: new Set(['officer']) })).toBe(
        false,
      )
    }
  })
})
