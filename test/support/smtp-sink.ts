// A real SMTP server on loopback that keeps every message it receives, raw and parsed with mailparser: the email
// tests receive what Encore sends over a real SMTP round trip, and `npm run demo` shows the messages in a web inbox.
//
// smtp-server's built-in TLS certificate expired on 2025-02-09, and nodemailer upgrades to STARTTLS whenever the
// server offers it: the server does not offer it here (loopback only), so the client sends in the clear.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  raw: string;
  parsed: ParsedMail;
  envelope: { from: string | null; to: string[] };
  receivedAt: Date;
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:<port> for SMTP_URL. */
  url: string;
  messages: ReceivedEmail[];
  /** Resolves once at least `count` messages arrived (polls; fails after timeoutMs). */
  waitForCount(count: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  /** The next `count` answers to DATA are this SMTP reply code (e.g. 451 transient, 550 permanent). */
  rejectNext(code: number, count?: number): void;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: ReceivedEmail[] = [];
  const rejections: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = rejections.shift();
        if (code !== undefined) {
          const error = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
            messages.push({ raw, parsed, envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, receivedAt: new Date() });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitForCount(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${count} emails (got ${messages.length})`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return messages;
    },
    rejectNext(code, count = 1) {
      for (let i = 0; i < count; i++) rejections.push(code);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
