import type { ComponentChildren } from 'preact'
import type { Viewer } from '../shared/actor.js'

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
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
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

/** What every labelled field takes: its name (the input id is `f-<name>`), label, hint and errors. */
interface FieldBase {
  name: string
  label: string
  errors?: string[] | undefined
  required?: boolean
  hint?: string
}

/** The ids and ARIA state of a field: the hint and error are linked to the input for screen readers. */
function fieldState(props: FieldBase) {
  const id = `f-${props.name}`
  const invalid = !!props.errors && props.errors.length > 0
  const describedBy = [props.hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ')
  return {
    id,
    invalid,
    ariaInvalid: invalid ? ('true' as const) : undefined,
    ariaDescribedBy: describedBy || undefined,
  }
}

function FieldHint(props: { id: string; hint?: string | undefined }) {
  return props.hint ? (
    <p class="hint" id={`${props.id}-hint`}>
      {props.hint}
    </p>
  ) : null
}

/** The shell of a labelled field: label (with 必填), hint, the control, the error. */
function LabelledField(props: FieldBase & { children: ComponentChildren }) {
  const { id, invalid } = fieldState(props)
  return (
    <div class={`field${invalid ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="req"> （必填）</span> : null}
      </label>
      <FieldHint id={id} hint={props.hint} />
      {props.children}
      <FieldError id={id} errors={props.errors} />
    </div>
  )
}

/** A labelled text input with its error, keeping the submitted value. */
export function TextField(
  props: FieldBase & {
    value?: string | null | undefined
    type?: string
    autocomplete?: string
    maxLength?: number
    /** The id of a <datalist> of suggestions. */
    list?: string
  },
) {
  const s = fieldState(props)
  return (
    <LabelledField {...props}>
      <input
        id={s.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        maxLength={props.maxLength}
        list={props.list}
        aria-invalid={s.ariaInvalid}
        aria-describedby={s.ariaDescribedBy}
      />
    </LabelledField>
  )
}

/** A labelled date input (YYYY-MM-DD) with its error, keeping the submitted value. */
export function DateField(props: FieldBase & { value?: string | null | undefined }) {
  return <TextField {...props} type="date" />
}

/** A labelled multi-line text input with its error, keeping the submitted value. */
export function TextAreaField(
  props: FieldBase & { value?: string | null | undefined; rows?: number; maxLength?: number },
) {
  const s = fieldState(props)
  return (
    <LabelledField {...props}>
      <textarea
        id={s.id}
        name={props.name}
        rows={props.rows ?? 4}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={s.ariaInvalid}
        aria-describedby={s.ariaDescribedBy}
      >
        {props.value ?? ''}
      </textarea>
    </LabelledField>
  )
}

/** One choice of a <select>. */
export interface SelectOption {
  value: string
  label: string
}

/**
 * A labelled <select> with its error, keeping the submitted value. Choices come as `options`
 * (selected when equal to `value`), or as `children` (e.g. <optgroup>s) that mark their own selection.
 */
export function SelectField(
  props: FieldBase & {
    value?: string | undefined
    options?: SelectOption[]
    children?: ComponentChildren
  },
) {
  const s = fieldState(props)
  return (
    <LabelledField {...props}>
      <select
        id={s.id}
        name={props.name}
        required={props.required}
        aria-invalid={s.ariaInvalid}
        aria-describedby={s.ariaDescribedBy}
      >
        {props.children}
        {props.options?.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  )
}

/** A labelled checkbox (value "1") with its error. */
export function CheckboxField(props: Omit<FieldBase, 'required'> & { checked?: boolean }) {
  const s = fieldState(props)
  return (
    <div class={`field field-check${s.invalid ? ' has-error' : ''}`}>
      <input
        id={s.id}
        name={props.name}
        type="checkbox"
        value="1"
        checked={props.checked}
        aria-invalid={s.ariaInvalid}
        aria-describedby={s.ariaDescribedBy}
      />{' '}
      <label for={s.id}>{props.label}</label>
      <FieldHint id={s.id} hint={props.hint} />
      <FieldError id={s.id} errors={props.errors} />
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
