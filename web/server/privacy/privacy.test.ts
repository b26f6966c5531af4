// The compliance webhooks and the retention job, through the real intake, job queue and worker, on both databases:
// what Encore keeps about a customer can be read (data_request) and erased (customers/redact, shop/redact), and
// webhook bodies do not outlive their use.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_VARIANTS } from '../../../test/emulator/seed/demo-store.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { ManualClock } from '../clock.js';
import { createWorker, type Worker } from '../jobs/index.js';
import { jobHandlers } from '../start.js';
import { WEBHOOK_JOB } from '../webhooks/index.js';
import { ERASED_PAYLOAD, PRUNE_JOB } from './retention.js';

const DAY_MS = 24 * 3_600_000;

describe.each(['sqlite', 'postgresql'] as const)('privacy on %s', (database) => {
  let h: Harness;
  let clock: ManualClock;
  let worker: Worker;

  beforeEach(async () => {
    clock = new ManualClock(new Date());
    h = await startHarness({ database, runWorker: false, clock });
    const installed = await h.adminFetch('/api/admin/shop');
    expect(installed.status).toBe(200);
    worker = createWorker({ db: h.server.ctx.db, clock, logger: h.server.ctx.logger, handlers: jobHandlers(h.server.ctx) });
  });
  afterEach(async () => {
    await worker.stop();
    await h.close();
  });

  const prisma = () => h.server.ctx.db.prisma;

  async function runJobs(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      await worker.runDue();
      const due = await prisma().job.count({ where: { status: { in: ['queued', 'running'] }, runAt: { lte: clock.now() } } });
      if (due === 0) return;
    }
  }

  /** Places an order in the emulator and processes its orders/create webhook. */
  async function order(customerId: number): Promise<number> {
    const placed = h.emulator.store.createOrder({ customerId, lines: [{ variantId: DEMO_VARIANTS.handGrinder, quantity: 1 }] });
    await h.emulator.webhooks.waitFor('orders/create', (payload) => payload.id === placed.id);
    await runJobs();
    return placed.id;
  }

  async function compliance(topic: string, body: Record<string, unknown>): Promise<void> {
    const delivery = await h.emulator.webhooks.send(topic, h.shop, { shop_domain: h.shop, ...body });
    expect(delivery.attempts[0]?.status).toBe(200);
    await runJobs();
  }

  const orderJobs = async () =>
    (await prisma().job.findMany({ where: { name: WEBHOOK_JOB, shopDomain: h.shop } })).filter(
      (job) => (job.payload as { topic?: string }).topic === 'orders/create' || 'bodyErased' in (job.payload as object),
    );

  const bodyOf = (payload: unknown): Record<string, unknown> | null => {
    const raw = (payload as { rawBody?: string }).rawBody;
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
  };

  it('when a customer asks for their data, then the merchant reads the report in the job the request ran as', async () => {
    const customer = DEMO_CUSTOMERS.frenchReturning;
    await order(customer);
    await compliance('customers/data_request', {
      customer: { id: customer, email: 'someone@example.com' },
      orders_requested: [],
      data_request: { id: 9001 },
    });

    const response = await h.adminFetch(`/api/admin/jobs?name=${WEBHOOK_JOB}&status=succeeded`);
    const { jobs } = (await response.json()) as { jobs: Array<{ payload: { topic?: string }; result: unknown }> };
    const request = jobs.find((job) => job.payload.topic === 'customers/data_request');
    expect(request?.result).toMatchObject({
      handled: true,
      result: {
        dataRequestId: 9001,
        report: { customerId: `gid://shopify/Customer/${customer}`, profile: { ordersCount: expect.any(Number) } },
      },
    });
  });

  it('when a customer is redacted, then their profile and the stored bodies of their orders go, and no one else’s', async () => {
    const redacted = DEMO_CUSTOMERS.newFirstOrder;
    const kept = DEMO_CUSTOMERS.wholesale;
    const redactedOrder = await order(redacted);
    const keptOrder = await order(kept);

    await compliance('customers/redact', { customer: { id: redacted, email: 'x@example.com' }, orders_to_redact: [redactedOrder] });

    const jobs = await orderJobs();
    const bodies = jobs.map((job) => bodyOf(job.payload));
    expect(bodies.some((body) => body?.id === redactedOrder)).toBe(false);
    expect(bodies.some((body) => body?.id === keptOrder)).toBe(true);
    // Every delivery about the redacted order is erased: orders/create, and orders/paid since email offers subscribe to it.
    const aboutRedacted = h.emulator.webhooks.deliveries().filter((d) => (JSON.parse(d.body) as { id?: unknown }).id === redactedOrder);
    expect(aboutRedacted.map((d) => d.topic).sort()).toEqual(['orders/create', 'orders/paid']);
    expect(jobs.filter((job) => JSON.stringify(job.payload) === JSON.stringify(ERASED_PAYLOAD))).toHaveLength(aboutRedacted.length);
    const profiles = await prisma().customerProfile.findMany({ select: { customerId: true } });
    expect(profiles.map((p) => p.customerId)).not.toContain(`gid://shopify/Customer/${redacted}`);
    expect(profiles.map((p) => p.customerId)).toContain(`gid://shopify/Customer/${kept}`);
  });

  it('when a shop is redacted, then none of its jobs are left but the one that erased them', async () => {
    await order(DEMO_CUSTOMERS.wholesale);
    await compliance('shop/redact', { shop_id: 1 });

    const left = await prisma().job.findMany({ where: { shopDomain: h.shop } });
    expect(left).toHaveLength(1);
    expect((left[0]!.payload as { topic: string }).topic).toBe('shop/redact');
    expect(await prisma().shop.count({ where: { domain: h.shop } })).toBe(0);
  });

  it('when days pass, then succeeded bodies are erased after a day and old jobs and deliveries deleted after 30, once a day', async () => {
    const placed = await order(DEMO_CUSTOMERS.wholesale);
    const [orderJob] = await orderJobs();
    expect(bodyOf(orderJob!.payload)?.id).toBe(placed);
    const deliveredBefore = await prisma().webhookDelivery.findMany({ select: { id: true } });
    // (Moving the clock also bills the demo store's due subscriptions, whose renewal orders bring new webhooks.)
    const job = () => prisma().job.findUnique({ where: { id: orderJob!.id } });

    clock.set(new Date(clock.now().getTime() + 2 * DAY_MS));
    await runJobs();
    expect((await job())?.payload).toEqual(ERASED_PAYLOAD);
    expect(deliveredBefore.length).toBeGreaterThan(0);
    const pruning = await prisma().job.findMany({ where: { name: PRUNE_JOB }, orderBy: { runAt: 'asc' } });
    expect(pruning.map((prune) => prune.status)).toEqual(['succeeded', 'queued']);
    expect(pruning[1]!.runAt.getTime()).toBeGreaterThan(clock.now().getTime());

    clock.set(new Date(clock.now().getTime() + 31 * DAY_MS));
    await runJobs();
    expect(await job()).toBeNull();
    expect(await prisma().webhookDelivery.count({ where: { id: { in: deliveredBefore.map((d) => d.id) } } })).toBe(0);
    expect(await prisma().job.count({ where: { name: PRUNE_JOB, status: 'queued' } })).toBe(1);
  });
});
