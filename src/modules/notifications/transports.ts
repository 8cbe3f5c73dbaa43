import nodemailer from 'nodemailer'
import type { NotificationsConfig } from '../../config.js'
import type { OutboxChannel } from './outbox.table.js'

/** What a transport is given: one outbox message. */
export interface OutboundMessage {
  id: string
  channel: OutboxChannel
  recipient: string
  subject: string | null
  body: string
  html: string | null
}

/** Sends one message; throws when the provider did not take it (the worker retries). */
export interface Transport {
  send(msg: OutboundMessage): Promise<{ providerMessageId: string | null }>
  /** Releases connections (worker stop). */
  close?(): void
}

/** The configured transports by channel; a channel without one keeps its messages pending. */
export type Transports = Partial<Record<OutboxChannel, Transport>>

/**
 * Time limits of one send. They stay well under the worker's lease (5 min by default), so that a
 * message is never retaken while its first send may still succeed.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 }
export const SMS_TIMEOUT_MS = 30_000

/** The host part of the installation's sender address, for Message-IDs. */
function domainOf(address: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(address)
  return m?.[1] ?? 'gongkai.invalid'
}

/**
 * E-mail over SMTP (nodemailer), e.g. `smtp://user:pass@mail.example.cn:587` (STARTTLS when the
 * server offers it) or `smtps://…:465`. The Message-ID is derived from the outbox id, so that a
 * message that is ever delivered twice can be recognised as one by the receiving side.
 */
export function smtpTransport(options: { url: string; from: string }): Transport {
  const mailer = nodemailer.createTransport({ url: options.url, ...SMTP_TIMEOUTS })
  const domain = domainOf(options.from)
  return {
    async send(msg) {
      const info = await mailer.sendMail({
        from: options.from,
        to: msg.recipient,
        subject: msg.subject ?? '',
        text: msg.body,
        ...(msg.html ? { html: msg.html } : {}),
        messageId: `<${msg.id}@${domain}>`,
      })
      return { providerMessageId: info.messageId || null }
    },
    close() {
      mailer.close()
    },
  }
}

/**
 * SMS through an HTTP gateway: `POST url` with JSON `{to, text}` (and `Authorization: Bearer
 * <token>` when a token is configured; `Idempotency-Key: <outbox id>` so a gateway can drop a
 * repeat). Any non-2xx answer is a failure. The gateway's `id` or `messageId` in a JSON answer is
 * kept as the provider's id.
 */
export function httpSmsTransport(options: { url: string; token?: string | undefined }): Transport {
  return {
    async send(msg) {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': msg.id,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ to: msg.recipient, text: msg.body }),
        signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
      })
      const text = await res.text()
      if (!res.ok) {
        throw new Error(`SMS gateway answered HTTP ${res.status}: ${text.slice(0, 200)}`)
      }
      return { providerMessageId: providerIdOf(text) }
    },
  }
}

function providerIdOf(text: string): string | null {
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>
      const id = o.id ?? o.messageId
      return typeof id === 'string' || typeof id === 'number' ? String(id) : null
    }
  } catch {
    // Not JSON: a 2xx without an id is still a delivery.
  }
  return null
}

/** The channels the configuration gives a transport (SMTP_URL + MAIL_FROM; SMS_URL). */
export function channelsConfigured(config: NotificationsConfig): Record<OutboxChannel, boolean> {
  return { email: Boolean(config.smtpUrl && config.mailFrom), sms: Boolean(config.smsUrl) }
}

/** The transports the configuration names (SMTP_URL + MAIL_FROM, SMS_URL [+ SMS_TOKEN]). */
export function createTransports(config: NotificationsConfig): Transports {
  const t: Transports = {}
  if (config.smtpUrl && config.mailFrom) {
    t.email = smtpTransport({ url: config.smtpUrl, from: config.mailFrom })
  }
  if (config.smsUrl) {
    t.sms = httpSmsTransport({ url: config.smsUrl, token: config.smsToken })
  }
  return t
}

/** The channels that have a transport. */
export function configuredChannels(transports: Transports): OutboxChannel[] {
  return (Object.keys(transports) as OutboxChannel[]).filter((c) => transports[c] !== undefined)
}
