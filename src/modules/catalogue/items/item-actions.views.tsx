import {
  CsrfField,
  DateField,
  ErrorSummary,
  FieldError,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../http/layout.js'
import { ITEM_ACTION_LABELS } from './item-transitions.js'
import { CHECKLIST, VALIDITY_TEXT } from './item.js'

import { VersionField, itemConsoleHref, type ItemPageProps } from './item-common.views.js'

/**
 * The action forms on an item page: submit, the two review stages, withdrawal, validity, revision.
 */

export function Actions(props: ItemPageProps) {
  const d = props.detail
  const { item } = d
  const a = new Set(d.actions)
  const f = props.failure
  const href = itemConsoleHref(item.id)
  const any = a.size > 0 || props.dutyNote
  if (!any) {
    return null
  }
  return (
    <section aria-labelledby="h-actions" class="item-actions">
      <h2 id="h-actions">办理</h2>
      {props.dutyNote ? (
        <p class="warn" role="note">
          {props.dutyNote}
        </p>
      ) : null}
      {a.has('edit') || a.has('submit') || a.has('discard') ? (
        <div class="action-row">
          {a.has('edit') ? (
            <a class="button secondary" href={`${href}/edit`}>
              {ITEM_ACTION_LABELS.edit}
            </a>
          ) : null}{' '}
          {a.has('submit') ? (
            <form method="post" action={`${href}/submit`} class="inline-form">
              <CsrfField token={props.csrfToken} />
              <VersionField version={item.version} />
              <button type="submit">送初审</button>
            </form>
          ) : null}{' '}
          {a.has('discard') ? (
            <a class="button danger" href={`${href}/discard`}>
              {ITEM_ACTION_LABELS.discard}
            </a>
          ) : null}
          {f && f.form === 'submit' ? <ErrorSummary message={f.message} /> : null}
        </div>
      ) : null}

      {a.has('approve_first') ? <FirstReviewForm {...props} /> : null}
      {a.has('approve_final') ? <FinalReviewForm {...props} /> : null}

      {a.has('revise') ? (
        <form method="post" action={`${href}/revise`} class="action-form">
          <CsrfField token={props.csrfToken} />
          <h3>修订</h3>
          <p class="hint">
            以原索引号发布新版本：先建修订稿，修改后重新经过初审和复核；其间公开的仍是现版本。
          </p>
          <button type="submit" class="secondary">
            创建修订稿
          </button>
        </form>
      ) : null}

      {a.has('set_validity') ? (
        <form method="post" action={`${href}/validity`} class="action-form" novalidate>
          <CsrfField token={props.csrfToken} />
          <VersionField version={item.version} />
          <h3>变更有效性</h3>
          {f && f.form === 'validity' ? <ErrorSummary message={f.message} /> : null}
          <SelectField
            name="validity"
            label="有效性"
            value={item.validity}
            errors={f?.form === 'validity' ? f.fields?.validity : undefined}
            options={(['valid', 'expired', 'repealed', 'revised'] as const).map((k) => ({
              value: k,
              label: VALIDITY_TEXT[k],
            }))}
          />
          <DateField
            name="date"
            label="失效/废止日期"
            value={item.validityDate ?? ''}
            errors={f?.form === 'validity' ? f.fields?.date : undefined}
          />
          <TextField
            name="replacement"
            label="替代信息的索引号（已修订时填写）"
            value={d.replacedBy?.indexNo ?? ''}
            errors={f?.form === 'validity' ? f.fields?.replacement : undefined}
          />
          <button type="submit" class="secondary">
            保存有效性
          </button>
        </form>
      ) : null}

      {a.has('withdraw') ? (
        <form method="post" action={`${href}/withdraw`} class="action-form" novalidate>
          <CsrfField token={props.csrfToken} />
          <VersionField version={item.version} />
          <h3>撤销发布</h3>
          {f && f.form === 'withdraw' ? <ErrorSummary message={f.message} /> : null}
          <TextAreaField
            name="reason"
            label="撤销理由"
            value={f?.form === 'withdraw' ? (f.comment ?? '') : ''}
            errors={f?.form === 'withdraw' ? f.fields?.reason : undefined}
            rows={2}
            required
            hint="撤销后该信息从公开目录和检索中移除，索引号保留不再使用。"
          />
          <button type="submit" class="danger">
            撤销发布
          </button>
        </form>
      ) : null}
    </section>
  )
}

export function FirstReviewForm(props: ItemPageProps) {
  const { item } = props.detail
  const f = props.failure?.form === 'first' ? props.failure : undefined
  const answers = f?.checklist ?? {}
  return (
    <form method="post" action={`${itemConsoleHref(item.id)}/review/first`} class="action-form" novalidate>
      <CsrfField token={props.csrfToken} />
      <VersionField version={item.version} />
      <h3>初审：保密审查</h3>
      <p class="hint">
        按照“先审查、后公开”的原则逐项审查（保守国家秘密法实施条例第四十二条、条例第十七条）。任何一项答“是”的，不能作为主动公开信息通过。
      </p>
      {f ? <ErrorSummary message={f.message} /> : null}
      {CHECKLIST.map((q, i) => {
        const name = `check_${q.key}`
        const errs = f?.fields?.[name]
        const a = answers[q.key]
        return (
          <fieldset
            class={`field checklist-q${errs ? ' has-error' : ''}`}
            aria-describedby={errs ? `f-${name}-error` : undefined}
          >
            <legend>
              {i + 1}. {q.question} <span class="muted small">（{q.basis}）</span>
            </legend>
            <label class="choice">
              <input type="radio" name={name} value="no" checked={a?.answer === 'no'} /> 否
            </label>
            <label class="choice">
              <input type="radio" name={name} value="yes" checked={a?.answer === 'yes'} /> 是
            </label>
            <label class="choice-note" for={`f-note_${q.key}`}>
              说明
            </label>
            <input id={`f-note_${q.key}`} type="text" name={`note_${q.key}`} value={a?.note ?? ''} />
            <FieldError id={`f-${name}`} errors={errs} />
          </fieldset>
        )
      })}
      <TextAreaField
        name="comment"
        label="审查意见（退回时必填）"
        value={f?.comment ?? ''}
        errors={f?.fields?.comment}
        rows={2}
      />
      <button type="submit" name="decision" value="approve">
        {'初审通过'}
      </button>{' '}
      <button type="submit" name="decision" value="return" class="secondary">
        退回修改
      </button>
    </form>
  )
}

export function FinalReviewForm(props: ItemPageProps) {
  const { item } = props.detail
  const f = props.failure?.form === 'final' ? props.failure : undefined
  return (
    <form method="post" action={`${itemConsoleHref(item.id)}/review/final`} class="action-form" novalidate>
      <CsrfField token={props.csrfToken} />
      <VersionField version={item.version} />
      <h3>复核：分管领导审批</h3>
      <p class="hint">
        初审人已逐项完成保密审查（见下方审查记录）。批准后立即发布，生成索引号，并进入公开目录和检索。
      </p>
      {f ? <ErrorSummary message={f.message} /> : null}
      <TextAreaField
        name="comment"
        label="审批意见（退回时必填）"
        value={f?.comment ?? ''}
        errors={f?.fields?.comment}
        rows={2}
      />
      <button type="submit" name="decision" value="approve">
        批准发布
      </button>{' '}
      <button type="submit" name="decision" value="return" class="secondary">
        退回修改
      </button>
    </form>
  )
}
