// Test support: a whole backend for the email offer tests. The harness (real database, the Admin API emulator with
// the demo store), one ManualClock shared by the app and the emulator (order times, job run-at times and the link
// expiry all move together), a real SMTP server on loopback as SMTP_URL, the demo shop installed by token exchange
// with its catalog loaded, and a job worker the test drives.

import { rebuildCatalog } from '../../web/server/catalog/snapshots.js';
import { ManualClock } from '../../web/server/clock.js';
import type { FunnelRecord } from '../../web/server/funnels/index.js';
import { createWorker, type Worker } from '../../web/server/jobs/worker.js';
import type { FunnelDefinitionInput } from '../../web/server/offers/index.js';
import { jobHandlers } from '../../web/server/start.js';
import { SEED_NOW } from '../emulator/seed/demo-store.js';
import type { CreateOrderInput } from '../emulator/store/orders.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

export { mugEmailFunnel } from './email-funnels.js';

export const TEST_EMAIL_FROM = 'offers@encore-demo.test';

export interface EmailBackend {
  h: Harness;
  clock: ManualClock;
  smtp: SmtpSink;
  shop: { id: string; domain: string };
  worker: Worker;
  createFunnel(definition: Omit<FunnelDefinitionInput, 'id'>): Promise<FunnelRecord>;
  /** Places an order in the emulator (fires orders/create) and returns its GID. */
  placeOrder(input: CreateOrderInput): string;
  /** Delivers pending webhooks and runs every job due now, until nothing is left to run. */
  settle(): Promise<void>;
  /** Moves the clock and runs what became due. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startEmailBackend(options: { database?: HarnessOptions['database'] } = {}): Promise<EmailBackend> {
  const clock = new ManualClock(SEED_NOW);
  const smtp = await startSmtpSink();
  const h = await startHarness({
    runWorker: false,
    clock,
    ...(options.database ? { database: options.database } : {}),
    emulatorOptions: { clock, webhookRetryDelaysMs: [10, 20, 40] },
    adminClientOptions: { sleep: async () => {}, maxServerErrorRetries: 1, maxThrottleRetries: 1 },
    env: { SMTP_URL: smtp.url, EMAIL_FROM: TEST_EMAIL_FROM },
  });
  const ctx = h.server.ctx;
  const installed = await h.adminFetch('/api/admin/shop');
  if (installed.status !== 200) throw new Error(`installing the demo shop failed: ${installed.status} ${await installed.text()}`);
  const row = await ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } });
  const shop = { id: row.id, domain: row.domain };
  await rebuildCatalog({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, adminFor: (domain) => ctx.adminFor(domain) }, shop);
  const worker = createWorker({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, handlers: jobHandlers(ctx) });

  const settle = async () => {
    for (let round = 0; round < 100; round++) {
      await h.emulator.webhooks.settled();
      const ran = await worker.runDue();
      const due = await ctx.db.prisma.job.count({ where: { status: 'queued', runAt: { lte: clock.now() } } });
      if (ran === 0 && due === 0) return;
    }
    throw new Error('jobs kept running');
  };

  return {
    h,
    clock,
    smtp,
    shop,
    worker,
    async createFunnel(definition) {
      return (await ctx.funnels.funnels.create(shop.id, definition)).record;
    },
    placeOrder(input) {
      return `gid://shopify/Order/${h.emulator.store.createOrder(input).id}`;
    },
    settle,
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    async close() {
      await worker.stop();
      await ctx.catalog.whenIdle();
      await h.close();
      await smtp.close();
    },
  };
}
