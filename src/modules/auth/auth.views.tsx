import { CsrfField, ErrorSummary, Layout, TextField } from '../../http/layout.js'
import type { Viewer } from '../../shared/actor.js'
import type { FieldErrors } from '../../shared/errors.js'

export function LoginPage(props: { csrfToken: string; username?: string; message?: string; next?: string }) {
  return (
    <Layout title="工作人员登录" csrfToken={props.csrfToken} crumbs={[['首页', '/'], ['工作人员登录']]}>
      <h1>工作人员登录</h1>
      <p class="muted">本入口仅供机关工作人员使用。公众查阅信息、提出申请无需登录。</p>
      <form method="post" action="/login" class="narrow-form" novalidate>
        <ErrorSummary message={props.message} />
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="next" value={props.next ?? '/console'} />
        <TextField name="username" label="用户名" value={props.username} required autocomplete="username" />
        <TextField name="password" label="密码" type="password" required autocomplete="current-password" />
        <button type="submit">登录</button>
      </form>
    </Layout>
  )
}

export function ChangePasswordPage(props: {
  viewer: Viewer
  csrfToken: string
  errors?: FieldErrors
  done?: boolean
  forced?: boolean
}) {
  return (
    <Layout
      title="修改密码"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['修改密码']]}
    >
      <h1>修改密码</h1>
      {props.forced ? <p class="warn">您正在使用初始密码，请先修改密码后再继续工作。</p> : null}
      {props.done ? (
        <p class="notice" role="status">
          密码已修改。
        </p>
      ) : null}
      <ErrorSummary message={props.errors ? '密码未修改，请检查标出的字段。' : undefined} />
      <form method="post" action="/account/password" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="current"
          label="当前密码"
          type="password"
          required
          errors={props.errors?.current}
          autocomplete="current-password"
        />
        <TextField
          name="next"
          label="新密码"
          type="password"
          required
          errors={props.errors?.next}
          autocomplete="new-password"
          hint="至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。"
        />
        <button type="submit">修改密码</button>
      </form>
    </Layout>
  )
}
