// A whole backend for the email-offer order edit: the harness (a real database, the Admin API emulator with the
// demo store, the HTTP server), one ManualClock shared by the app, its jobs and the emulator, the demo shop installed
// by token exchange, and helpers that play each side: the email module (an EmailOffer row and its signed link, as
// part 1 of issue 11 creates them), the shopper (open the page, accept with the form's nonce), Shopify (webhooks
// delivered through the real intake, payments), and the worker (run due jobs).
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { ManualClock } from '../../web/server/clock.js';
import { offerPageUrl, signOfferLink } from '../../web/server/email/index.js';
import { createWorker, type Worker } from '../../web/server/jobs/worker.js';
import { formatMoney } from '../../web/server/offers/index.js';
import { jobHandlers } from '../../web/server/start.js';
import { emulatorFetch } from '../emulator/redirect-fetch.js';
import { SEED_NOW } from '../emulator/seed/demo-store.js';
import { gid } from '../emulator/store/ids.js';
import type { OrderRecord } from '../emulator/store/records.js';
import { type Harness, startHarness, TEST_API_SECRET } from './harness.js';

export interface OfferOptions {
  /** Emulator variant ids the offer lets the shopper choose from (one product). */
  variantIds: number[];
  discount?: { kind: 'percentage'; hundredths: number } | { kind: 'fixed'; perUnitMinor: number } | null;
  quantity?: { min: number; max: number; default: number };
  locale?: 'en' | 'fr' | 'es' | 'de' | 'sv';
  /** From now; default one hour (the default window). */
  expiresInMs?: number;
  status?: string;
  /** Store this JSON as the snapshot instead (to show a malformed one is handled). */
  rawOffer?: unknown;
  /**
   * The snapshot's shape: the email module's (version 1, what `email/` writes; default) or the engine's
   * PresentedStep (what the offer page also reads).
   */
  shape?: 'email-module' | 'presented-step';
  /** Makes the offer a subscription on this emulator selling plan (accepting it creates a contract). */
  sellingPlanId?: number;
  /** With `sellingPlanId`: a plans step, the one-time option first (option "one_time"), then the plan ("plan:<gid>"). */
  withOneTime?: boolean;
}

export interface CreatedOffer {
  id: string;
  orderGid: string;
  token: string;
  url: string;
  path: string;
  expiresAt: Date;
}

export interface OrderEditBackend {
  h: Harness;
  clock: ManualClock;
  shop: { id: string; domain: string };
  /** An order placed in the emulator (paid), its webhooks delivered and processed. */
  placeOrder(lines?: { variantId: number; quantity: number }[], extra?: { duties?: string; createdByApp?: string }): Promise<OrderRecord>;
  createOffer(order: OrderRecord, options: OfferOptions): Promise<CreatedOffer>;
  /** Runs the due jobs (repeatedly, until none is due). */
  runJobs(): Promise<number>;
  /** Waits for the emulator's webhooks to reach the app, then runs the jobs they queued. */
  deliverWebhooks(): Promise<void>;
  close(): Promise<void>;
}

function snapshotOf(h: Harness, options: OfferOptions): unknown {
  const store = h.emulator.store;
  const first = store.variants.get(options.variantIds[0]!)!;
  const product = store.products.get(first.productId)!;
  const discount = options.discount === undefined ? ({ kind: 'percentage', hundredths: 1000 } as const) : options.discount;
  const locale = options.locale ?? 'en';
  const variants = options.variantIds.map((id) => {
    const v = store.variants.get(id)!;
    const unit =
      discount === null
        ? v.price
        : discount.kind === 'percentage'
          ? v.price - Math.round((v.price * discount.hundredths) / 10_000)
          : v.price - discount.perUnitMinor;
    const quote = { currency: 'USD', unitPriceMinor: v.price, originalUnitPriceMinor: v.price, compareAtUnitPriceMinor: v.compareAtPrice };
    return {
      id: gid('ProductVariant', v.id),
      title: v.title,
      imageUrl: product.images[0]?.url ?? null,
      available: v.inventoryPolicy === 'CONTINUE' ? null : v.inventoryQuantity,
      price: { presentment: quote, shop: quote },
      display: { unitPrice: formatMoney(unit, 'USD', locale), total: formatMoney(unit, 'USD', locale), compareAtTotal: null },
    };
  });
  const plan = options.sellingPlanId ? store.sellingPlans.get(options.sellingPlanId) : undefined;
  const sellingPlan = plan
    ? {
        id: gid('SellingPlan', plan.id),
        name: plan.name,
        billing: { interval: plan.billingPolicy.interval, intervalCount: plan.billingPolicy.intervalCount },
        delivery: { interval: plan.deliveryPolicy.interval, intervalCount: plan.deliveryPolicy.intervalCount },
      }
    : null;
  if ((options.shape ?? 'email-module') === 'email-module') {
    return {
      version: 1,
      funnelId: 'funnel-email-1',
      stepId: 'step-1',
      offerId: `offer:${product.id}`,
      kind: 'product',
      arm: null,
      locale,
      currency: { shop: 'USD', presentment: 'USD' },
      texts: {
        headline: `Add ${product.title} to your order`,
        body: 'Ships in the same parcel, at a member price.',
        button: 'Add to my order',
      },
      products: [
        ...(sellingPlan && options.withOneTime
          ? [
              {
                optionId: 'one_time',
                productId: gid('Product', product.id),
                title: product.title,
                handle: product.handle,
                imageUrl: product.images[0]?.url ?? null,
                label: 'One-time purchase',
                quantity: options.quantity ?? { min: 1, max: 3, default: 1 },
                discount: null,
                resolvedDiscount: { shop: discount, presentment: discount },
                discountLabel: discount ? 'Member price' : null,
                variants: variants.map((v) => ({
                  ...v,
                  price: {
                    presentment: { ...modulePrice(v.price.presentment), quantity: 1 },
                    shop: { ...modulePrice(v.price.shop), quantity: 1 },
                  },
                })),
              },
            ]
          : []),
        {
          optionId: sellingPlan && options.withOneTime ? `plan:${sellingPlan.id}` : `product:${gid('Product', product.id)}`,
          productId: gid('Product', product.id),
          title: product.title,
          handle: product.handle,
          imageUrl: product.images[0]?.url ?? null,
          label: product.title,
          quantity: options.quantity ?? { min: 1, max: 3, default: 1 },
          discount: null,
          resolvedDiscount: { shop: discount, presentment: discount },
          discountLabel: discount ? 'Member price' : null,
          ...(sellingPlan ? { sellingPlan } : {}),
          variants: variants.map((v) => ({
            ...v,
            price: {
              presentment: { ...modulePrice(v.price.presentment), quantity: 1 },
              shop: { ...modulePrice(v.price.shop), quantity: 1 },
            },
          })),
        },
      ],
      whenOutOfStock: 'send_remaining',
      decidedAt: new Date(0).toISOString(),
    };
  }
  return {
    funnelId: 'funnel-email-1',
    stepId: 'step-1',
    offerId: `offer:${product.id}`,
    locale,
    content: {
      headline: `Add ${product.title} to your order`,
      body: 'Ships in the same parcel, at a member price.',
      button: 'Add to my order',
    },
    options: [
      {
        id: `product:${gid('Product', product.id)}`,
        productId: gid('Product', product.id),
        productTitle: product.title,
        imageUrl: product.images[0]?.url ?? null,
        label: product.title,
        sellingPlan,
        quantity: options.quantity ?? { min: 1, max: 3, default: 1 },
        resolvedDiscount: { shop: discount, presentment: discount },
        discountLabel: discount ? 'Member price' : null,
        variants,
      },
    ],
  };
}

/** A price line as the email module stores it (unit price before the discount, the line's totals). */
function modulePrice(quote: { currency: string; unitPriceMinor: number; compareAtUnitPriceMinor: number | null }) {
  return {
    currency: quote.currency,
    unitPriceMinor: quote.unitPriceMinor,
    compareAtUnitPriceMinor: quote.compareAtUnitPriceMinor,
    subtotalMinor: quote.unitPriceMinor,
    discountMinor: 0,
    totalMinor: quote.unitPriceMinor,
  };
}

export async function startOrderEditBackend(database: 'sqlite' | 'postgresql' = 'sqlite'): Promise<OrderEditBackend> {
  const clock = new ManualClock(SEED_NOW);
  const h = await startHarness({ database, runWorker: false, clock, emulatorOptions: { clock, webhookRetryDelaysMs: [] } });
  const ctx = h.server.ctx;
  const installed = await h.adminFetch('/api/admin/shop');
  if (installed.status !== 200) throw new Error(`installing the demo shop failed: ${installed.status} ${await installed.text()}`);
  const row = await ctx.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } });
  const shop = { id: row.id, domain: row.domain };
  const worker: Worker = createWorker({ db: ctx.db, clock, logger: ctx.logger, handlers: jobHandlers(ctx) });

  const runJobs = async () => {
    let total = 0;
    for (let round = 0; round < 20; round++) {
      const ran = await worker.runDue();
      total += ran;
      if (ran === 0) break;
    }
    return total;
  };
  const deliverWebhooks = async () => {
    await h.emulator.webhooks.settled();
    await runJobs();
  };

  return {
    h,
    clock,
    shop,
    runJobs,
    deliverWebhooks,
    async placeOrder(lines = [{ variantId: 1, quantity: 1 }], extra = {}) {
      const order = h.emulator.store.createOrder({ customerId: null, email: 'shopper@example.net', lines, ...extra });
      await deliverWebhooks();
      return order;
    },
    async createOffer(order, options) {
      const expiresAt = new Date(clock.now().getTime() + (options.expiresInMs ?? 60 * 60_000));
      const row = await ctx.db.prisma.emailOffer.create({
        data: {
          shopId: shop.id,
          orderId: gid('Order', order.id),
          customerId: order.customerId ? gid('Customer', order.customerId) : null,
          email: order.email ?? 'shopper@example.net',
          locale: options.locale ?? 'en',
          status: options.status ?? 'sent',
          funnelId: 'funnel-email-1',
          stepId: 'step-1',
          offer: (options.rawOffer ?? snapshotOf(h, options)) as never,
          scheduledFor: clock.now(),
          sentAt: clock.now(),
          expiresAt,
        },
      });
      const token = signOfferLink({ shop: shop.domain, emailOfferId: row.id, expiresAt }, TEST_API_SECRET);
      const url = offerPageUrl(h.server.url, token);
      return { id: row.id, orderGid: gid('Order', order.id), token, url, path: new URL(url).pathname, expiresAt };
    },
    async close() {
      await worker.stop();
      await h.close();
    },
  };
}

export interface PageResponse {
  status: number;
  html: string;
  location: string | null;
  headers: Headers;
}

async function asPage(response: Response): Promise<PageResponse> {
  return { status: response.status, html: await response.text(), location: response.headers.get('location'), headers: response.headers };
}

/** The shopper opens the link (GET). */
export async function openOffer(url: string, headers: Record<string, string> = {}): Promise<PageResponse> {
  return asPage(await fetch(url, { headers, redirect: 'manual' }));
}

/** The nonce of the accept form on a rendered offer page. */
export function formNonce(html: string): string {
  const match = /name="nonce" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no accept form');
  return match[1]!;
}

/** The shopper submits the accept form (as a browser would: urlencoded, same origin). */
export async function submitAccept(
  url: string,
  fields: { nonce: string; variant: string; quantity: number | string },
  headers: Record<string, string> = {},
): Promise<PageResponse> {
  const body = new URLSearchParams({ nonce: fields.nonce, variant: fields.variant, quantity: String(fields.quantity) });
  return asPage(
    await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(url).origin, ...headers },
      body,
    }),
  );
}

/** Opens the page and accepts the first choice (or `variant`) with `quantity`. */
export async function openAndAccept(offer: CreatedOffer, variant: number, quantity = 1): Promise<PageResponse> {
  const page = await openOffer(offer.url);
  if (page.status !== 200) throw new Error(`the offer page answered ${page.status}`);
  return submitAccept(offer.url, { nonce: formNonce(page.html), variant: gid('ProductVariant', variant), quantity });
}

export interface CostEntry {
  operation: string;
  requestedQueryCost: number;
  actualQueryCost: number | null;
}

/**
 * Records `extensions.cost` of every Admin API call the backend makes (through the same redirect to the emulator),
 * until `stop()` puts the plain redirect back.
 */
export function recordAdminCosts(emulatorUrl: string): { entries: CostEntry[]; stop(): void } {
  const entries: CostEntry[] = [];
  const plain = emulatorFetch(emulatorUrl);
  setAbstractFetchFunc(async (input, init) => {
    const response = await plain(input, init);
    const body = typeof init?.body === 'string' ? init.body : '';
    const operation =
      /\b(?:query|mutation)\s+([A-Za-z_]\w*)/.exec((JSON.parse(body || '{}') as { query?: string }).query ?? '')?.[1] ?? '?';
    try {
      const json = (await response.clone().json()) as { extensions?: { cost?: Omit<CostEntry, 'operation'> } };
      if (json.extensions?.cost) entries.push({ operation, ...json.extensions.cost });
    } catch {
      // not JSON (a fault's HTML body): nothing was charged
    }
    return response;
  });
  return { entries, stop: () => setAbstractFetchFunc(plain) };
}
