import { decodeXML } from 'entities'
import { unzipSync } from 'fflate'
import type { Role } from '../../users/user.table.js'
import type { ErrorCode } from '../../../shared/errors.js'
import { refusal, type TransitionSubject } from '../items/index.js'

/**
 * Attachments of disclosure items (pure rules): which files are accepted — judged by their
 * content (magic bytes and container structure), never by the name or the browser's claimed
 * type — the name they are stored under, who may change them, and text extraction for search
 * where the format can be read without native code (DOCX here; XLSX through exceljs and PDF
 * through pdf.js in attachment.service.ts; binary DOC/XLS and images give no text).
 */

export const ATTACHMENT_KINDS = ['pdf', 'docx', 'xlsx', 'doc', 'xls', 'png', 'jpeg', 'gif', 'webp'] as const
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number]

interface KindInfo {
  mediaType: string
  /** Accepted file-name extensions (lower case, without the dot). */
  extensions: readonly string[]
  /** How the refusal messages name it. */
  label: string
  /** Shown in the browser (images) rather than downloaded. */
  inline: boolean
}

export const KIND_INFO: Record<AttachmentKind, KindInfo> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF 文档', inline: false },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word 文档（DOCX）',
    inline: false,
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    label: 'Excel 表格（XLSX）',
    inline: false,
  },
  doc: { mediaType: 'application/msword', extensions: ['doc'], label: 'Word 文档（DOC）', inline: false },
  xls: {
    mediaType: 'application/vnd.ms-excel',
    extensions: ['xls'],
    label: 'Excel 表格（XLS）',
    inline: false,
  },
  png: { mediaType: 'image/png', extensions: ['png'], label: 'PNG 图片', inline: true },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe'], label: 'JPEG 图片', inline: true },
  gif: { mediaType: 'image/gif', extensions: ['gif'], label: 'GIF 图片', inline: true },
  webp: { mediaType: 'image/webp', extensions: ['webp'], label: 'WebP 图片', inline: true },
}

/** What the upload form says is accepted. */
export const ACCEPTED_TYPES_TEXT = 'PDF、Word（DOC、DOCX）、Excel（XLS、XLSX）和图片（PNG、JPEG、GIF、WebP）'

/** The `accept` attribute of the file input (a hint for the browser; the server decides by content). */
export const ACCEPT_ATTRIBUTE = ATTACHMENT_KINDS.flatMap((k) =>
  KIND_INFO[k].extensions.map((e) => `.${e}`),
).join(',')

/** Why content was refused. */
export type ContentRefusal = 'executable' | 'macro' | 'unknown' | 'empty'

export type ContentCheck = { kind: AttachmentKind } | { refused: ContentRefusal; what: string }

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) {
    return false
  }
  return sig.every((x, i) => b[at + i] === x)
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.buffer, b.byteOffset + from, Math.max(0, Math.min(to, b.length) - from)).toString(
    'latin1',
  )
}

/** Executable formats: never accepted, whatever the name says. */
const EXECUTABLES: ReadonlyArray<[readonly number[], string]> = [
  [[0x4d, 0x5a], 'Windows 可执行程序（EXE/DLL）'],
  [[0x7f, 0x45, 0x4c, 0x46], 'Linux 可执行程序（ELF）'],
  [[0xfe, 0xed, 0xfa, 0xce], 'macOS 可执行程序（Mach-O）'],
  [[0xfe, 0xed, 0xfa, 0xcf], 'macOS 可执行程序（Mach-O）'],
  [[0xce, 0xfa, 0xed, 0xfe], 'macOS 可执行程序（Mach-O）'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'macOS 可执行程序（Mach-O）'],
  [[0xca, 0xfe, 0xba, 0xbe], 'macOS 通用程序或 Java 类文件'],
  [[0x23, 0x21], '脚本文件（#!）'],
]

// ─── ZIP (for DOCX/XLSX), read with fflate ──────────────────────────────────────────────────

/** One entry of a ZIP's central directory: its name and declared uncompressed size. */
export interface ZipEntry {
  name: string
  size: number
}

/** The entries of a ZIP file (nothing inflated), or null when it is not a readable ZIP. */
export function zipEntries(b: Uint8Array): ZipEntry[] | null {
  const out: ZipEntry[] = []
  try {
    unzipSync(b, {
      filter: (f) => {
        out.push({ name: f.name, size: f.originalSize })
        return false
      },
    })
  } catch {
    return null
  }
  return out
}

/** Largest entry inflated for inspection or text (a ZIP bomb stops here). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024

/**
 * The text of one entry, or null when absent, unreadable or declared larger than `maxBytes`.
 * fflate inflates into a buffer of the declared size, so a lying entry cannot grow past it.
 */
export function zipEntryText(b: Uint8Array, name: string, maxBytes = MAX_ENTRY_BYTES): string | null {
  try {
    const files = unzipSync(b, { filter: (f) => f.name === name && f.originalSize <= maxBytes })
    const data = files[name]
    return data ? Buffer.from(data.buffer, data.byteOffset, data.length).toString('utf8') : null
  } catch {
    return null
  }
}

function officeOpenXml(b: Uint8Array): ContentCheck {
  const entries = zipEntries(b)
  if (!entries) {
    return { refused: 'unknown', what: '无法读取的压缩文件' }
  }
  const names = new Set(entries.map((e) => e.name))
  const types = names.has('[Content_Types].xml') ? zipEntryText(b, '[Content_Types].xml') : null
  if (types === null) {
    return { refused: 'unknown', what: 'ZIP 压缩文件' }
  }
  if (/macroEnabled/i.test(types) || [...names].some((n) => /vbaProject\.bin$/i.test(n))) {
    return { refused: 'macro', what: '含宏的 Office 文件' }
  }
  if (names.has('word/document.xml') && types.includes('wordprocessingml.document.main+xml')) {
    return { kind: 'docx' }
  }
  if (names.has('xl/workbook.xml') && types.includes('spreadsheetml.sheet.main+xml')) {
    return { kind: 'xlsx' }
  }
  return { refused: 'unknown', what: '其他 Office 文件（如 PPTX）' }
}

// ─── OLE compound files (DOC/XLS) ─────────────────────────────────────────────────────────

function hasUtf16Name(b: Uint8Array, name: string): boolean {
  return Buffer.from(b.buffer, b.byteOffset, b.length).includes(Buffer.from(name, 'utf16le'))
}

function oleDocument(b: Uint8Array): ContentCheck {
  // Word keeps macros in Macros/VBA/_VBA_PROJECT, Excel in _VBA_PROJECT_CUR/_VBA_PROJECT.
  if (hasUtf16Name(b, '_VBA_PROJECT')) {
    return { refused: 'macro', what: '含宏的 Office 文件' }
  }
  if (hasUtf16Name(b, 'WordDocument')) {
    return { kind: 'doc' }
  }
  if (hasUtf16Name(b, 'Workbook') || hasUtf16Name(b, 'Book')) {
    return { kind: 'xls' }
  }
  return { refused: 'unknown', what: '其他 Office 文件（如 PPT）' }
}

/** Identifies a file by its content. */
export function detectContent(b: Uint8Array): ContentCheck {
  if (b.length === 0) {
    return { refused: 'empty', what: '空文件' }
  }
  for (const [sig, what] of EXECUTABLES) {
    if (startsWith(b, sig)) {
      return { refused: 'executable', what }
    }
  }
  // PDF: the header may follow a little junk (ISO 32000-1 §7.5.2 readers look in the first 1,024 bytes).
  if (ascii(b, 0, 1024).includes('%PDF-')) {
    return { kind: 'pdf' }
  }
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    return officeOpenXml(b)
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return oleDocument(b)
  }
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { kind: 'png' }
  }
  if (startsWith(b, [0xff, 0xd8, 0xff])) {
    return { kind: 'jpeg' }
  }
  const head = ascii(b, 0, 12)
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) {
    return { kind: 'gif' }
  }
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') {
    return { kind: 'webp' }
  }
  return { refused: 'unknown', what: '无法识别的文件' }
}

// ─── The check an upload goes through ─────────────────────────────────────────────────────

export type AttachmentCheck =
  | { ok: true; kind: AttachmentKind; mediaType: string; filename: string }
  | {
      ok: false
      code: Extract<ErrorCode, 'ATTACHMENT_TYPE_REFUSED' | 'ATTACHMENT_TOO_LARGE'>
      message: string
    }

/** Longest stored file name, in characters. */
export const FILENAME_MAX = 120

/** Control characters and characters that file systems or headers do not take. */
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f"<>|:*?]/g

/**
 * The name a file is stored and offered under: the last path component, without control or
 * path characters, cut to FILENAME_MAX characters keeping the extension.
 */
export function cleanFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? ''
  let s = base.normalize('NFC').replace(UNSAFE_NAME_CHARS, '').trim()
  s = s.replace(/^\.+/, '')
  if (s.length > FILENAME_MAX) {
    const dot = s.lastIndexOf('.')
    const ext = dot > 0 && s.length - dot <= 8 ? s.slice(dot) : ''
    s = s.slice(0, FILENAME_MAX - ext.length) + ext
  }
  return s
}

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : ''
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1)
}

/** The refusal of an upload over the size limit. */
export function tooLargeMessage(maxBytes: number): string {
  return `附件超过大小限制：最大 ${megabytes(maxBytes)} MB。`
}

/**
 * Decides whether an upload is accepted: the size limit first, then the content (executables,
 * macros and unknown formats refused), then the extension must name what the content is.
 */
export function checkAttachment(input: {
  filename: string
  bytes: Uint8Array
  maxBytes: number
}): AttachmentCheck {
  if (input.bytes.length > input.maxBytes) {
    return {
      ok: false,
      code: 'ATTACHMENT_TOO_LARGE',
      message: tooLargeMessage(input.maxBytes),
    }
  }
  const filename = cleanFilename(input.filename)
  const content = detectContent(input.bytes)
  if ('refused' in content) {
    const message =
      content.refused === 'executable'
        ? `不能上传可执行程序或脚本：文件内容是${content.what}。`
        : content.refused === 'macro'
          ? '不能上传含宏的 Office 文件，请另存为不含宏的 DOCX/XLSX 或 PDF 后上传。'
          : content.refused === 'empty'
            ? '文件是空的。'
            : `不支持该文件类型（${content.what}）。可以上传${ACCEPTED_TYPES_TEXT}。`
    return { ok: false, code: 'ATTACHMENT_TYPE_REFUSED', message }
  }
  const info = KIND_INFO[content.kind]
  const ext = extensionOf(filename)
  if (!info.extensions.includes(ext)) {
    return {
      ok: false,
      code: 'ATTACHMENT_TYPE_REFUSED',
      message: ext
        ? `文件内容是${info.label}，与扩展名“.${ext}”不符。请确认文件后重新上传。`
        : `文件名缺少扩展名；文件内容是${info.label}，请使用 .${info.extensions[0] ?? ''} 扩展名。`,
    }
  }
  return { ok: true, kind: content.kind, mediaType: info.mediaType, filename }
}

// ─── Text for search ──────────────────────────────────────────────────────────────────────

/** Most text kept from one attachment for the search index. */
export const MAX_TEXT_CHARS = 500_000

/** The text of a DOCX (word/document.xml): one line per paragraph, field codes and deletions left out. */
export function docxText(b: Uint8Array): string | null {
  const xml = zipEntryText(b, 'word/document.xml')
  if (xml === null) {
    return null
  }
  const text = xml
    .replace(/<w:instrText\b[^>]*>[\s\S]*?<\/w:instrText>/g, '')
    .replace(/<w:delText\b[^>]*>[\s\S]*?<\/w:delText>/g, '')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<w:(?:br|cr)\b[^>]*\/>/g, '\n')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
  return tidyText(decodeXML(text))
}

/** Trims lines, drops empty ones and cuts to MAX_TEXT_CHARS. */
export function tidyText(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n')
    .slice(0, MAX_TEXT_CHARS)
}

/** Total declared uncompressed size of a ZIP's entries (to refuse handing a bomb to a parser). */
export function zipDeclaredSize(b: Uint8Array): number | null {
  const entries = zipEntries(b)
  return entries ? entries.reduce((n, e) => n + e.size, 0) : null
}

// ─── Who may change attachments ───────────────────────────────────────────────────────────

/**
 * Attachments are part of the item's content: they may be added or removed by whoever may edit
 * the item — a 信息员 or 承办人 of its organ while it is a draft (including a revision's working
 * copy; the published version keeps its files until the revision is published). The rule is the
 * lifecycle's own `edit` rule (item-transitions.ts), so the two never disagree.
 */
export function mayChangeAttachments(
  subject: TransitionSubject,
  actor: { userId: string; roles: ReadonlySet<Role> },
): boolean {
  return refusal(subject, actor, 'edit') === null
}

// ─── Download headers ─────────────────────────────────────────────────────────────────────

/**
 * `Content-Disposition` for a download: `inline` for images, `attachment` otherwise, with an
 * ASCII fallback name and the UTF-8 name in RFC 5987 / RFC 6266 `filename*` form.
 */
export function contentDisposition(filename: string, inline: boolean): string {
  const ext = extensionOf(filename)
  const fallback =
    filename
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'attachment'
  const ascii = ext ? `${fallback}.${ext.replace(/[^\w]/g, '')}` : fallback
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** Size in 字节/KB/MB for lists. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} 字节`
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KB`
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
