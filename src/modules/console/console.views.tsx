import type { Viewer } from '../../shared/actor.js'
import { Layout } from '../../http/layout.js'
import { ORGAN_KIND_LABELS } from '../organs/index.js'
import { columnHref } from '../site/index.js'
import { ROLE_LABELS } from '../access/index.js'
import { OVERVIEW_ROLES, ROLE_WORK } from './console.js'
import type { DashboardRole } from './console.service.js'
import type { WorkCount } from '../catalogue/items/index.js'
import type { LoginAlerts } from '../auth/index.js'

/** The staff landing page: the viewer's roles per organ and, per role, where the work is. */
export function DashboardPage(props: {
  viewer: Viewer
  csrfToken: string
  roles: DashboardRole[]
  work: readonly WorkCount[]
  loginAlerts?: LoginAlerts | null
}) {
  const { viewer, roles } = props
  return (
    <Layout title="工作台" viewer={viewer} csrfToken={props.csrfToken} area="console" crumbs={[['工作台']]}>
      <h1>工作台</h1>
      <p>
        {viewer.displayName}（用户名 <span class="code">{viewer.username}</span>），您好。
        <a href="/account/password">修改密码</a>
      </p>
      {props.loginAlerts && <LoginAlertNotice alerts={props.loginAlerts} />}

      {roles.length === 0 ? (
        <p class="empty" role="status">
          您的账号尚未被授予任何角色，暂时不能办理业务。请联系系统管理员授权。
        </p>
      ) : (
        <>
          {props.work.length > 0 ? <WorkCounts work={props.work} /> : null}
          <h2 id="h-grants">我的角色</h2>
          <div class="table-scroll">
            <table aria-labelledby="h-grants">
              <thead>
                <tr>
                  <th scope="col">机关</th>
                  <th scope="col">角色</th>
                  <th scope="col">范围</th>
                </tr>
              </thead>
              <tbody>
                {roles.flatMap((r) =>
                  r.grants.map((g) => (
                    <tr>
                      <td>
                        <a href={columnHref(g.organ.code)}>{g.organ.name}</a>
                      </td>
                      <td>{ROLE_LABELS[r.role]}</td>
                      <td>{g.includeSubtree ? '本机关及下属机关' : '本机关'}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          {roles.map((r) => (
            <RoleSection role={r} />
          ))}
        </>
      )}
    </Layout>
  )
}

/** 等保 2.0 (安全审计: 告警): administrators see repeated log-in failures on their landing page. */
function LoginAlertNotice(props: { alerts: LoginAlerts }) {
  const { total, recent } = props.alerts
  return (
    <section class="notice" role="alert" aria-labelledby="h-login-alerts">
      <h2 id="h-login-alerts">登录安全提醒</h2>
      <p>
        近 24 小时内有 {total} 次因连续登录失败而触发的登录限速，可能有人在猜测密码。
        <a href="/console/audit?action=auth.login_throttled">在审计日志中查看</a>
      </p>
      <ul>
        {recent.map((r) => (
          <li>
            {r.scope === 'account' ? '账号' : '地址'} <span class="code">{r.name}</span>：连续失败{' '}
            {r.failures} 次
          </li>
        ))}
      </ul>
    </section>
  )
}

/** What waits for the viewer, each count linking to its list. */
function WorkCounts(props: { work: readonly WorkCount[] }) {
  return (
    <section aria-labelledby="h-work">
      <h2 id="h-work">待办</h2>
      <ul class="work-counts">
        {props.work.map((w) => (
          <li>
            <a href={w.href} class={w.count > 0 ? 'work-count has-work' : 'work-count'}>
              <span class="work-label">{w.label}</span> <span class="work-n">{w.count}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Long subtrees (a province) are cut here; the public home page lists them all. */
const SCOPE_LIST_MAX = 100

function RoleSection(props: { role: DashboardRole }) {
  const { role, scope, scopeCount } = props.role
  const work = ROLE_WORK[role]
  const headingId = `h-role-${role}`
  return (
    <section aria-labelledby={headingId} class="role-section">
      <h2 id={headingId}>{ROLE_LABELS[role]}</h2>
      <p>{work.summary}</p>
      <ul class="task-list">
        {work.tasks.map((t) => (
          <li>
            <a href={t.href} class="task-link">
              {t.label}
            </a>
            <span class="task-desc">{t.description}</span>
          </li>
        ))}
      </ul>
      {OVERVIEW_ROLES.includes(role) ? (
        <>
          <h3>
            {role === 'supervisor' ? '监督范围' : '负责范围'}（共 {scopeCount} 个机关）
          </h3>
          <ul class="scope-list">
            {scope.slice(0, SCOPE_LIST_MAX).map((o) => (
              <li>
                <a href={`/console/items?organ=${encodeURIComponent(o.id)}`}>{o.name}</a>{' '}
                <span class="organ-kind">{ORGAN_KIND_LABELS[o.kind]}</span>{' '}
                <a href={columnHref(o.code)} class="small">
                  公开栏目
                </a>
              </li>
            ))}
          </ul>
          {scopeCount > Math.min(scope.length, SCOPE_LIST_MAX) ? (
            <p class="muted">
              另有 {scopeCount - Math.min(scope.length, SCOPE_LIST_MAX)}{' '}
              个机关未列出，可从首页的机关列表进入。
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  )
}
