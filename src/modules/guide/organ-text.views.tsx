import { chinaMinute } from '../../shared/china-time.js'
import { CsrfField, ErrorSummary, Layout, TextAreaField } from '../../http/layout.js'
import { TextBlock, type PageContext } from '../catalogue/public/index.js'
import { ORGAN_TEXT_LABELS, ORGAN_TEXT_MAX_CHARS, type OrganTextKind } from './guide.js'
import type { OrganTextForEdit } from './organ-text.service.js'
import { TEXT_ACTION_LABELS, TEXT_STAGE_LABELS, type TextAction } from './text-review.js'

/** The console path of a text's page, and the public page that shows it. */
export function organTextPaths(code: string, kind: OrganTextKind): { console: string; public: string } {
  const c = encodeURIComponent(code)
  return kind === 'guide'
    ? { console: `/console/organs/${c}/guide`, public: `/organs/${c}/guide` }
    : { console: `/console/organs/${c}/rules-intro`, public: `/organs/${c}/rules` }
}

const DONE: Partial<Record<TextAction, string>> = {
  save: '草稿已保存，尚未公开。送审并经初审、终审通过后才会公开。',
  submit: '已送初审。',
  approve_first: '初审已通过，已送分管领导终审。',
  return_first: '已退回修改。',
  approve_final: '已批准，公开页面已更新。',
  return_final: '已退回修改。',
}

/**
 * Staff page of an organ's column text: the published text, the working copy with its review
 * stage, and the forms the viewer may use (save, submit, review).
 */
export function OrganTextEditView(
  props: PageContext & {
    text: OrganTextForEdit
    /** The submitted text when re-rendering after an error. */
    body?: string
    errors?: Record<string, string[]> | undefined
    message?: string | undefined
    done?: TextAction | undefined
  },
) {
  const t = props.text
  const label = ORGAN_TEXT_LABELS[t.kind]
  const paths = organTextPaths(t.organ.code, t.kind)
  const a = new Set(t.actions)
  const reviewing = a.has('approve_first') || a.has('approve_final')
  const done = props.done ? DONE[props.done] : undefined
  return (
    <Layout
      title={`编辑${label}`}
      viewer={props.viewer}
      csrfToken={props.csrfToken}
      area="console"
      crumbs={[['工作台', '/console'], [t.organ.name], [`编辑${label}`]]}
    >
      <h1>
        编辑{label}：{t.organ.name}
      </h1>
      {done ? (
        <p class="notice" role="status">
          {done} <a href={paths.public}>查看公开页面</a>
        </p>
      ) : null}
      <ErrorSummary message={props.message} />
      <p class="hint">
        本文本与政府信息一样先审查、后公开：保存的是草稿，送审后经信息员初审、分管领导终审通过才替换公开页面上的内容；
        起草或修改过草稿的人员不能审核它。纯文本，空一行分段，原样显示（不支持 HTML）。
      </p>
      <h2>公开的版本</h2>
      <p class="muted">
        {t.updatedAt ? `公开于 ${chinaMinute(t.updatedAt)}（北京时间）。` : '尚未公开任何内容。'}
      </p>
      {t.body ? <TextBlock text={t.body} /> : null}

      <h2>工作稿</h2>
      {t.pending ? (
        <p role="status">
          状态：<strong>{TEXT_STAGE_LABELS[t.pending.stage]}</strong>
          {t.pending.updatedAt ? `，最后保存于 ${chinaMinute(t.pending.updatedAt)}（北京时间）` : ''}。
          {t.pending.returnReason ? <span class="warn"> 退回理由：{t.pending.returnReason}</span> : null}
        </p>
      ) : (
        <p class="muted">没有待公开的修改。</p>
      )}
      {a.has('save') ? (
        <form method="post" action={paths.console}>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="version" value={String(t.version)} />
          <TextAreaField
            name="body"
            label={label}
            value={props.body ?? t.pending?.body ?? t.body}
            errors={props.errors?.body}
            rows={16}
            maxLength={ORGAN_TEXT_MAX_CHARS}
          />
          <button type="submit">{TEXT_ACTION_LABELS.save}</button>
        </form>
      ) : t.pending ? (
        <TextBlock text={t.pending.body || '（空）'} />
      ) : null}
      {a.has('submit') ? (
        <form method="post" action={`${paths.console}/review`} class="action-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="version" value={String(t.version)} />
          <button type="submit" name="action" value="submit">
            {TEXT_ACTION_LABELS.submit}
          </button>
        </form>
      ) : null}
      {reviewing ? (
        <form method="post" action={`${paths.console}/review`} class="action-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="version" value={String(t.version)} />
          <h3>{a.has('approve_first') ? '初审（保密审查）' : '终审'}</h3>
          <TextAreaField
            name="comment"
            label="审查意见（退回时必填）"
            value=""
            errors={props.errors?.comment}
            rows={2}
          />
          {(['approve_first', 'return_first', 'approve_final', 'return_final'] as const)
            .filter((x) => a.has(x))
            .map((x) => (
              <>
                <button
                  type="submit"
                  name="action"
                  value={x}
                  class={x.startsWith('return') ? 'secondary' : ''}
                >
                  {TEXT_ACTION_LABELS[x]}
                </button>{' '}
              </>
            ))}
        </form>
      ) : t.pending && t.pending.stage !== 'draft' ? (
        <p class="muted">工作稿正在审核中。起草或修改过它的人员、已完成初审的人员不能再审核它。</p>
      ) : null}
      {props.body !== undefined && props.body !== (t.pending?.body ?? t.body) ? (
        <details class="saved-version">
          <summary>查看当前已保存的版本</summary>
          <TextBlock text={t.pending?.body || t.body || '（空）'} />
        </details>
      ) : null}
    </Layout>
  )
}
