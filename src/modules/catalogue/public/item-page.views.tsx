import type { ComponentChildren } from 'preact'
import { Layout } from '../../../http/layout.js'
import type { OrganRef, PublicItem } from './catalogue-public.js'
import { FeedLinks, type PageContext, SampleBadge, cnDate, organFeedBase } from './public-common.views.js'

// The public item page.

// ─── item page ─────────────────────────────────────────────────────────────────────────────

function MetaRow(props: { cells: Array<[string, ComponentChildren]> }) {
  const [first, second] = props.cells
  return (
    <tr>
      {first ? (
        <>
          <th scope="row">{first[0]}</th>
          <td colSpan={second ? undefined : 3}>{first[1]}</td>
        </>
      ) : null}
      {second ? (
        <>
          <th scope="row">{second[0]}</th>
          <td>{second[1]}</td>
        </>
      ) : null}
    </tr>
  )
}

function ValidityCell(props: { item: PublicItem }) {
  const i = props.item
  return (
    <>
      {i.validityLabel}
      {i.validityDate ? `（${cnDate(i.validityDate)}${i.validity === 'valid' ? '起' : ''}）` : null}
      {i.replacedBy ? (
        <>
          {'，'}
          {i.validity === 'revised' ? '修订后版本：' : '替代文件：'}
          <a href={i.replacedBy.href}>{i.replacedBy.title}</a>
        </>
      ) : null}
    </>
  )
}

export function ItemView(props: PageContext & { item: PublicItem; organ: OrganRef }) {
  const i = props.item
  const organHref = `/organs/${encodeURIComponent(props.organ.code)}`
  return (
    <Layout
      title={i.title}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      crumbs={[
        ['首页', '/'],
        [props.organ.name, organHref],
        ['法定主动公开内容', `${organHref}/catalogue`],
        ['正文'],
      ]}
      head={<FeedLinks base={organFeedBase(props.organ.code)} title={`${props.organ.name} 最新公开信息`} />}
    >
      <article class="item-page">
        <h1 class="item-title">
          {i.title} <SampleBadge sample={i.sample} />
        </h1>
        <table class="meta-table item-meta">
          <caption class="visually-hidden">信息属性</caption>
          <tbody>
            <MetaRow
              cells={[
                ['索引号', i.indexNo ?? '—'],
                ['主题分类', i.topicLabel ?? '—'],
              ]}
            />
            <MetaRow
              cells={[
                [
                  '发布机构',
                  <>
                    <a href={organHref}>{props.organ.name}</a>
                    {i.jointIssuers.length > 0 ? `（联合发文：${i.jointIssuers.join('、')}）` : null}
                  </>,
                ],
                ['成文日期', cnDate(i.writtenDate) || '—'],
              ]}
            />
            <MetaRow cells={[['名称', i.title]]} />
            <MetaRow
              cells={[
                [
                  '文号',
                  <>
                    {i.docNumber ?? '—'}
                    {i.docNumberRaw && i.docNumber && i.docNumberRaw.trim() !== i.docNumber ? (
                      <span class="muted">（原文：{i.docNumberRaw}）</span>
                    ) : null}
                  </>,
                ],
                ['发布日期', cnDate(i.publishedDate) || '—'],
              ]}
            />
            <MetaRow
              cells={[
                ['体裁', i.genre ?? '—'],
                ['公开方式', i.disclosureModeLabel],
              ]}
            />
            <MetaRow
              cells={[
                ['公开范围', i.scopeLabel],
                ['公开时限', i.termLabel],
              ]}
            />
            <MetaRow cells={[['有效性', <ValidityCell item={i} />]]} />
            {i.art20FullLabel || i.art21Item ? (
              <MetaRow
                cells={[
                  [
                    '公开事项',
                    <>
                      {i.art20FullLabel ? `条例${i.art20FullLabel}` : null}
                      {i.art20FullLabel && i.art21Item ? '；' : null}
                      {i.art21Item ? `条例第二十一条：${i.art21Item}` : null}
                    </>,
                  ],
                ]}
              />
            ) : null}
            {i.keyAreas.length > 0 ? <MetaRow cells={[['重点领域', i.keyAreas.join('、')]]} /> : null}
          </tbody>
        </table>
        {i.validity !== 'valid' ? (
          <p class="notice validity-notice" role="note">
            本文件有效性：
            <ValidityCell item={i} />。
          </p>
        ) : null}
        {i.bodyHtml === null ? (
          <p class="empty">
            本信息的公开方式为“{i.disclosureModeLabel}”{i.withheldReason ? `（${i.withheldReason}）` : ''}
            ，正文不在网上公开。如需获取，可
            <a href={`${organHref}/apply`}>依申请公开</a>。
          </p>
        ) : (
          <div class="item-body" dangerouslySetInnerHTML={{ __html: i.bodyHtml }} />
        )}
        {i.attachments.length > 0 ? (
          <section class="attachments" aria-labelledby="attachments-h">
            <h2 id="attachments-h">附件</h2>
            <ul>
              {i.attachments.map((a) => (
                <li>
                  <a href={a.href} download={a.filename}>
                    {a.filename}
                  </a>{' '}
                  <span class="muted">（{a.sizeLabel}）</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {i.summary ? (
          <section class="item-summary no-print" aria-labelledby="summary-h">
            <h2 id="summary-h">内容概述</h2>
            <p>{i.summary}</p>
          </section>
        ) : null}
      </article>
    </Layout>
  )
}
