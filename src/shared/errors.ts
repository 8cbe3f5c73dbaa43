/**
 * The one error catalogue. Every failure a user can meet has a stable code, an HTTP status and
 * a Chinese message for pages; services throw `DomainError(code)` and never know about HTTP.
 * `http/errors.ts` maps these to responses, `cli.ts` to one-line messages and exit codes.
 */
export const ERROR_CATALOGUE = {
  // generic
  REQUEST_INVALID: { status: 422, message: '提交的内容有误，请检查标出的字段。' },
  NOT_FOUND: { status: 404, message: '您访问的页面不存在。' },
  FORBIDDEN: { status: 403, message: '您没有权限执行此操作。' },
  UNAUTHENTICATED: { status: 401, message: '请先登录。' },
  CSRF_INVALID: { status: 403, message: '页面已过期或来源不明，请刷新页面后重试。' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试。' },
  CONFLICT: { status: 409, message: '数据已被他人修改，请刷新后重试。' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '上传的文件过大。' },
  INTERNAL: { status: 500, message: '服务器内部错误，请稍后再试。' },
  INPUT_CONTROL_CHARACTER: {
    status: 400,
    message: '提交的内容含有不允许的控制字符（如 NUL），请删除后重试。',
  },
  URL_INVALID: { status: 400, message: '网址有误（含有不完整的编码），请检查链接后重试。' },
  CONFIG_INVALID: { status: 500, message: '配置有误，请检查环境变量（见 README 的“配置”一节）。' },
  // auth
  AUTH_BAD_CREDENTIALS: { status: 401, message: '用户名或密码错误。' },
  AUTH_THROTTLED: { status: 429, message: '登录失败次数过多，请稍后再试。' },
  AUTH_DISABLED: { status: 403, message: '该账号已停用，请联系管理员。' },
  AUTH_WEAK_PASSWORD: { status: 422, message: '密码不符合安全策略。' },
  AUTH_PASSWORD_CHANGE_REQUIRED: { status: 403, message: '请先修改初始密码。' },
  // organs
  ORGAN_NOT_FOUND: { status: 404, message: '未找到该机关。' },
  ORGAN_CODE_INVALID: { status: 422, message: '机构代码无效。' },
  ORGAN_CODE_TAKEN: { status: 409, message: '该机构代码已被使用。' },
  ORGAN_PARENT_INVALID: { status: 422, message: '上级机关无效。' },
  // users and roles
  USER_NOT_FOUND: { status: 404, message: '未找到该用户。' },
  USER_NAME_TAKEN: { status: 409, message: '该用户名已被使用。' },
  ROLE_INVALID: { status: 422, message: '角色无效。' },
  SEPARATION_OF_DUTIES: { status: 403, message: '起草或修改过该内容的人员不能审核或批准它。' },
  // audit
  AUDIT_CHAIN_BROKEN: { status: 500, message: '审计日志校验失败。' },
  AUDIT_KEY_MISSING: {
    status: 500,
    message: '未配置审计密钥（AUDIT_KEY 或 AUDIT_KEY_FILE），不能记录或校验审计日志。',
  },
  AUDIT_KEY_INVALID: { status: 500, message: '审计密钥无效，请检查 AUDIT_KEY 或 AUDIT_KEY_FILE。' },
  AUDIT_CHECKPOINT_UNAVAILABLE: { status: 500, message: '未配置审计锚点文件（AUDIT_CHECKPOINT_FILE）。' },
  // personal data (modules/privacy)
  PERSONAL_DATA_TAMPERED: {
    status: 500,
    message: '加密保存的个人信息无法解密：数据已被改动，或密钥不对。',
  },
  PERSONAL_DATA_KEY_UNKNOWN: {
    status: 500,
    message: '该个人信息由未配置的密钥加密，请在 PERSONAL_DATA_KEY 中保留已停用的旧密钥。',
  },
  PERSONAL_DATA_KEY_INVALID: {
    status: 500,
    message: '个人信息加密密钥无效，请检查 PERSONAL_DATA_KEY 或 PERSONAL_DATA_KEY_FILE。',
  },
  // catalogue (proactive disclosure)
  ITEM_NOT_FOUND: { status: 404, message: '未找到该政府信息。' },
  ITEM_INVALID_TRANSITION: { status: 409, message: '当前状态下不能执行此操作。' },
  ITEM_CHANGED_CONCURRENTLY: {
    status: 409,
    message: '该信息已被他人修改，您的保存未生效。请刷新后在最新版本上修改。',
  },
  ITEM_PII_UNMASKED: {
    status: 422,
    message: '该信息中仍有未遮盖的个人信息：请逐处遮盖，或在“保留理由”中写明为何可以公开。',
  },
  ITEM_PII_HIT_NOT_FOUND: {
    status: 409,
    message: '要遮盖的个人信息已不在该信息的名称、概述或正文中（可能已被遮盖或修改），请刷新页面。',
  },
  ITEM_CHECKLIST_INCOMPLETE: { status: 422, message: '保密审查清单须逐项作答。' },
  ITEM_CHECKLIST_NOTE_MISSING: {
    status: 422,
    message: '答“是”的审查项须在该项的“说明”栏写明情况。',
  },
  ITEM_CHECKLIST_BLOCKS_PUBLICATION: {
    status: 422,
    message: '保密审查清单中有答“是”的项目，不能作为主动公开信息通过审查，请退回并说明理由。',
  },
  ITEM_NOT_PROACTIVE: {
    status: 409,
    message: '只有“主动公开”的信息才能送审发布；依申请公开或不予公开的信息只登记备查。',
  },
  ITEM_REVISION_OPEN: { status: 409, message: '该信息已有一份修订稿在办理中。' },
  ITEM_REPLACEMENT_INVALID: { status: 422, message: '未找到用于替代的已发布信息（请填写其索引号）。' },
  ATTACHMENT_NOT_FOUND: { status: 404, message: '未找到该附件。' },
  ATTACHMENT_TYPE_REFUSED: { status: 415, message: '不支持该文件类型，或文件内容与扩展名不符。' },
  ATTACHMENT_TOO_LARGE: { status: 413, message: '附件超过大小限制。' },
  IMPORT_FILE_INVALID: { status: 422, message: '导入文件无法读取。' },
  SEARCH_QUERY_INVALID: { status: 422, message: '检索词无效。' },
  // working-day calendar
  CALENDAR_YEAR_NOT_COVERED: {
    status: 409,
    message: '尚未录入该年度的节假日安排（国务院办公厅通知），无法按工作日计算期限。',
  },
  CALENDAR_DAY_NOT_FOUND: { status: 404, message: '未找到该节假日安排条目。' },
  CALENDAR_DAY_TAKEN: { status: 409, message: '该日期已有录入的节假日安排，请先删除原条目。' },
  // notifications (modules/notifications)
  OUTBOX_MESSAGE_INVALID: { status: 422, message: '通知内容有误（收件人、标题或正文），未能加入发送队列。' },
  OUTBOX_MESSAGE_NOT_FOUND: { status: 404, message: '未找到该通知。' },
  OUTBOX_MESSAGE_NOT_DEAD: {
    status: 409,
    message: '只有已放弃发送的通知可以重新发送；该通知已在队列中或已发出。',
  },
  // requests: the statutory clock (modules/requests/clock) and the CLI's arguments
  // requests (依申请公开)
  REQUEST_NOT_FOUND: { status: 404, message: '未找到该申请，请核对查询码和查询密码。' },
  REQUEST_INVALID_TRANSITION: { status: 409, message: '该申请当前的状态不允许此操作。' },
  REQUEST_SECRET_INVALID: { status: 404, message: '查询码或查询密码不正确。' },
  REQUEST_DUPLICATE_SUBMISSION: { status: 409, message: '该申请已经提交过，请勿重复提交。' },
  REQUEST_CALENDAR_NOT_COVERED: {
    status: 500,
    message: '工作日历尚未覆盖计算期限所需的年份，请管理员在“工作日历”中录入该年的节假日安排。',
  },
  CLOCK_EVENT_BEFORE_RECEIPT: { status: 422, message: '事件日期早于收到申请之日，请检查日期。' },
  CLOCK_CORRECTION_BEFORE_REQUEST: { status: 422, message: '收到补正的日期早于发出补正告知的日期。' },
  CLOCK_CORRECTION_CONFLICT: { status: 422, message: '申请人已补正，不能同时记为逾期未补正（视为放弃）。' },
  CLOCK_EXTENSION_REPEATED: { status: 422, message: '答复期限只能延长一次。' },
  CLOCK_EXTENSION_OVER_MAXIMUM: { status: 422, message: '延长的期限超过了法定最长期限。' },
  CLOCK_CONSULTATION_REPLY_BEFORE_SENT: { status: 422, message: '收到意见的日期早于发出征求意见书的日期。' },
  CLOCK_FEE_PAID_BEFORE_NOTICE: { status: 422, message: '缴费日期早于收到收费通知的日期。' },
  FEE_INPUT_INVALID: { status: 422, message: '信息处理费的件数或页数无效。' },
  LETTER_CONTEXT_INVALID: {
    status: 422,
    message: '文书内容不完整或有误（日期、办理结果或期限），请检查后重试。',
  },
  LETTER_NUMBER_INVALID: { status: 422, message: '文书编号有误：需要文号前缀、四位年份和正整数序号。' },
  CLI_ARGUMENT_INVALID: { status: 400, message: '命令行参数有误。' },
  // backup
  BACKUP_UNSUPPORTED: { status: 400, message: '该数据库不支持此备份方式。' },
  BACKUP_TARGET_EXISTS: { status: 409, message: '备份文件已存在，请换一个文件名。' },
  RESTORE_SOURCE_INVALID: { status: 422, message: '该文件不是可用的 Gongkai 数据库备份。' },
  RESTORE_DATABASE_IN_USE: { status: 409, message: '数据库正在使用中，请先停止服务再恢复。' },
  FILES_DIR_UNSAFE: { status: 500, message: '附件目录（FILES_DIR）设置不安全，请设为单独的目录。' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERROR_CATALOGUE

/** Field name → messages (Chinese), for re-rendering forms and for JSON `fields`. */
export type FieldErrors = Record<string, string[]>

/** A failure the user can understand; `detail` is for logs and the CLI, the catalogue message for pages. */
export class DomainError extends Error {
  readonly code: ErrorCode
  readonly fields: FieldErrors | undefined
  readonly userMessage: string
  /** Seconds the client should wait (sent as `Retry-After`), for throttling errors. */
  readonly retryAfterSeconds: number | undefined

  constructor(
    code: ErrorCode,
    detail?: string,
    options?: { fields?: FieldErrors; userMessage?: string; cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(
      detail ?? ERROR_CATALOGUE[code].message,
      options?.cause === undefined ? undefined : { cause: options.cause },
    )
    this.name = 'DomainError'
    this.code = code
    this.fields = options?.fields
    this.userMessage = options?.userMessage ?? ERROR_CATALOGUE[code].message
    this.retryAfterSeconds = options?.retryAfterSeconds
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status
  }
}

/** Raised with per-field messages; pages re-render the form with 422 and the input kept. */
export class ValidationError extends DomainError {
  constructor(fields: FieldErrors, detail?: string) {
    super('REQUEST_INVALID', detail ?? `invalid input: ${Object.keys(fields).join(', ')}`, { fields })
    this.name = 'ValidationError'
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError
}
