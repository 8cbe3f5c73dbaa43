import type { Viewer } from '../../../shared/actor.js'
import type { FieldErrors } from '../../../shared/errors.js'
import {
  CsrfField,
  ErrorSummary,
  Layout,
  SelectField,
  TextAreaField,
  TextField,
  type SelectOption,
} from '../../../http/layout.js'
import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  DELIVERY_METHOD_LABELS,
  DELIVERY_METHODS,
  DESCRIPTION_MAX,
  ID_TYPE_LABELS,
  ID_TYPES,
  INTAKE_FIELD_LABELS as L,
  PROVISION_FORM_LABELS,
  PROVISION_FORMS,
  type IntakeValues,
} from '../cases/index.js'

const opts = <T extends string>(keys: readonly T[], labels: Record<T, string>): SelectOption[] => [
  { value: '', label: '请选择' },
  ...keys.map((k) => ({ value: k, label: labels[k] })),
]

/** The fields of 条例 Art. 29, shared by the public form and the staff recording form. */
export function IntakeFields(props: { values: IntakeValues; errors: FieldErrors }) {
  const v = props.values
  const e = props.errors
  return (
    <>
      <fieldset>
        <legend>申请人信息（条例第二十九条第一款第（一）项）</legend>
        <SelectField
          name="applicantType"
          label={L.applicantType ?? ''}
          value={v.applicantType}
          errors={e.applicantType}
          required
          options={opts(APPLICANT_TYPES, APPLICANT_TYPE_LABELS)}
          hint="公民个人选“自然人”；法人或其他组织按单位性质选择。"
        />
        <TextField name="name" label={L.name ?? ''} value={v.name} errors={e.name} required maxLength={100} />
        <SelectField
          name="idType"
          label={L.idType ?? ''}
          value={v.idType}
          errors={e.idType}
          options={opts(
            ID_TYPES.filter((t) => t !== 'uscc'),
            ID_TYPE_LABELS,
          )}
          hint="自然人填写；单位申请人填写统一社会信用代码。"
        />
        <TextField
          name="idNumber"
          label={L.idNumber ?? ''}
          value={v.idNumber}
          errors={e.idNumber}
          maxLength={30}
        />
        <TextField
          name="creditCode"
          label={L.creditCode ?? ''}
          value={v.creditCode}
          errors={e.creditCode}
          maxLength={18}
          hint="单位申请人必填，18 位。"
        />
        <TextField
          name="contactPerson"
          label={L.contactPerson ?? ''}
          value={v.contactPerson}
          errors={e.contactPerson}
          maxLength={100}
          hint="单位申请人必填。"
        />
        <TextField
          name="phone"
          label={L.phone ?? ''}
          value={v.phone}
          errors={e.phone}
          required
          type="tel"
          autocomplete="tel"
          maxLength={30}
        />
        <TextField
          name="email"
          label={L.email ?? ''}
          value={v.email}
          errors={e.email}
          type="email"
          autocomplete="email"
          maxLength={100}
        />
        <TextField
          name="address"
          label={L.address ?? ''}
          value={v.address}
          errors={e.address}
          autocomplete="street-address"
          maxLength={200}
        />
        <TextField
          name="postcode"
          label={L.postcode ?? ''}
          value={v.postcode}
          errors={e.postcode}
          maxLength={6}
        />
      </fieldset>
      <fieldset>
        <legend>所需政府信息（条例第二十九条第一款第（二）项）</legend>
        <TextAreaField
          name="description"
          label={L.description ?? ''}
          value={v.description}
          errors={e.description}
          required
          rows={6}
          maxLength={DESCRIPTION_MAX}
          hint={`写明信息的名称、文号或便于查询的其他特征性描述，不超过 ${DESCRIPTION_MAX} 字。`}
        />
        <TextField
          name="docNumber"
          label={L.docNumber ?? ''}
          value={v.docNumber}
          errors={e.docNumber}
          maxLength={100}
        />
      </fieldset>
      <fieldset>
        <legend>获取方式（条例第二十九条第一款第（三）项）</legend>
        <SelectField
          name="provisionForm"
          label={L.provisionForm ?? ''}
          value={v.provisionForm}
          errors={e.provisionForm}
          required
          options={opts(PROVISION_FORMS, PROVISION_FORM_LABELS)}
        />
        <SelectField
          name="deliveryMethod"
          label={L.deliveryMethod ?? ''}
          value={v.deliveryMethod}
          errors={e.deliveryMethod}
          required
          options={opts(DELIVERY_METHODS, DELIVERY_METHOD_LABELS)}
        />
      </fieldset>
    </>
  )
}

export function PublicRequestFormPage(props: {
  viewer: Viewer | null
  csrfToken: string
  organ: { code: string; name: string }
  idempotencyKey: string
  values: IntakeValues
  errors?: FieldErrors | undefined
  message?: string | undefined
}) {
  return (
    <Layout title="政府信息公开申请" viewer={props.viewer} crumbs={[['首页', '/'], ['依申请公开']]}>
      <h1>向{props.organ.name}申请政府信息公开</h1>
      <p>
        无需注册。提交后页面将显示<strong>查询码和查询密码</strong>，请妥善保存，用于查询办理进度和答复。
        网上提交的申请，以工作人员与您确认之日为收到申请之日（条例第三十一条第（三）项）；自收到申请之日起 20
        个工作日内答复（条例第三十三条）。
      </p>
      <ErrorSummary message={props.message} />
      <form method="post" action={`/requests/new?organ=${encodeURIComponent(props.organ.code)}`} novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
        <IntakeFields values={props.values} errors={props.errors ?? {}} />
        <p class="hint">您填写的身份证件号码和联系方式加密保存，仅用于办理本申请，不会公开。</p>
        <button type="submit">提交申请</button>
      </form>
    </Layout>
  )
}

export function ChooseOrganPage(props: {
  viewer: Viewer | null
  q: string
  message?: string | null | undefined
}) {
  return (
    <Layout title="政府信息公开申请" viewer={props.viewer} crumbs={[['首页', '/'], ['依申请公开']]}>
      <h1>政府信息公开申请</h1>
      <p>请先选择受理申请的行政机关（填写名称、简称或机构代码）。</p>
      <ErrorSummary message={props.message ?? undefined} />
      <form method="get" action="/requests/new">
        <TextField name="organ" label="行政机关" value={props.q} required />
        <button type="submit">下一步</button>
      </form>
      <p>
        已提交过申请？<a href="/requests/status">查询办理进度</a>
      </p>
    </Layout>
  )
}
