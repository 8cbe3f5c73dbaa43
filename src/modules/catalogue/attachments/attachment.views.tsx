import { chinaDateOf } from '../../../shared/china-time.js'
import type { Viewer } from '../../../shared/actor.js'
import { CsrfField, ErrorSummary, FieldError, Layout } from '../../../http/layout.js'
import { ACCEPT_ATTRIBUTE, ACCEPTED_TYPES_TEXT, sizeLabel } from './file-types.js'
import type { Attachment, ItemAttachments } from './attachment.service.js'

/** Console pages of an item's attachments (list, upload, removal). */

export function itemAttachmentsHref(itemId: string): string {
  return `/console/items/${encodeURIComponent(itemId)}/attachments`
}

export function staffAttachmentHref(id: string): string {
  return `/console/attachments/${encodeURIComponent(id)}`
}

const DONE: Record<string, string> = {
  added: '附件已上传。',
  removed: '附件已删除。',
}

function AttachmentRowView(props: { a: Attachment; mayChange: boolean; csrfToken: string }) {
  const a = props.a
  return (
    <tr>
      <td>
        <a href={staffAttachmentHref(a.id)}>{a.filename}</a>
      </td>
      <td>{sizeLabel(a.size)}</td>
      <td>{a.hasText ? '已提取，可检索' : '未提取'}</td>
      <td>{chinaDateOf(a.createdAt)}</td>
      {props.mayChange ? (
        <td>
          <form method="post" action={`${staffAttachmentHref(a.id)}/delete`}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="danger" aria-label={`删除附件 ${a.filename}`}>
              删除
            </button>
          </form>
        </td>
      ) : null}
    </tr>
  )
}

export function AttachmentsPage(props: {
  viewer: Viewer
  csrfToken: string
  data: ItemAttachments
  maxUploadBytes: number
  done?: string | undefined
  /** The refusal of a failed upload, shown next to the file field. */
  error?: string | undefined
}) {
  const { item, attachments, mayChange } = props.data
  const itemHref = `/console/items/${encodeURIComponent(item.id)}`
  const done = props.done ? DONE[props.done] : undefined
  // The CSRF token goes first in the multipart body (never in the URL): the route checks it
  // before it reads the file.
  const uploadAction = itemAttachmentsHref(item.id)
  return (
    <Layout
      title={`附件 - ${item.title}`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['政府信息管理', '/console/items'], [item.title, itemHref], ['附件']]}
    >
      <h1>附件：{item.title}</h1>
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      <p>
        <a href={itemHref}>返回信息页面</a>
      </p>
      <h2>已上传的附件</h2>
      {attachments.length === 0 ? (
        <p class="empty">暂无附件。</p>
      ) : (
        <table>
          <caption class="visually-hidden">附件列表</caption>
          <thead>
            <tr>
              <th scope="col">文件名</th>
              <th scope="col">大小</th>
              <th scope="col">全文检索</th>
              <th scope="col">上传日期</th>
              {mayChange ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {attachments.map((a) => (
              <AttachmentRowView a={a} mayChange={mayChange} csrfToken={props.csrfToken} />
            ))}
          </tbody>
        </table>
      )}
      {mayChange ? (
        <section aria-labelledby="upload-h">
          <h2 id="upload-h">上传附件</h2>
          <ErrorSummary message={props.error} />
          <form method="post" action={uploadAction} enctype="multipart/form-data">
            <CsrfField token={props.csrfToken} />
            <div class={`field${props.error ? ' has-error' : ''}`}>
              <label for="f-file">选择文件</label>
              <p class="hint" id="f-file-hint">
                可以上传{ACCEPTED_TYPES_TEXT}，每个文件不超过 {sizeLabel(props.maxUploadBytes)}
                。文件类型按内容检查，扩展名须与内容一致。
              </p>
              <input
                id="f-file"
                name="file"
                type="file"
                required
                accept={ACCEPT_ATTRIBUTE}
                aria-invalid={props.error ? 'true' : undefined}
                aria-describedby={props.error ? 'f-file-hint f-file-error' : 'f-file-hint'}
              />
              <FieldError id="f-file" errors={props.error ? [props.error] : undefined} />
            </div>
            <button type="submit">上传</button>
          </form>
        </section>
      ) : (
        <p class="muted">
          {item.status === 'draft'
            ? '只有本机关的信息员或承办人可以添加、删除附件。'
            : '附件只能在草稿阶段添加或删除；已发布的信息请先“修订”，在修订稿中添加附件。'}
        </p>
      )}
    </Layout>
  )
}
