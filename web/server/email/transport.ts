// Sending over SMTP with nodemailer (SMTP_URL), and what a failure means for a retry. SMTP has no idempotency key:
// once the server has the message's data, a retry may deliver it twice. So a failure is sorted by WHEN it happened:
// before the DATA command completed, the server did not accept the message (safe to retry); while waiting for
// the answer to DATA, nobody knows (never retried: the sender reconciles it as "unconfirmed"); a 5xx answer is
// final (RFC 5321 §4.2.1: "permanent negative completion").
import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  from: { name: string; address: string };
  to: string;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
  /** The Message-ID header, chosen by Encore before sending so the stored record names the message. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface SentEmail {
  messageId: string;
  /** The server's last answer, e.g. "250 2.0.0 Ok: queued as 1234". */
  response: string;
}

export type SendFailureKind = 'not_accepted' | 'rejected' | 'unknown';

/** Why a send failed: not_accepted (retry later), rejected (5xx: do not retry), unknown (may have been sent). */
export class EmailSendError extends Error {
  override name = 'EmailSendError';
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    readonly responseCode: number | null,
  ) {
    super(message);
  }
}

export interface EmailTransport {
  send(email: OutgoingEmail): Promise<SentEmail>;
  close(): void;
}

interface NodemailerError {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Sorts a nodemailer error; exported for tests. */
export function classifySendError(error: unknown): EmailSendError {
  const e = (error ?? {}) as NodemailerError;
  const text = (e.response ?? e.message ?? 'SMTP send failed').slice(0, 500);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) return new EmailSendError('rejected', text, e.responseCode);
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    // 4xx is "transient negative": the server refused this time, the message is not queued.
    return new EmailSendError('not_accepted', text, e.responseCode);
  }
  // Without an answer: the connection or greeting failed (nothing sent), or the socket died after the data went.
  const afterData = e.command === 'DATA' || e.command === 'DATA (end)' || e.code === 'ESTREAM';
  const beforeData = ['ECONNECTION', 'EDNS', 'ESOCKET', 'ETLS', 'EAUTH', 'EENVELOPE', 'EPROTOCOL'].includes(e.code ?? '') && !afterData;
  return new EmailSendError(beforeData ? 'not_accepted' : 'unknown', text, null);
}

/** A transport for SMTP_URL. Tests against a local server pass `ignoreTLS` (see README: the test server's certificate). */
export function smtpTransport(url: string, options: { ignoreTLS?: boolean } = {}): EmailTransport {
  const parsed = new URL(url);
  // nodemailer reads its options from the URL's query; SMTP_URL's own values win over these defaults.
  for (const [key, value] of [
    ['connectionTimeout', '15000'],
    ['greetingTimeout', '15000'],
    ['socketTimeout', '60000'],
  ] as const) {
    if (!parsed.searchParams.has(key)) parsed.searchParams.set(key, value);
  }
  if (options.ignoreTLS) parsed.searchParams.set('ignoreTLS', 'true');
  const transporter = nodemailer.createTransport(parsed.toString());
  return {
    async send(email) {
      try {
        const info = await transporter.sendMail({
          from: { name: email.from.name, address: email.from.address },
          to: email.to,
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId: email.messageId,
          ...(email.headers ? { headers: email.headers } : {}),
        });
        return { messageId: info.messageId ?? email.messageId, response: String(info.response ?? '') };
      } catch (error) {
        throw classifySendError(error);
      }
    },
    close() {
      transporter.close();
    },
  };
}
