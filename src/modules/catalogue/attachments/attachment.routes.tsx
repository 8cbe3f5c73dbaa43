import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../../shared/deps.js'
import type { Viewer } from '../../../shared/actor.js'
import { requireViewer } from '../../../http/guards.js'
import { sendPage, wantsJson } from '../../../http/html.js'
import { assertCleanText } from '../../../http/input.js'
import { assertCsrf, CSRF_IN_MULTIPART_BODY } from '../../../http/session.js'
import { DomainError, isDomainError, ValidationError, type ErrorCode } from '../../../shared/errors.js'
import { parseInput } from '../../../shared/validation.js'
import { contentDisposition, tooLargeMessage } from './file-types.js'
import {
  addAttachment,
  listItemAttachments,
  openPublicAttachment,
  openStaffAttachment,
  removeAttachment,
  type AttachmentDownload,
  type Upload,
} from './attachment.service.js'
import { AttachmentsPage, itemAttachmentsHref } from './attachment.views.js'

const idParams = z.object({ id: z.string().min(1).max(64) })

/** Refusals shown next to the upload field (the page is shown again with the refusal's status). */
const UPLOAD_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ATTACHMENT_TYPE_REFUSED',
  'ATTACHMENT_TOO_LARGE',
  'REQUEST_INVALID',
])

/** Files are data, never pages: no scripts, no plugins, no same-origin powers if opened inline. */
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

/**
 * Public files are stored by any cache but revalidated on every use (ETag = the content's
 * SHA-256): once an item is withdrawn its files answer 404 at once, never from a cache.
 */
const PUBLIC_FILE_CACHE = 'public, no-cache'

/** True when an If-None-Match header names `etag` (or `*`); weak tags compare equal. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) {
    return false
  }
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag)
}

function sendFile(reply: FastifyReply, d: AttachmentDownload, cacheControl: string): FastifyReply {
  const a = d.attachment
  return reply
    .header('etag', `"${a.sha256}"`)
    .header('content-type', a.mediaType)
    .header('content-length', String(a.size))
    .header('content-disposition', contentDisposition(a.filename, a.inline))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', FILE_CSP)
    .header('cache-control', cacheControl)
    .send(d.stream)
}

/**
 * The one file part of a multipart upload, after the `_csrf` field of the same body (or the
 * X-CSRF-Token header, checked before the handler). The form sends the token before the file,
 * so a forged upload is refused before its file is read.
 */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new ValidationError({ file: ['请选择要上传的文件。'] }, 'upload is not multipart/form-data')
  }
  let csrfChecked = typeof request.headers['x-csrf-token'] === 'string'
  let upload: Upload | undefined
  try {
    for await (const part of request.parts()) {
      // Multipart fields are read here, not by the global input guard (src/http/input.ts).
      if (part.type === 'field') {
        assertCleanText(String(part.value), 'form field', { text: true })
        if (part.fieldname === '_csrf') {
          assertCsrf(request, part.value)
          csrfChecked = true
        }
        continue
      }
      assertCleanText(part.filename, 'file name')
      const bytes = await part.toBuffer()
      if (part.fieldname === 'file' && part.filename !== '') {
        upload = { filename: part.filename, bytes }
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT') {
      const message = tooLargeMessage(maxBytes)
      throw new DomainError('ATTACHMENT_TOO_LARGE', `upload over ${maxBytes} bytes`, {
        userMessage: message,
        fields: { file: [message] },
        cause: err,
      })
    }
    throw err
  }
  if (!csrfChecked) {
    assertCsrf(request, undefined)
  }
  if (!upload) {
    throw new ValidationError({ file: ['请选择要上传的文件。'] }, 'no file part')
  }
  return upload
}

/** Attachment upload and removal on the console, and file downloads (public and staff). */
export function attachmentRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    await app.register(multipart, {
      limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 5, parts: 6, headerPairs: 100 },
    })

    async function showPage(
      request: FastifyRequest,
      reply: FastifyReply,
      viewer: Viewer,
      itemId: string,
      opts: { done?: string | undefined; error?: string; status?: number } = {},
    ) {
      const data = await listItemAttachments(deps, viewer, itemId)
      return sendPage(
        reply,
        <AttachmentsPage
          viewer={viewer}
          csrfToken={request.csrfToken}
          data={data}
          maxUploadBytes={deps.config.maxUploadBytes}
          done={opts.done}
          error={opts.error}
        />,
        opts.status ?? 200,
      )
    }

    app.get('/console/items/:id/attachments', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const done = z
        .object({ done: z.string().max(20).optional() })
        .catch({ done: undefined })
        .parse(request.query ?? {}).done
      return showPage(request, reply, viewer, id, { done })
    })

    app.post('/console/items/:id/attachments', { config: CSRF_IN_MULTIPART_BODY }, async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const json = wantsJson(request.headers.accept, request.url)
      try {
        const upload = await readUpload(request, deps.config.maxUploadBytes)
        const attachment = await addAttachment(deps, viewer, id, upload)
        if (json) {
          return reply.status(201).send({ attachment })
        }
        return reply.redirect(`${itemAttachmentsHref(id)}?done=added`, 303)
      } catch (err) {
        if (isDomainError(err) && UPLOAD_ERRORS.has(err.code) && !json) {
          const message = err.fields?.file?.[0] ?? err.userMessage
          return showPage(request, reply, viewer, id, { error: message, status: err.status })
        }
        throw err
      }
    })

    app.post('/console/attachments/:id/delete', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      const { itemId } = await removeAttachment(deps, viewer, id)
      return reply.redirect(`${itemAttachmentsHref(itemId)}?done=removed`, 303)
    })

    app.get('/console/attachments/:id', async (request, reply) => {
      const viewer = requireViewer(request)
      const { id } = parseInput(idParams, request.params)
      return sendFile(reply, await openStaffAttachment(deps, viewer, id), 'private, no-store')
    })

    // 条例 Art. 24: published information can be viewed and downloaded on the platform.
    app.get('/attachments/:id', async (request, reply) => {
      const { id } = parseInput(idParams, request.params)
      const download = await openPublicAttachment(deps, id)
      const etag = `"${download.attachment.sha256}"`
      if (etagMatches(request.headers['if-none-match'], etag)) {
        download.stream.destroy()
        return reply.status(304).header('etag', etag).header('cache-control', PUBLIC_FILE_CACHE).send()
      }
      return sendFile(reply, download, PUBLIC_FILE_CACHE)
    })
  }
}
