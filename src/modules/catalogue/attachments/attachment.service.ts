import type { ReadStream } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { AppDeps } from '../../../shared/deps.js'
import type { Viewer } from '../../../shared/actor.js'
import { DomainError } from '../../../shared/errors.js'
import { newId } from '../../../shared/ids.js'
import { recordAudit } from '../../audit/index.js'
import { organAncestorIds } from '../../organs/index.js'
import { grantCovers } from '../../access/index.js'
import type { Role } from '../../users/user.table.js'
import * as repo from './attachment.repository.js'
import {
  KIND_INFO,
  MAX_ENTRY_BYTES,
  MAX_TEXT_CHARS,
  checkAttachment,
  docxText,
  mayChangeAttachments,
  tidyText,
  zipDeclaredSize,
  type AttachmentKind,
} from './file-types.js'
import type { AttachmentRow, ItemRow } from '../catalogue.table.js'
import { createFileStore } from './file-store.js'
import { findItemWithOpenRevision, recordItemEditor, subjectOf } from '../items/index.js'

/**
 * Attachments of disclosure items: upload (checked by content and size, text extracted for
 * search), removal, and download — by the public only for published items, by staff for the
 * items of organs they hold a role on.
 */

export type AttachmentActor = Pick<Viewer, 'userId' | 'username' | 'grants'>

export interface Attachment {
  id: string
  itemId: string
  filename: string
  mediaType: string
  size: number
  sha256: string
  /** Whether text was extracted for search. */
  hasText: boolean
  inline: boolean
  createdAt: string
}

function toAttachment(r: AttachmentRow): Attachment {
  const kind = (Object.keys(KIND_INFO) as AttachmentKind[]).find(
    (k) => KIND_INFO[k].mediaType === r.media_type,
  )
  return {
    id: r.id,
    itemId: r.item_id,
    filename: r.filename,
    mediaType: r.media_type,
    size: Number(r.size),
    sha256: r.sha256,
    hasText: r.text !== null && r.text !== '',
    inline: kind ? KIND_INFO[kind].inline : false,
    createdAt: r.created_at,
  }
}

async function rolesOn(deps: AppDeps, actor: AttachmentActor, organId: string): Promise<Set<Role>> {
  const ancestors = await organAncestorIds(deps.db.kysely, organId)
  return new Set(actor.grants.filter((g) => grantCovers(g, organId, ancestors)).map((g) => g.role))
}

interface ItemAccess {
  item: ItemRow
  roles: Set<Role>
  mayChange: boolean
}

/** The item as this staff member may see it; items of organs they have no role on do not exist for them. */
async function itemAccess(deps: AppDeps, actor: AttachmentActor, itemId: string): Promise<ItemAccess> {
  const found = await findItemWithOpenRevision(deps.db.kysely, itemId)
  if (!found) {
    throw new DomainError('ITEM_NOT_FOUND', `no item ${itemId}`)
  }
  const { item, openRevision: open } = found
  const roles = await rolesOn(deps, actor, item.organ_id)
  if (roles.size === 0) {
    throw new DomainError('ITEM_NOT_FOUND', `${actor.username} has no role on organ ${item.organ_id}`)
  }
  const mayChange = mayChangeAttachments(subjectOf(item, open !== undefined), {
    userId: actor.userId,
    roles,
  })
  return { item, roles, mayChange }
}

/** Text of a file for the search index, where a library can read the format; null otherwise. */
export async function extractAttachmentText(kind: AttachmentKind, bytes: Uint8Array): Promise<string | null> {
  if (kind === 'docx') {
    return docxText(bytes)
  }
  if (kind === 'xlsx') {
    const declared = zipDeclaredSize(bytes)
    if (declared === null || declared > MAX_ENTRY_BYTES) {
      return null
    }
    try {
      const { default: Excel } = await import('exceljs')
      const wb = new Excel.Workbook()
      await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) as unknown as ArrayBuffer)
      const lines: string[] = []
      let chars = 0
      for (const ws of wb.worksheets) {
        lines.push(ws.name)
        ws.eachRow((row) => {
          if (chars > MAX_TEXT_CHARS) {
            return
          }
          const cells: string[] = []
          row.eachCell((cell) => {
            const t = cell.text
            if (t) {
              cells.push(t)
            }
          })
          const line = cells.join('\t')
          chars += line.length
          lines.push(line)
        })
      }
      return tidyText(lines.join('\n'))
    } catch {
      return null
    }
  }
  if (kind === 'pdf') {
    return pdfText(bytes)
  }
  // DOC, XLS (binary Office) and images: no pure-JS reader in this installation.
  return null
}

/** Pages read from one PDF for search, and the time allowed (a hostile file cannot hold a request). */
const PDF_MAX_PAGES = 300
const PDF_TIMEOUT_MS = 15_000

/** Where pdf.js finds its CJK character maps (UniGB-UCS2-H …) and standard fonts, offline. */
function pdfjsDataDir(sub: 'cmaps' | 'standard_fonts'): string {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))
  return `${join(root, sub)}/`
}

/**
 * The text of a PDF, through pdf.js (pure JavaScript, Node ≥ 20.19): with its packed CMaps so
 * Chinese text in predefined encodings (Adobe-GB1) is read; eval and font loading off; at most
 * PDF_MAX_PAGES pages and PDF_TIMEOUT_MS. Null when the file cannot be read (scanned PDFs give
 * little or no text: there is no OCR).
 */
export async function pdfText(bytes: Uint8Array): Promise<string | null> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const task = getDocument({
    // pdf.js takes ownership of the buffer: give it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    cMapUrl: pdfjsDataDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: pdfjsDataDir('standard_fonts'),
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), PDF_TIMEOUT_MS)
  })
  const read = (async () => {
    const doc = await task.promise
    const parts: string[] = []
    let chars = 0
    for (let n = 1; n <= Math.min(doc.numPages, PDF_MAX_PAGES) && chars < MAX_TEXT_CHARS; n++) {
      const content = await (await doc.getPage(n)).getTextContent()
      for (const item of content.items) {
        if ('str' in item) {
          parts.push(item.hasEOL ? `${item.str}\n` : item.str)
          chars += item.str.length
        }
      }
      parts.push('\n')
    }
    return tidyText(parts.join(''))
  })()
  try {
    return await Promise.race([read, timeout])
  } catch {
    return null
  } finally {
    clearTimeout(timer)
    read.catch(() => undefined)
    await task.destroy().catch(() => undefined)
  }
}

export interface Upload {
  filename: string
  bytes: Uint8Array
}

/**
 * Attaches a file to an item the actor may edit.
 * @throws ITEM_NOT_FOUND, FORBIDDEN (may see but not edit), ATTACHMENT_TOO_LARGE, ATTACHMENT_TYPE_REFUSED
 */
export async function addAttachment(
  deps: AppDeps,
  actor: AttachmentActor,
  itemId: string,
  upload: Upload,
): Promise<Attachment> {
  const access = await itemAccess(deps, actor, itemId)
  if (!access.mayChange) {
    throw new DomainError('FORBIDDEN', `${actor.username} may not change attachments of item ${itemId}`, {
      userMessage: '只有本机关的信息员或承办人可以在草稿（或修订稿）阶段添加、删除附件。',
    })
  }
  const check = checkAttachment({ ...upload, maxBytes: deps.config.maxUploadBytes })
  if (!check.ok) {
    throw new DomainError(check.code, `${upload.filename}: ${check.message}`, {
      userMessage: check.message,
      fields: { file: [check.message] },
    })
  }
  const text = await extractAttachmentText(check.kind, upload.bytes)
  const stored = await createFileStore(deps.config.filesDir).put(upload.bytes)
  const row: AttachmentRow = {
    id: newId(),
    item_id: itemId,
    filename: check.filename,
    media_type: check.mediaType,
    size: stored.size,
    sha256: stored.sha256,
    storage_key: stored.key,
    text,
    created_by: actor.userId,
    created_at: deps.clock.now().toISOString(),
  }
  await deps.db.kysely.transaction().execute(async (trx) => {
    await repo.insertAttachment(trx, row)
    await recordItemEditor(trx, itemId, actor.userId)
    await recordAudit(trx, deps.clock, {
      actorId: actor.userId,
      actorName: actor.username,
      organId: access.item.organ_id,
      action: 'attachment.added',
      targetType: 'item',
      targetId: itemId,
      summary: {
        attachmentId: row.id,
        filename: row.filename,
        size: row.size,
        mediaType: row.media_type,
        sha256: row.sha256,
      },
    })
  })
  return toAttachment(row)
}

/**
 * Removes an attachment from an item the actor may edit; the stored file goes too unless
 * another attachment has the same content.
 * @returns the item the attachment belonged to
 */
export async function removeAttachment(
  deps: AppDeps,
  actor: AttachmentActor,
  attachmentId: string,
): Promise<{ itemId: string }> {
  const found = await repo.findAttachmentWithItem(deps.db.kysely, attachmentId)
  if (!found) {
    throw new DomainError('ATTACHMENT_NOT_FOUND', `no attachment ${attachmentId}`)
  }
  const access = await itemAccess(deps, actor, found.item_id)
  if (!access.mayChange) {
    throw new DomainError(
      'FORBIDDEN',
      `${actor.username} may not change attachments of item ${found.item_id}`,
      {
        userMessage: '只有本机关的信息员或承办人可以在草稿（或修订稿）阶段添加、删除附件。',
      },
    )
  }
  const orphaned = await deps.db.kysely.transaction().execute(async (trx) => {
    if (!(await repo.deleteAttachment(trx, attachmentId))) {
      throw new DomainError('ATTACHMENT_NOT_FOUND', `attachment ${attachmentId} already removed`)
    }
    await recordAudit(trx, deps.clock, {
      actorId: actor.userId,
      actorName: actor.username,
      organId: found.organ_id,
      action: 'attachment.removed',
      targetType: 'item',
      targetId: found.item_id,
      summary: { attachmentId, filename: found.filename, sha256: found.sha256 },
    })
    return (await repo.countByStorageKey(trx, found.storage_key)) === 0
  })
  if (orphaned) {
    await createFileStore(deps.config.filesDir).remove(found.storage_key)
  }
  return { itemId: found.item_id }
}

export interface ItemAttachments {
  item: { id: string; title: string; status: ItemRow['status']; organId: string }
  attachments: Attachment[]
  /** Whether the actor may add and remove attachments now. */
  mayChange: boolean
}

/** An item's attachments for the console. @throws ITEM_NOT_FOUND */
export async function listItemAttachments(
  deps: AppDeps,
  actor: AttachmentActor,
  itemId: string,
): Promise<ItemAttachments> {
  const access = await itemAccess(deps, actor, itemId)
  const rows = await repo.listAttachmentsOfItem(deps.db.kysely, itemId)
  const i = access.item
  return {
    item: { id: i.id, title: i.title, status: i.status, organId: i.organ_id },
    attachments: rows.map(toAttachment),
    mayChange: access.mayChange,
  }
}

export interface AttachmentDownload {
  attachment: Attachment
  stream: ReadStream
}

async function open(deps: AppDeps, row: AttachmentRow): Promise<AttachmentDownload> {
  try {
    const { stream } = await createFileStore(deps.config.filesDir).read(row.storage_key)
    return { attachment: toAttachment(row), stream }
  } catch (err) {
    throw new DomainError('ATTACHMENT_NOT_FOUND', `file of attachment ${row.id} is missing`, { cause: err })
  }
}

/**
 * A file for the public: only attachments of published items exist (条例 Art. 24 — viewing and
 * downloading on the platform); drafts', withdrawn and under-review items' files do not.
 * @throws ATTACHMENT_NOT_FOUND
 */
export async function openPublicAttachment(deps: AppDeps, attachmentId: string): Promise<AttachmentDownload> {
  const found = await repo.findAttachmentWithItem(deps.db.kysely, attachmentId)
  if (!found || found.item_status !== 'published') {
    throw new DomainError('ATTACHMENT_NOT_FOUND', `no public attachment ${attachmentId}`)
  }
  return open(deps, found)
}

/** A file for staff holding any role on the item's organ (drafts under review included). */
export async function openStaffAttachment(
  deps: AppDeps,
  actor: AttachmentActor,
  attachmentId: string,
): Promise<AttachmentDownload> {
  const found = await repo.findAttachmentWithItem(deps.db.kysely, attachmentId)
  if (!found || (await rolesOn(deps, actor, found.organ_id)).size === 0) {
    throw new DomainError('ATTACHMENT_NOT_FOUND', `no attachment ${attachmentId} for ${actor.username}`)
  }
  return open(deps, found)
}
