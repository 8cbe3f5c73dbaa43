import { strToU8, zipSync } from 'fflate'
import type { AppDeps } from '../../shared/deps.js'
import { addAttachment, type AttachmentActor } from '../catalogue/attachments/index.js'
import type { Entry } from './catalogue-entries.demo.js'

/*
 * Demo attachments (DEMO DATA): the budget and final-account items (体裁 预决算) carry their tables
 * as a small Word document, attached through the attachments service while the item is a draft,
 * as staff would upload it (type check, text extraction for search, audit entry).
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A minimal, valid DOCX (Office Open XML) with one paragraph per line. */
export function demoDocx(lines: readonly string[]): Uint8Array {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
  const body = lines.map((l) => `<w:p><w:r><w:t xml:space="preserve">${esc(l)}</w:t></w:r></w:p>`).join('')
  return zipSync(
    {
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
          '</Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
          '</Relationships>',
      ),
      'word/document.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
      ),
    },
    { mtime: new Date('2026-01-01T00:00:00Z') },
  )
}

/** Whether a demo entry carries an attachment (its tables). */
export function hasDemoAttachment(entry: Entry): boolean {
  return entry.genre === '预决算'
}

/** Attaches the entry's tables to its draft, through the attachments service. */
export async function attachDemoTables(
  deps: AppDeps,
  actor: AttachmentActor,
  itemId: string,
  entry: Entry,
  organName: string,
): Promise<void> {
  const lines = [
    entry.title,
    `${organName}（演示数据，数字系虚构）`,
    '一、收支总表：收入合计、支出合计',
    '二、“三公”经费：因公出国（境）费、公务用车购置及运行费、公务接待费',
    '三、政府采购情况',
  ]
  await addAttachment(deps, actor, itemId, {
    filename: `${entry.title}（附表）.docx`,
    bytes: demoDocx(lines),
  })
}
