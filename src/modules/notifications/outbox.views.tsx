import { CsrfField, Layout } from '../../http/layout.js'
import type { Viewer } from '../../shared/actor.js'
import { chinaMinute } from '../../shared/china-time.js'
import { OUTBOX_CHANNEL_LABELS, OUTBOX_STATUS_LABELS } from './outbox.js'
import type { OutboxOverview } from './outbox.service.js'
import { OUTBOX_STATUSES } from './outbox.table.js'

const OUTBOX_NOTICES = {
  retried: '已将该通知重新加入发送队列。',
} as const
export type OutboxNotice = keyof typeof OUTBOX_NOTICES

/** The console page of the notification outbox: counts, unconfigured channels, dead and failed messages. */
export function OutboxPage(props: {
  viewer: Viewer
  csrfToken: string
  overview: OutboxOverview
  notice?: OutboxNotice | undefined
}) {
  const o = props.overview
  const unconfigured = o.channels.filter((c) => !c.configured)
  return (
    <Layout
      title="通知发送"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['通知发送']]}
    >
      <h1>通知发送（电子邮件和短信）</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {OUTBOX_NOTICES[props.notice]}
        </p>
      ) : null}
      <p>
        向申请人发出的通知与所通知的办理事项在同一事务中写入发送队列，由后台逐条发送；发送失败时按递增间隔自动重试，
        多次失败后标记为“已放弃”，需管理员处理。
      </p>
      {unconfigured.map((c) => (
        <p class="callout" id={`unconfigured-${c.channel}`}>
          <strong>
            未配置{OUTBOX_CHANNEL_LABELS[c.channel]}发送通道
            {c.channel === 'email' ? '（SMTP_URL、MAIL_FROM）' : '（SMS_URL）'}：
          </strong>
          {c.counts.pending + c.counts.failed} 条{OUTBOX_CHANNEL_LABELS[c.channel]}
          通知正在等待发送，配置后将自动发出，不会丢失。
        </p>
      ))}
      {o.oldestWaitingAt ? (
        <p>最早一条未发出的通知写入于 {chinaMinute(o.oldestWaitingAt)}（北京时间）。</p>
      ) : null}
      <h2>各状态数量</h2>
      <div class="table-scroll">
        <table class="responsive">
          <caption class="visually-hidden">各发送通道、各状态的通知数量</caption>
          <thead>
            <tr>
              <th scope="col">通道</th>
              <th scope="col">是否已配置</th>
              {OUTBOX_STATUSES.map((s) => (
                <th scope="col">{OUTBOX_STATUS_LABELS[s]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {o.channels.map((c) => (
              <tr>
                <th scope="row" data-label="通道">
                  {OUTBOX_CHANNEL_LABELS[c.channel]}
                </th>
                <td data-label="是否已配置">{c.configured ? '已配置' : '未配置'}</td>
                {OUTBOX_STATUSES.map((s) => (
                  <td data-label={OUTBOX_STATUS_LABELS[s]} data-status={s}>
                    {c.counts[s]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>发送失败和已放弃的通知</h2>
      {!o.canManage ? (
        <p class="muted">通知涉及全平台的申请人，只有管理全部机关的系统管理员可以查看明细和重新发送。</p>
      ) : o.problems.length === 0 ? (
        <p class="muted">没有发送失败的通知。</p>
      ) : (
        <div class="table-scroll">
          <table class="responsive">
            <caption class="visually-hidden">最近发送失败和已放弃的通知</caption>
            <thead>
              <tr>
                <th scope="col">写入时间</th>
                <th scope="col">通道</th>
                <th scope="col">收件人</th>
                <th scope="col">标题</th>
                <th scope="col">状态</th>
                <th scope="col">尝试次数</th>
                <th scope="col">最近错误</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {o.problems.map((m) => (
                <tr>
                  <td data-label="写入时间">{chinaMinute(m.createdAt)}</td>
                  <td data-label="通道">{OUTBOX_CHANNEL_LABELS[m.channel]}</td>
                  <td data-label="收件人">{m.recipient}</td>
                  <td data-label="标题">{m.subject ?? '—'}</td>
                  <td data-label="状态">
                    {OUTBOX_STATUS_LABELS[m.status]}
                    {m.status === 'failed' ? `（${chinaMinute(m.nextAttemptAt)} 重试）` : ''}
                  </td>
                  <td data-label="尝试次数">{m.attempts}</td>
                  <td data-label="最近错误">
                    <code>{m.lastError ?? '—'}</code>
                  </td>
                  <td data-label="操作">
                    {m.status === 'dead' ? (
                      <form method="post" action={`/console/outbox/${m.id}/retry`} class="inline-form">
                        <CsrfField token={props.csrfToken} />
                        <button type="submit" aria-label={`重试发送给 ${m.recipient} 的通知`}>
                          重试
                        </button>
                      </form>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}
