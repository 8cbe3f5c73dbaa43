import type { ComponentChildren } from 'preact'
import { ErrorSummary, Layout } from '../../../http/layout.js'
import type { ItemAttachments } from '../attachments/index.js'
import { KIND_INFO, itemAttachmentsHref, sizeLabel, staffAttachmentHref } from '../attachments/index.js'
import { sanitizeBodyHtml } from '../body/index.js'
import { art20Label, topicLabel } from '../classification/index.js'
import {
  CHECKLIST,
  CHECKLIST_ANSWER_TEXT,
  DISCLOSURE_MODE_TEXT,
  ITEM_STATUS_LABELS,
  SCOPE_TEXT,
  TERM_TEXT,
  VALIDITY_TEXT,
} from './item.js'

import { Actions } from './item-actions.views.js'
import {
  CONSOLE_CRUMBS,
  ClockBadge,
  type ItemPageProps,
  StatusBadge,
  instant,
  itemConsoleHref,
  publicHref,
} from './item-common.views.js'
import { ReturnNotice } from './item-form.views.js'

/**
 * The console page of one item: metadata, body, attachments, history.
 */

export const DONE_MESSAGES: Record<string, string> = {
  created: '草稿已保存。',
  saved: '草稿已保存。',
  submitted: '已送初审。',
  approve_first: '初审通过，已送分管领导复核。',
  return_first: '已退回起草人修改。',
  approve_final: '已批准发布。',
  return_final: '已退回起草人修改。',
  withdrawn: '已撤销发布。',
  validity: '有效性已更新。',
  revision: '已创建修订稿。修改后送审，批准后以原索引号发布新版本。',
}

export function MetaRow(props: { label: string; children: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  )
}

export function ItemPage(props: ItemPageProps) {
  const d = props.detail
  const { item, organ } = d
  const f = props.failure
  const done = props.done ? DONE_MESSAGES[props.done] : undefined
  return (
    <Layout
      title={item.title}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[...CONSOLE_CRUMBS, [item.title]]}
    >
      <h1>{item.title}</h1>
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      {f && f.form === 'other' ? <ErrorSummary message={f.message} /> : null}
      <p>
        <StatusBadge status={item.status} /> {item.sample ? <span class="badge sample">示例</span> : null}{' '}
        {item.status === 'published' ? <a href={publicHref(item.indexNo, item.id)}>查看公开页面</a> : null}
      </p>
      {item.status === 'draft' && item.returnReason ? <ReturnNotice reason={item.returnReason} /> : null}
      {item.status === 'withdrawn' ? <p class="warn">已撤销发布。撤销理由：{item.withdrawReason}</p> : null}
      {d.revisionOf ? (
        <p class="notice-info">
          这是《<a href={itemConsoleHref(d.revisionOf.id)}>{d.revisionOf.title}</a>》（索引号{' '}
          {d.revisionOf.indexNo}，现为第 {d.revisionOf.revision} 版）的修订稿。批准后以原索引号发布第{' '}
          {d.revisionOf.revision + 1} 版；在此之前公开的仍是原版本。
        </p>
      ) : null}
      {d.openRevision ? (
        <p class="notice-info">
          该信息有一份修订稿正在办理（{ITEM_STATUS_LABELS[d.openRevision.status]}）：
          <a href={itemConsoleHref(d.openRevision.id)}>查看修订稿</a>
        </p>
      ) : null}

      <section aria-labelledby="h-clock">
        <h2 id="h-clock">公开时限</h2>
        {d.clock ? (
          <p>
            形成或变更日期 {d.clock.formedDate}，依条例第二十六条应于 <strong>{d.clock.dueDate}</strong>{' '}
            前公开。 <ClockBadge clock={d.clock} />
          </p>
        ) : (
          <p class="muted">非主动公开信息，不适用条例第二十六条的公开时限。</p>
        )}
      </section>

      <section aria-labelledby="h-meta">
        <h2 id="h-meta">基本信息</h2>
        <div class="table-scroll">
          <table class="meta-table">
            <tbody>
              <MetaRow label="索引号">{item.indexNo ?? '（发布时生成）'}</MetaRow>
              <MetaRow label="发布机构">{organ.name}</MetaRow>
              {item.jointIssuers.length > 0 ? (
                <MetaRow label="联合发文">{item.jointIssuers.join('、')}</MetaRow>
              ) : null}
              <MetaRow label="文号">
                {item.docNumber ?? item.docNumberRaw ?? '—'}
                {item.docNumberRaw && item.docNumber && item.docNumberRaw !== item.docNumber ? (
                  <span class="muted">（原文：{item.docNumberRaw}）</span>
                ) : null}
                {item.docNumberRaw && !item.docNumber ? <span class="muted">（未能规范化）</span> : null}
              </MetaRow>
              <MetaRow label="成文日期">{item.writtenDate ?? '—'}</MetaRow>
              <MetaRow label="形成日期">{item.formedDate ?? '—'}</MetaRow>
              <MetaRow label="发布日期">{item.publishedDate ?? '—'}</MetaRow>
              {item.revision > 1 ? (
                <MetaRow label="修订">
                  第 {item.revision} 版，{item.revisedDate} 发布
                </MetaRow>
              ) : null}
              <MetaRow label="主题分类">{item.topic ? topicLabel(item.topic) : '—'}</MetaRow>
              <MetaRow label="体裁">{item.genre ?? '—'}</MetaRow>
              <MetaRow label="公开事项">
                {item.art20Item ? art20Label(item.art20Item) : '—'}
                {item.art21Item ? `；第二十一条：${item.art21Item}` : ''}
              </MetaRow>
              <MetaRow label="重点领域">{item.keyAreas.length > 0 ? item.keyAreas.join('、') : '—'}</MetaRow>
              <MetaRow label="公开方式">
                {DISCLOSURE_MODE_TEXT[item.disclosureMode]}
                {item.withheldReason ? `（理由：${item.withheldReason}）` : ''}
              </MetaRow>
              <MetaRow label="公开范围">{SCOPE_TEXT[item.scope]}</MetaRow>
              <MetaRow label="公开时限">{TERM_TEXT[item.term]}</MetaRow>
              <MetaRow label="有效性">
                {VALIDITY_TEXT[item.validity]}
                {item.validityDate ? `（${item.validityDate}）` : ''}
                {d.replacedBy ? (
                  <>
                    ，由《<a href={itemConsoleHref(d.replacedBy.id)}>{d.replacedBy.title}</a>》（
                    {d.replacedBy.indexNo}）替代
                  </>
                ) : null}
              </MetaRow>
              <MetaRow label="起草人">{d.names.drafter ?? '—'}</MetaRow>
              {d.names.firstReviewer ? <MetaRow label="初审人">{d.names.firstReviewer}</MetaRow> : null}
              {d.names.finalApprover ? <MetaRow label="批准人">{d.names.finalApprover}</MetaRow> : null}
            </tbody>
          </table>
        </div>
        {item.summary ? (
          <>
            <h3>内容概述</h3>
            <p>{item.summary}</p>
          </>
        ) : null}
        <h3>正文</h3>
        {item.bodyHtml ? (
          // Sanitised on input and again here on output (defence in depth).
          <div class="item-body" dangerouslySetInnerHTML={{ __html: sanitizeBodyHtml(item.bodyHtml) }} />
        ) : (
          <p class="muted">（无正文）</p>
        )}
      </section>

      {props.attachments ? <AttachmentsSection itemId={item.id} data={props.attachments} /> : null}

      <Actions {...props} />

      <section aria-labelledby="h-reviews">
        <h2 id="h-reviews">审查记录</h2>
        {d.reviews.length === 0 ? (
          <p class="muted">尚无审查记录。</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">环节</th>
                  <th scope="col">审查人</th>
                  <th scope="col">结论</th>
                  <th scope="col">意见与保密审查</th>
                </tr>
              </thead>
              <tbody>
                {d.reviews.map((r) => (
                  <tr>
                    <td class="nowrap">{instant(r.at)}</td>
                    <td>{r.stage === 'first' ? '初审（保密审查）' : '复核（分管领导）'}</td>
                    <td>{r.reviewerName}</td>
                    <td>{r.decision === 'approved' ? '通过' : '退回'}</td>
                    <td>
                      {r.comment ? <p>{r.comment}</p> : null}
                      {Object.keys(r.checklist).length > 0 ? (
                        <ul class="checklist-answers">
                          {CHECKLIST.map((q) => {
                            const a = r.checklist[q.key]
                            return a ? (
                              <li>
                                {q.question} <strong>{CHECKLIST_ANSWER_TEXT[a.answer]}</strong>
                                {a.note ? `（${a.note}）` : ''}
                              </li>
                            ) : null
                          })}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {d.revisions.length > 0 ? (
        <section aria-labelledby="h-revisions">
          <h2 id="h-revisions">发布版本</h2>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">版本</th>
                  <th scope="col">发布时间</th>
                  <th scope="col">批准人</th>
                  <th scope="col">名称与内容</th>
                </tr>
              </thead>
              <tbody>
                {d.revisions.map((r) => (
                  <tr>
                    <td>第 {r.revision} 版</td>
                    <td class="nowrap">{instant(r.at)}</td>
                    <td>{r.byName}</td>
                    <td>
                      <details>
                        <summary>{snapText(r.snapshot.title)}</summary>
                        <dl class="kv">
                          <dt>文号</dt>
                          <dd>{snapText(r.snapshot.docNumber ?? r.snapshot.docNumberRaw)}</dd>
                          <dt>形成日期</dt>
                          <dd>{snapText(r.snapshot.formedDate)}</dd>
                          <dt>有效性</dt>
                          <dd>{snapValidity(r.snapshot.validity)}</dd>
                          <dt>内容概述</dt>
                          <dd>{snapText(r.snapshot.summary)}</dd>
                        </dl>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </Layout>
  )
}

/** A media type as the upload rules name it ("PDF 文档"), or as it is. */
export function mediaTypeLabel(mediaType: string): string {
  return Object.values(KIND_INFO).find((k) => k.mediaType === mediaType)?.label ?? mediaType
}

/** The item's attachments (name, type, size), with a link to the attachments page. */
export function AttachmentsSection(props: { itemId: string; data: ItemAttachments }) {
  const { attachments, mayChange } = props.data
  return (
    <section aria-labelledby="h-attachments">
      <h2 id="h-attachments">附件</h2>
      {attachments.length === 0 ? (
        <p class="muted">暂无附件。</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">附件列表</caption>
            <thead>
              <tr>
                <th scope="col">文件名</th>
                <th scope="col">类型</th>
                <th scope="col">大小</th>
              </tr>
            </thead>
            <tbody>
              {attachments.map((a) => (
                <tr>
                  <td>
                    <a href={staffAttachmentHref(a.id)}>{a.filename}</a>
                  </td>
                  <td>{mediaTypeLabel(a.mediaType)}</td>
                  <td class="nowrap">{sizeLabel(a.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayChange ? (
        <p>
          <a href={itemAttachmentsHref(props.itemId)}>管理附件</a>
        </p>
      ) : null}
    </section>
  )
}

/** A snapshot field as text ('—' when absent or not text). */
export function snapText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '—'
}

export function snapValidity(v: unknown): string {
  return typeof v === 'string' && v in VALIDITY_TEXT ? VALIDITY_TEXT[v as keyof typeof VALIDITY_TEXT] : '—'
}
