import type { Viewer } from '../../shared/actor.js'
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  Layout,
  SelectField,
  TextField,
  type SelectOption,
} from '../../http/layout.js'
import type { FieldErrors } from '../../shared/errors.js'
import { OrganField, type FormValues, type Organ } from '../organs/index.js'
import { ROLE_LABELS } from '../access/index.js'
import { USER_FIELD_LABELS, type UserWithGrants } from './user.js'
import { ROLES } from './user.table.js'
import type { ManagedUser } from './users.service.js'

const ROLE_OPTIONS: SelectOption[] = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))

function GrantList(props: { user: UserWithGrants }) {
  if (props.user.grants.length === 0) {
    return <span class="muted">（无角色）</span>
  }
  return (
    <ul class="plain-list">
      {props.user.grants.map((g) => (
        <li>
          {ROLE_LABELS[g.role]} · {g.organName}
          {g.includeSubtree ? '（含下级机关）' : ''}
        </li>
      ))}
    </ul>
  )
}

/** Account state in words: disabled, locked, waiting for a password change. */
function statusText(u: UserWithGrants, now: string): string {
  const parts: string[] = []
  if (u.disabled) {
    parts.push('已停用')
  }
  if (u.lockedUntil && u.lockedUntil > now) {
    parts.push('临时锁定')
  }
  if (u.mustChangePassword) {
    parts.push('待修改初始密码')
  }
  return parts.length > 0 ? parts.join('，') : '正常'
}

/** Every account the administrator may see, with roles and organs. */
export function UsersPage(props: { viewer: Viewer; csrfToken: string; users: ManagedUser[]; now: string }) {
  return (
    <Layout
      title="用户管理"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['用户管理']]}
    >
      <h1>用户管理</h1>
      <p>
        列出您所管理的工作人员账号（其全部角色均在您管理的机关范围内）。{' '}
        <a class="button" href="/console/users/new">
          新增用户
        </a>
      </p>
      <div class="table-scroll">
        <table class="responsive">
          <caption class="visually-hidden">工作人员账号</caption>
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">角色与机关</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td data-label="用户名">
                  <a href={`/console/users/${u.id}`}>{u.username}</a>
                  {u.id === props.viewer.userId ? <span class="muted">（本人）</span> : null}
                </td>
                <td data-label="姓名">{u.displayName}</td>
                <td data-label="角色与机关">
                  <GrantList user={u} />
                </td>
                <td data-label="状态">{statusText(u, props.now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  )
}

const PASSWORD_HINT =
  '留空则自动生成。至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。本人首次登录时须修改。'

/** The grant form's organ field: what it shows, its datalist, its "did you mean" choices. */
export interface GrantOrganField {
  text: string
  suggestions?: readonly Organ[]
  choices?: readonly Organ[] | undefined
}

/** Role, organ and "含下级机关": the fields of a grant (new-account form and grant form). */
function GrantFields(props: {
  values: FormValues
  errors: FieldErrors
  organ: GrantOrganField
  /** The new-account form may create an account without a role. */
  optional?: boolean
  subtreeHint?: string
}) {
  const v = props.values
  const e = props.errors
  const L = USER_FIELD_LABELS
  return (
    <>
      <SelectField
        name="role"
        label={L.role ?? ''}
        value={v.role}
        errors={e.role}
        required={!props.optional}
        options={[{ value: '', label: props.optional ? '（暂不授予）' : '请选择' }, ...ROLE_OPTIONS]}
      />
      <OrganField
        name="organ"
        label={L.organId ?? '机关'}
        value={props.organ.text}
        errors={e.organ}
        required={!props.optional}
        suggestions={props.organ.suggestions}
        choices={props.organ.choices}
        hint="输入您管理的机关的名称、简称或机构代码，可从提示中选择。"
      />
      <CheckboxField
        name="includeSubtree"
        label={L.includeSubtree ?? ''}
        checked={v.includeSubtree === '1'}
        errors={e.includeSubtree}
        {...(props.subtreeHint ? { hint: props.subtreeHint } : {})}
      />
    </>
  )
}

/** The form to create an account with its first role. */
export function NewUserPage(props: {
  viewer: Viewer
  csrfToken: string
  values: FormValues
  errors?: FieldErrors | undefined
  message?: string | undefined
  organ: GrantOrganField
  roleOptional: boolean
}) {
  const v = props.values
  const e = props.errors ?? {}
  const L = USER_FIELD_LABELS
  return (
    <Layout
      title="新增用户"
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['用户管理', '/console/users'], ['新增用户']]}
    >
      <h1>新增用户</h1>
      <ErrorSummary
        message={props.message ?? (props.errors ? '账号未创建，请检查标出的字段。' : undefined)}
      />
      <form method="post" action="/console/users" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="username"
          label={L.username ?? ''}
          value={v.username}
          errors={e.username}
          required
          autocomplete="off"
          hint="3 至 32 位小写字母、数字或“.”“_”“-”，以字母开头，如 zhang.san。"
        />
        <TextField
          name="displayName"
          label={L.displayName ?? ''}
          value={v.displayName}
          errors={e.displayName}
          required
        />
        <TextField
          name="password"
          label={L.password ?? ''}
          type="password"
          errors={e.password}
          autocomplete="new-password"
          hint={PASSWORD_HINT}
        />
        <fieldset>
          <legend>授予角色</legend>
          <GrantFields
            values={v}
            errors={e}
            organ={props.organ}
            optional={props.roleOptional}
            subtreeHint="勾选后，该角色也适用于所选机关的全部下级机关。"
          />
        </fieldset>
        <p>
          <button type="submit">创建账号</button> <a href="/console/users">取消</a>
        </p>
      </form>
    </Layout>
  )
}

const USER_NOTICES = {
  created: '账号已创建。',
  granted: '已授予角色。',
  revoked: '已撤销角色。',
  disabled: '账号已停用，其登录会话均已结束。',
  enabled: '账号已启用。',
  reset: '密码已重置，其登录会话均已结束。',
} as const
export type UserNotice = keyof typeof USER_NOTICES

/** One account: its grants (grant, revoke), password reset, disable/enable. */
export function UserPage(props: {
  viewer: Viewer
  csrfToken: string
  user: ManagedUser
  now: string
  grantOrgan: GrantOrganField
  notice?: UserNotice | undefined
  /** A temporary password to hand over, shown once. */
  password?: string | undefined
  grantValues?: FormValues
  grantErrors?: FieldErrors | undefined
  passwordErrors?: FieldErrors | undefined
  message?: string | undefined
}) {
  const u = props.user
  const base = `/console/users/${u.id}`
  const gv = props.grantValues ?? {}
  const ge = props.grantErrors ?? {}
  return (
    <Layout
      title={`用户：${u.username}`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], ['用户管理', '/console/users'], [u.username]]}
    >
      <h1>
        用户：{u.displayName}（{u.username}）
      </h1>
      {props.notice ? (
        <p class="notice" role="status">
          {USER_NOTICES[props.notice]}
          {props.password ? (
            <>
              {' '}
              临时密码：<code class="secret">{props.password}</code>
              。此密码只显示这一次，请以安全方式告知本人；本人登录后须立即修改。
            </>
          ) : null}
        </p>
      ) : null}
      <ErrorSummary message={props.message} />
      <dl class="kv">
        <dt>用户名</dt>
        <dd>{u.username}</dd>
        <dt>姓名</dt>
        <dd>{u.displayName}</dd>
        <dt>状态</dt>
        <dd>{statusText(u, props.now)}</dd>
        <dt>最近登录</dt>
        <dd>{u.lastLoginAt ? u.lastLoginAt.replace('T', ' ').slice(0, 16) + '（UTC）' : '从未登录'}</dd>
      </dl>

      <h2 id="h-grants">角色</h2>
      {u.grants.length === 0 ? (
        <p class="empty">该账号没有任何角色。</p>
      ) : (
        <div class="table-scroll">
          <table aria-labelledby="h-grants" class="responsive">
            <thead>
              <tr>
                <th scope="col">角色</th>
                <th scope="col">机关</th>
                <th scope="col">范围</th>
                {u.manageable ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {u.grants.map((g) => (
                <tr>
                  <td data-label="角色">{ROLE_LABELS[g.role]}</td>
                  <td data-label="机关">
                    {g.organName} <span class="muted code">{g.organCode}</span>
                  </td>
                  <td data-label="范围">{g.includeSubtree ? '本机关及下级机关' : '本机关'}</td>
                  {u.manageable ? (
                    <td data-label="操作">
                      <form method="post" action={`${base}/grants/${g.id}/revoke`} class="inline-form">
                        <CsrfField token={props.csrfToken} />
                        <button
                          type="submit"
                          class="secondary"
                          aria-label={`撤销${ROLE_LABELS[g.role]}（${g.organName}）`}
                        >
                          撤销
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {!u.manageable ? (
        <p class="muted">
          这是您本人的账号。为防止自我授权或误将自己锁定，本人的角色、停用与密码重置须由其他管理员办理；修改自己的密码请到
          <a href="/account/password">修改密码</a>。
        </p>
      ) : (
        <>
          <h2 id="h-grant">授予角色</h2>
          <form method="post" action={`${base}/grants`} aria-labelledby="h-grant" novalidate>
            <CsrfField token={props.csrfToken} />
            <GrantFields values={gv} errors={ge} organ={props.grantOrgan} />
            <button type="submit">授予</button>
          </form>

          <h2 id="h-reset">重置密码</h2>
          <form method="post" action={`${base}/password`} aria-labelledby="h-reset" novalidate>
            <CsrfField token={props.csrfToken} />
            <p class="hint">
              重置后现有登录会话全部结束，本人下次登录须修改密码。（账号不会因登录失败被锁定；连续失败只会被限速，见审计日志“登录限速”。）
            </p>
            <TextField
              name="password"
              label="临时密码"
              type="password"
              errors={props.passwordErrors?.password}
              autocomplete="new-password"
              hint={PASSWORD_HINT}
            />
            <button type="submit">重置密码</button>
          </form>

          <h2 id="h-state">{u.disabled ? '启用账号' : '停用账号'}</h2>
          <form method="post" action={`${base}/disabled`} aria-labelledby="h-state">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="disabled" value={u.disabled ? '0' : '1'} />
            <p class="hint">
              {u.disabled
                ? '启用后该账号可以再次登录。'
                : '停用后该账号不能登录，现有会话立即结束；其角色与历史记录保留。'}
            </p>
            <button type="submit" class={u.disabled ? undefined : 'danger'}>
              {u.disabled ? '启用账号' : '停用账号'}
            </button>
          </form>
        </>
      )}
    </Layout>
  )
}
