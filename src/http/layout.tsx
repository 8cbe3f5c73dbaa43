import type { ComponentChildren } from 'preact'
import type { Viewer } from './context.js'

export interface LayoutProps {
  title: string
  viewer?: Viewer | null
  csrfToken?: string
  /** 'public' for the disclosure site, 'console' for staff pages. */
  area?: 'public' | 'console'
  /** Breadcrumb trail: [label, href?]. */
  crumbs?: Array<[string, string?]>
  children: ComponentChildren
  /** Extra <head> links (feeds). */
  head?: ComponentChildren
}

/** The page shell: landmarks, skip link, header navigation, footer. */
export function Layout(props: LayoutProps) {
  const area = props.area ?? 'public'
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - 公开 Gongkai`}</title>
        <link rel="stylesheet" href="/static/site.css" />
        {props.head}
      </head>
      <body class={`area-${area}`}>
        <a class="skip-link" href="#main">
          跳到主要内容
        </a>
        <header class="site-header" role="banner">
          <div class="wrap">
            <a class="brand" href={area === 'console' ? '/console' : '/'}>
              公开 <span class="brand-sub">政府信息公开平台</span>
            </a>
            <nav aria-label="主导航" class="main-nav">
              <ul>
                <li>
                  <a href="/">首页</a>
                </li>
                <li>
                  <a href="/catalogue">信息公开目录</a>
                </li>
                <li>
                  <a href="/search">检索</a>
                </li>
                {props.viewer ? (
                  <>
                    <li>
                      <a href="/console">工作台</a>
                    </li>
                    <li>
                      <form method="post" action="/logout" class="inline-form">
                        <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
                        <button type="submit" class="link-button">
                          退出（{props.viewer.displayName}）
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a href="/login">工作人员登录</a>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        {props.crumbs && props.crumbs.length > 0 ? (
          <nav aria-label="当前位置" class="crumbs wrap">
            <ol>
              {props.crumbs.map(([label, href]) => (
                <li>{href ? <a href={href}>{label}</a> : <span aria-current="page">{label}</span>}</li>
              ))}
            </ol>
          </nav>
        ) : null}
        <main id="main" class="wrap" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer" role="contentinfo">
          <div class="wrap">
            <p>
              依据《中华人民共和国政府信息公开条例》（国务院令第711号）建设 · 公开 Gongkai
              开源政府信息公开平台
            </p>
          </div>
        </footer>
      </body>
    </html>
  )
}

/** Shows a field's error messages, linked to the input by id for screen readers. */
export function FieldError(props: { id: string; errors?: string[] | undefined }) {
  if (!props.errors || props.errors.length === 0) {
    return null
  }
  return (
    <p class="field-error" id={`${props.id}-error`}>
      {props.errors.join('；')}
    </p>
  )
}

/** A labelled text input with its error, keeping the submitted value. */
export function TextField(props: {
  name: string
  label: string
  value?: string | null | undefined
  errors?: string[] | undefined
  type?: string
  required?: boolean
  hint?: string
  autocomplete?: string
}) {
  const id = `f-${props.name}`
  const invalid = props.errors && props.errors.length > 0
  const describedBy = [props.hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div class={`field${invalid ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="req"> （必填）</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      <FieldError id={id} errors={props.errors} />
    </div>
  )
}

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}

/** A summary of form errors at the top of a form (WCAG 3.3.1). */
export function ErrorSummary(props: { message?: string | undefined }) {
  if (!props.message) {
    return null
  }
  return (
    <div class="error-summary" role="alert">
      {props.message}
    </div>
  )
}
