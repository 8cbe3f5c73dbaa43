import { CsrfField, Layout } from '../../../http/layout.js'
import type { Viewer } from '../../../shared/actor.js'
import { itemConsoleHref, VersionField } from './item-common.views.js'
import type { ItemDetail } from './item.service.js'

/** 删除草稿 asks first: a page of its own, so it works without JavaScript. */
export function DiscardConfirmPage(props: { viewer: Viewer; csrfToken: string; detail: ItemDetail }) {
  const { item } = props.detail
  const href = itemConsoleHref(item.id)
  return (
    <Layout
      title="删除草稿"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['政府信息管理', '/console/items'], [item.title, href], ['删除草稿']]}
    >
      <h1>删除草稿</h1>
      <p class="warn" role="alert">
        确定要删除草稿“{item.title}”吗？删除后不能恢复；删除记录保留在审计日志中。
      </p>
      <form method="post" action={`${href}/discard`} class="action-form">
        <CsrfField token={props.csrfToken} />
        <VersionField version={item.version} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="danger">
          确认删除
        </button>{' '}
        <a href={href}>取消，返回草稿</a>
      </form>
    </Layout>
  )
}
