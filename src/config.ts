import ipaddr from 'ipaddr.js'
import { z } from 'zod'
import { DomainError } from './shared/errors.js'

/**
 * Where the database lives: an embedded SQLite file or a PostgreSQL server. `existingFolder`:
 * the SQLite file's folder must already exist (a path given in DATABASE_URL, so that a typo
 * creates nothing); only the default `./data/` folder is created on first start.
 */
export type DbConfig =
  { kind: 'sqlite'; path: string; existingFolder?: true } | { kind: 'postgres'; url: string }

/** Format of 索引号 (index numbers), see src/modules/catalogue/classification/index-number.ts. */
export const INDEX_NUMBER_FORMATS = ['org9-year', 'uscc18-yearmonth'] as const
export type IndexNumberFormat = (typeof INDEX_NUMBER_FORMATS)[number]

export interface Config {
  db: DbConfig
  host: string
  port: number
  /** NODE_ENV=production: JSON logs, secure cookies and HSTS by default. */
  production: boolean
  /** Send Strict-Transport-Security (`HSTS`, on by default in production; needs HTTPS). */
  hsts: boolean
  /** Cookies get the `Secure` flag; on by default in production. */
  secureCookies: boolean
  /** Idle-session timeout in minutes (等保 2.0 level 2: sessions end after inactivity). */
  sessionIdleMinutes: number
  /** Absolute session lifetime in hours, however active the session (等保 2.0: 会话超时). */
  sessionMaxHours: number
  /** Log-in throttling (src/modules/auth/login-throttle.ts): free failures per client address … */
  loginFreeFailuresPerAddress: number
  /** … and per account name (from any address); then delays of 1 s, 2 s, 4 s … */
  loginFreeFailuresPerAccount: number
  /** … capped at this many seconds. */
  loginMaxDelaySeconds: number
  /** `TRUST_PROXY`: which peers may set X-Forwarded-For (Fastify `trustProxy`); false: none. */
  trustProxy: TrustProxy
  logLevel: string
  indexNumberFormat: IndexNumberFormat
  /** Largest accepted attachment, in bytes. */
  maxUploadBytes: number
  /** Folder for attachment blobs. */
  filesDir: string
  /** Public base URL used in feeds, sitemaps and the API (`PUBLIC_URL`, else the listening address). */
  publicUrl: string
  /** True when PUBLIC_URL is unset: `serve` derives publicUrl from the address it listens on. */
  publicUrlFromListen: boolean
  /** The keyed audit chain and its anchors (see docs/security.md). */
  audit: AuditConfig
  /** Transports of the notification outbox (modules/notifications); unset: messages wait. */
  notifications: NotificationsConfig
  /** Encryption at rest of personal data (see docs/security.md, src/modules/privacy/). */
  personalData: PersonalDataConfig
}

/** Where notifications go: an SMTP server for e-mail, an HTTP gateway for SMS. */
export interface NotificationsConfig {
  /** `SMTP_URL`: `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…`. */
  smtpUrl: string | undefined
  /** `MAIL_FROM`: the sender, e.g. `张店区人民政府信息公开 <gongkai@zhangdian.gov.cn>`. */
  mailFrom: string | undefined
  /** `SMS_URL`: the gateway that takes `POST {to, text}` as JSON. */
  smsUrl: string | undefined
  /** `SMS_TOKEN`: sent as `Authorization: Bearer …` when set. */
  smsToken: string | undefined
}

/** Trusted reverse proxies: none, a hop count, or addresses / CIDR ranges / proxy-addr names. */
export type TrustProxy = false | number | string[]

const PROXY_ADDR_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/**
 * Parses `TRUST_PROXY`: empty or `none`/`false` (default: X-Forwarded-For is ignored), a hop count
 * (`1`: the nearest proxy), or a comma-separated list of addresses, CIDR ranges (`10.0.0.0/8`)
 * and the names `loopback`, `linklocal`, `uniquelocal`.
 * @returns the value for Fastify, or a reason it is invalid
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | { invalid: string } {
  const v = raw?.trim() ?? ''
  if (v === '' || v === 'none' || v === 'false' || v === '0') {
    return false
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v)
    return hops <= 32 ? hops : { invalid: `hop count ${v} is too large` }
  }
  const entries = v.split(',').map((x) => x.trim())
  for (const e of entries) {
    if (PROXY_ADDR_NAMES.includes(e)) {
      continue
    }
    if (e.includes('/')) {
      try {
        ipaddr.parseCIDR(e)
        continue
      } catch {
        return { invalid: `"${e}" is not a CIDR range` }
      }
    }
    if (!ipaddr.isValid(e)) {
      return { invalid: `"${e}" is not an IP address, a CIDR range or a hop count` }
    }
  }
  return entries
}

/** HMAC algorithms of the audit chain: HMAC-SHA-256, or HMAC-SM3 (SM3: GB/T 32905-2016) for 密评. */
export const AUDIT_HMACS = ['sha256', 'sm3'] as const
export type AuditHmac = (typeof AUDIT_HMACS)[number]

export interface AuditConfig {
  /** `AUDIT_KEY`: the key(s) themselves, hex or base64, newest first (comma-separated). */
  key: string | undefined
  /** `AUDIT_KEY_FILE`, or the development default beside the database (undefined for `:memory:`). */
  keyFile: string | undefined
  /** True when `keyFile` is the development default, which may be created with a random key. */
  keyFileIsDefault: boolean
  hmac: AuditHmac
  /** Append-only file of signed checkpoints of the chain's head (undefined: no anchors written). */
  checkpointFile: string | undefined
  /** Write a checkpoint after this many new entries … */
  checkpointEvery: number
  /** … and at least this often (minutes) while entries are being added. */
  checkpointMinutes: number
}

/** An optional variable; empty means unset. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined))

export interface PersonalDataConfig {
  /** `PERSONAL_DATA_KEY`: 32-byte key(s), hex or base64, newest first (comma-separated). */
  key: string | undefined
  /** `PERSONAL_DATA_KEY_FILE`, or the development default beside the database (undefined for `:memory:`). */
  keyFile: string | undefined
  /** True when `keyFile` is the development default, which may be created with a random key. */
  keyFileIsDefault: boolean
  /**
   * AES-256-GCM, or SM4-CBC with HMAC-SM3 (GB/T 32907-2016, GB/T 32905-2016) when the audit chain
   * uses HMAC-SM3 (`AUDIT_HMAC=sm3`): one 国密 switch for the installation (密评, GB/T 39786-2021).
   */
  cipher: 'aes-256-gcm' | 'sm4-cbc-hmac-sm3'
  /** NODE_ENV=production: a missing key is a configuration error, never a generated one. */
  required: boolean
}

const envSchema = z.object({
  DATABASE_URL: z.string().default('./data/gongkai.db'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  NODE_ENV: z.string().default('development'),
  SECURE_COOKIES: z.enum(['0', '1', 'true', 'false']).optional(),
  HSTS: z.enum(['0', '1', 'true', 'false']).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  LOGIN_FREE_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(10),
  LOGIN_FREE_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(30),
  LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().positive().default(900),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.string().default('info'),
  INDEX_NUMBER_FORMAT: z.enum(INDEX_NUMBER_FORMATS).default('org9-year'),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  // An empty FILES_DIR means "not set" (never "the current directory").
  FILES_DIR: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v : undefined)),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  AUDIT_KEY: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  AUDIT_KEY_FILE: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  AUDIT_HMAC: z.enum(AUDIT_HMACS).default('sha256'),
  AUDIT_CHECKPOINT_FILE: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().positive().default(100),
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().positive().default(10),
  SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\/[^/]/.test(v), {
    message: 'must look like smtp://user:pass@host:port or smtps://…',
  }),
  MAIL_FROM: optionalText,
  SMS_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^/]/.test(v), {
    message: 'must be an http:// or https:// URL',
  }),
  SMS_TOKEN: optionalText,
  PERSONAL_DATA_KEY: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  PERSONAL_DATA_KEY_FILE: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
})

/** Parses `DATABASE_URL`: `sqlite:<path>`, a plain file path, or `postgres://…`. */
export function parseDatabaseUrl(url: string): DbConfig {
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { kind: 'postgres', url }
  }
  const path = url.replace(/^sqlite:(\/\/)?/, '')
  return { kind: 'sqlite', path: path === '' ? './data/gongkai.db' : path }
}

/** The base URL of a server listening on host:port (a wildcard address is reached as localhost). */
export function listenUrl(host: string, port: number): string {
  const name = ['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${name}:${port}`
}

/** A URL scheme Gongkai does not speak (`mysql://…`): refused rather than taken for a file name. */
function unsupportedScheme(url: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)
  return m?.[1] && !['postgres', 'postgresql', 'sqlite'].includes(m[1].toLowerCase()) ? m[1] : null
}

/**
 * Reads the environment once into a typed Config; throws a readable error on bad values
 * (CONFIG_INVALID: the CLI exits 2 before it opens or creates anything).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new DomainError('CONFIG_INVALID', `invalid configuration: ${lines.join('; ')}`)
  }
  const e = parsed.data
  const trustProxy = parseTrustProxy(e.TRUST_PROXY)
  if (typeof trustProxy === 'object' && !Array.isArray(trustProxy)) {
    throw new DomainError('CONFIG_INVALID', `invalid configuration: TRUST_PROXY: ${trustProxy.invalid}`)
  }
  const scheme = unsupportedScheme(e.DATABASE_URL)
  if (scheme) {
    throw new DomainError(
      'CONFIG_INVALID',
      `invalid configuration: DATABASE_URL: unsupported scheme ${scheme}:// (use a SQLite file path, sqlite:<path>, or postgres://user:pass@host:5432/db)`,
    )
  }
  if (e.SMTP_URL && !e.MAIL_FROM) {
    throw new DomainError(
      'CONFIG_INVALID',
      'invalid configuration: MAIL_FROM is required with SMTP_URL (the sender address of notifications)',
    )
  }
  const parsedDb = parseDatabaseUrl(e.DATABASE_URL)
  const explicitFile =
    parsedDb.kind === 'sqlite' && Boolean(env.DATABASE_URL?.trim()) && parsedDb.path !== ':memory:'
  const db: DbConfig = explicitFile ? { ...parsedDb, existingFolder: true } : parsedDb
  const secure =
    e.SECURE_COOKIES === undefined ? e.NODE_ENV === 'production' : ['1', 'true'].includes(e.SECURE_COOKIES)
  const filesDir =
    e.FILES_DIR ?? (db.kind === 'sqlite' && db.path !== ':memory:' ? `${db.path}.files` : './data/files')
  if (e.NODE_ENV === 'production' && !e.AUDIT_KEY && !e.AUDIT_KEY_FILE) {
    throw new Error(
      'invalid configuration: AUDIT_KEY or AUDIT_KEY_FILE is required in production (the audit chain key, kept outside the database; see docs/security.md)',
    )
  }
  // Development defaults beside the database; an in-memory database gets no files at all.
  const memory = db.kind === 'sqlite' && db.path === ':memory:'
  const beside = (sqliteSuffix: string, pgPath: string) =>
    memory ? undefined : db.kind === 'sqlite' ? `${db.path}${sqliteSuffix}` : pgPath
  return {
    db,
    host: e.HOST,
    port: e.PORT,
    production: e.NODE_ENV === 'production',
    hsts: e.HSTS === undefined ? e.NODE_ENV === 'production' : ['1', 'true'].includes(e.HSTS),
    secureCookies: secure,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    loginFreeFailuresPerAddress: e.LOGIN_FREE_FAILURES_PER_ADDRESS,
    loginFreeFailuresPerAccount: e.LOGIN_FREE_FAILURES_PER_ACCOUNT,
    loginMaxDelaySeconds: e.LOGIN_MAX_DELAY_SECONDS,
    trustProxy,
    logLevel: e.LOG_LEVEL,
    indexNumberFormat: e.INDEX_NUMBER_FORMAT,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    filesDir,
    publicUrl: (e.PUBLIC_URL ?? listenUrl(e.HOST, e.PORT)).replace(/\/$/, ''),
    publicUrlFromListen: e.PUBLIC_URL === undefined,
    audit: {
      key: e.AUDIT_KEY,
      keyFile: e.AUDIT_KEY_FILE ?? beside('.audit-key', './data/audit-key'),
      keyFileIsDefault: e.AUDIT_KEY_FILE === undefined,
      hmac: e.AUDIT_HMAC,
      checkpointFile:
        e.AUDIT_CHECKPOINT_FILE ?? beside('.audit-checkpoints.jsonl', './data/audit-checkpoints.jsonl'),
      checkpointEvery: e.AUDIT_CHECKPOINT_EVERY,
      checkpointMinutes: e.AUDIT_CHECKPOINT_MINUTES,
    },
    notifications: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      smsUrl: e.SMS_URL,
      smsToken: e.SMS_TOKEN,
    },
    personalData: {
      key: e.PERSONAL_DATA_KEY,
      // In production there is no default file: the key must be configured (checked when the
      // cipher is built, see modules/privacy/personal-data-keys.service.ts).
      keyFile:
        e.PERSONAL_DATA_KEY_FILE ??
        (e.NODE_ENV === 'production' ? undefined : beside('.personal-data-key', './data/personal-data-key')),
      keyFileIsDefault: e.PERSONAL_DATA_KEY_FILE === undefined,
      cipher: e.AUDIT_HMAC === 'sm3' ? 'sm4-cbc-hmac-sm3' : 'aes-256-gcm',
      required: e.NODE_ENV === 'production',
    },
  }
}
