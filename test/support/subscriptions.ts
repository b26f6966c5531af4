// A whole backend for subscription tests: the harness (real database, the Admin API emulator with the demo store,
// the app over HTTP) on one ManualClock shared by the app and the emulator, the demo shop installed, a worker that
// runs the app's real job handlers, and a real SMTP server on loopback (SMTP_URL, EMAIL_FROM) that receives the
// notices the module sends through the email module.
import type { ContractRecord } from '../../test/emulator/store/records.js';
import { ManualClock } from '../../web/server/clock.js';
import { emailNoticeSender, smtpTransport } from '../../web/server/email/index.js';
import { createWorker, type Worker } from '../../web/server/jobs/worker.js';
import { jobHandlers } from '../../web/server/start.js';
import { emailNotifier, subscriptionsFor } from '../../web/server/subscriptions/index.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

export const SUBSCRIPTIONS_EMAIL_FROM = 'subscriptions@encore-demo.test';

export interface SentNotice {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SubscriptionsBackend {
  h: Harness;
  clock: ManualClock;
  shopId: string;
  worker: Worker;
  smtp: SmtpSink;
  /** Every notice the SMTP server received, parsed. */
  readonly notices: SentNotice[];
  /** Runs due jobs and lets the emulator settle billing attempts and deliver webhooks, until nothing is left. */
  settle(rounds?: number): Promise<void>;
  /** Moves both clocks to `to` (or by `ms`) and settles. */
  advanceTo(to: Date): Promise<void>;
  advance(ms: number): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, read field by field by the tests
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  /** A contract as the emulator holds it. */
  shopifyContract(id: number): ContractRecord;
  close(): Promise<void>;
}

export async function startSubscriptionsBackend(options: { database?: HarnessOptions['database'] } = {}): Promise<SubscriptionsBackend> {
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const smtp = await startSmtpSink();
  const h = await startHarness({
    runWorker: false,
    clock,
    ...(options.database ? { database: options.database } : {}),
    emulatorOptions: { clock, billingAttemptDelayMs: 60_000_000, webhookRetryDelaysMs: [50, 50, 50] },
  });
  const ctx = h.server.ctx;
  const installed = await h.adminFetch('/api/admin/shop');
  if (installed.status !== 200) throw new Error(`install failed: ${installed.status} ${await installed.text()}`);
  const shop = await ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } });
  // Notices go through the email module's sender to the SMTP server; the app's own SMTP_URL stays unset so the
  // email-offer flow (which would read each renewal order from the Admin API) stays off, as before.
  const config = { ...ctx.config, emailFrom: SUBSCRIPTIONS_EMAIL_FROM };
  const sender = emailNoticeSender({ ...ctx, config }, { transport: smtpTransport(smtp.url) });
  subscriptionsFor(ctx).useNotifier(emailNotifier(sender));
  const worker = createWorker({ db: ctx.db, clock, logger: ctx.logger, handlers: jobHandlers(ctx), concurrency: 4 });

  async function settle(rounds = 60): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      h.emulator.store.settleBillingAttempts();
      await h.emulator.webhooks.settled();
      const ran = await worker.runDue();
      const pending = [...h.emulator.store.billingAttempts.values()].some((a) => a.state === 'pending');
      if (ran === 0 && !pending) {
        await h.emulator.webhooks.settled();
        if ((await worker.runDue()) === 0) return;
      }
    }
  }

  return {
    h,
    clock,
    shopId: shop.id,
    worker,
    smtp,
    get notices() {
      return smtp.messages.map((m) => ({
        to: m.envelope.to.join(', '),
        subject: m.parsed.subject ?? '',
        text: m.parsed.text ?? '',
        html: typeof m.parsed.html === 'string' ? m.parsed.html : '',
      }));
    },
    settle,
    async advanceTo(to) {
      if (to.getTime() > clock.now().getTime()) clock.set(to);
      await settle();
    },
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    async api(path, init = {}) {
      const response = await h.adminFetch(`/api/admin${path}`, {
        method: init.method ?? 'GET',
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    shopifyContract(id) {
      const contract = h.emulator.store.contracts.get(id);
      if (!contract) throw new Error(`no contract ${id} in the emulator`);
      return contract;
    },
    async close() {
      await worker.stop();
      await ctx.catalog.whenIdle();
      await h.close();
      await smtp.close();
    },
  };
}
