// Webhook deliveries as Shopify makes them (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries): a POST of the raw JSON
// body with X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body, keyed with the app secret), X-Shopify-Topic,
// -Shop-Domain, -API-Version, -Webhook-Id, -Event-Id and -Triggered-At. Anything but a 2xx within the timeout
// (5 s by default) is retried with the same body, webhook id and event id after the configured delays. Topics go
// to `${appUrl}/api/webhooks` when they are among the app's configured topics (shopify.app.toml), and to every
// subscription created with webhookSubscriptionCreate.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../web/server/clock.js';
import { ADMIN_API_VERSION } from '../../web/server/shopify/api-version.js';
import { productPayload } from './resolvers/products.js';
import { orderPayload } from './store/orders.js';
import type { ShopStore } from './store/shop-store.js';
import { billingAttemptPayload, contractPayload } from './store/subscriptions.js';

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  triggeredAt: string;
  /** True when the signature was deliberately wrong (webhooks.tamperNext). */
  tampered: boolean;
  state: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
}

export interface WebhookOptions {
  apiSecret: string;
  appUrl: string | null;
  /** Topics the app subscribed to in its TOML; `null` = all topics. */
  topics: readonly string[] | null;
  timeoutMs: number;
  retryDelaysMs: readonly number[];
  clock: Clock;
  /** Finds a shop by its myshopify domain (for send(topic, 'shop.myshopify.com')). */
  shopOf: (domain: string) => ShopStore | undefined;
}

/** Shopify retries 8 times over 4 hours with exponential backoff; tests pass short delays instead. */
export const SHOPIFY_RETRY_DELAYS_MS = [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_840_000, 6_840_000];

export const COMPLIANCE_TOPICS = ['customers/data_request', 'customers/redact', 'shop/redact'];

/** The topics declared in the repository's shopify.app.toml (webhooks.subscriptions topics + compliance_topics). */
export function appTomlTopics(): string[] | null {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shopify.app.toml');
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  const topics = new Set<string>();
  for (const match of text.matchAll(/^\s*(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/gm)) {
    for (const topic of match[1]!.matchAll(/"([^"]+)"/g)) topics.add(topic[1]!);
  }
  return topics.size > 0 ? [...topics] : null;
}

export function hmacOf(body: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export class Webhooks {
  private readonly log: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private tamperCount = 0;
  private closed = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: WebhookOptions) {}

  /** Every delivery made so far (optionally filtered), oldest first. */
  deliveries(filter: { topic?: string; shop?: string; state?: WebhookDelivery['state'] } = {}): WebhookDelivery[] {
    return this.log.filter(
      (d) =>
        (!filter.topic || d.topic === filter.topic) &&
        (!filter.shop || d.shop === filter.shop) &&
        (!filter.state || d.state === filter.state),
    );
  }

  /** The next `count` deliveries are signed with a wrong secret, so the app must refuse them. */
  tamperNext(count = 1): void {
    this.tamperCount += count;
  }

  /** Alias of tamperNext(1). */
  tamper(): void {
    this.tamperNext(1);
  }

  /** Resolves when no delivery is waiting for an answer or a retry. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Waits until a delivery of `topic` matching `predicate` has reached a final state. */
  async waitFor(
    topic: string,
    predicate: (payload: Record<string, unknown>, delivery: WebhookDelivery) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<WebhookDelivery> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.log.find(
        (d) => d.topic === topic && d.state !== 'pending' && predicate(JSON.parse(d.body) as Record<string, unknown>, d),
      );
      if (found) return found;
      if (Date.now() > until) {
        const have = this.log.map((d) => `${d.topic}:${d.state}`).join(', ') || 'none';
        throw new Error(`emulator: no ${topic} webhook delivered within ${timeoutMs} ms (have: ${have})`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Called for every store event: fans out to the app's TOML endpoint and to API-created subscriptions. */
  emit(store: ShopStore, topic: string, payload: Record<string, unknown>): WebhookDelivery[] {
    if (this.closed) return [];
    const urls: string[] = [];
    const toml = this.options.topics;
    if (this.options.appUrl && (toml === null || toml.includes(topic))) urls.push(`${this.options.appUrl.replace(/\/$/, '')}/api/webhooks`);
    for (const subscription of store.webhookSubscriptions.values()) {
      if (subscription.topic === topic && !urls.includes(subscription.uri)) urls.push(subscription.uri);
    }
    const eventId = crypto.randomUUID();
    return urls.map((url) => this.deliver(store, topic, payload, url, eventId));
  }

  /** Triggers a webhook by hand (payload defaults to a realistic one for the topic) and waits for its first answer. */
  async send(
    topic: string,
    shopOrDomain: ShopStore | string,
    payload?: Record<string, unknown>,
    options: { url?: string; tamper?: boolean } = {},
  ): Promise<WebhookDelivery> {
    const shop = typeof shopOrDomain === 'string' ? this.options.shopOf(shopOrDomain) : shopOrDomain;
    if (!shop) throw new Error(`emulator: no shop ${String(shopOrDomain)}`);
    const url = options.url ?? (this.options.appUrl ? `${this.options.appUrl.replace(/\/$/, '')}/api/webhooks` : null);
    if (!url) throw new Error('emulator: webhooks.send needs an appUrl (or options.url)');
    if (options.tamper) this.tamperNext(1);
    const delivery = this.deliver(shop, topic, payload ?? samplePayload(shop, topic), url, crypto.randomUUID());
    await this.firstAnswer(delivery);
    return delivery;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private async firstAnswer(delivery: WebhookDelivery): Promise<void> {
    while (delivery.attempts.length === 0 && !this.closed) {
      await Promise.allSettled([...this.inFlight]);
      if (delivery.attempts.length === 0) await new Promise((r) => setTimeout(r, 5));
    }
  }

  private deliver(store: ShopStore, topic: string, payload: Record<string, unknown>, url: string, eventId: string): WebhookDelivery {
    const body = JSON.stringify(payload);
    const tampered = this.tamperCount > 0;
    if (tampered) this.tamperCount -= 1;
    const triggeredAt = this.options.clock.now().toISOString();
    const webhookId = crypto.randomUUID();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Shopify-Captain-Hook',
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': hmacOf(body, tampered ? `${this.options.apiSecret}-tampered` : this.options.apiSecret),
      'X-Shopify-Shop-Domain': store.domain,
      'X-Shopify-API-Version': ADMIN_API_VERSION,
      'X-Shopify-Webhook-Id': webhookId,
      'X-Shopify-Event-Id': eventId,
      'X-Shopify-Triggered-At': triggeredAt,
    };
    const delivery: WebhookDelivery = {
      webhookId,
      eventId,
      topic,
      shop: store.domain,
      url,
      body,
      headers,
      triggeredAt,
      tampered,
      state: 'pending',
      attempts: [],
    };
    this.log.push(delivery);
    this.attempt(delivery);
    return delivery;
  }

  private attempt(delivery: WebhookDelivery): void {
    const run = this.post(delivery).finally(() => {
      this.inFlight.delete(run);
      this.wake();
    });
    this.inFlight.add(run);
  }

  private async post(delivery: WebhookDelivery): Promise<void> {
    const started = Date.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        signal: controller.signal,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      error = controller.signal.aborted
        ? `timed out after ${this.options.timeoutMs} ms`
        : caught instanceof Error
          ? caught.message
          : String(caught);
    } finally {
      clearTimeout(timer);
    }
    delivery.attempts.push({ at: new Date(started).toISOString(), status, error, durationMs: Date.now() - started });
    if (status !== null && status >= 200 && status < 300) {
      delivery.state = 'delivered';
      return;
    }
    const retryIndex = delivery.attempts.length - 1;
    const delay = this.options.retryDelaysMs[retryIndex];
    if (delay === undefined || this.closed) {
      delivery.state = 'failed';
      return;
    }
    const retry = setTimeout(() => {
      this.timers.delete(retry);
      if (!this.closed) this.attempt(delivery);
      this.wake();
    }, delay);
    retry.unref?.();
    this.timers.add(retry);
  }
}

/** A realistic payload for a topic, built from the shop's data, for webhooks.send without an explicit payload. */
export function samplePayload(store: ShopStore, topic: string): Record<string, unknown> {
  const latestOrder = [...store.orders.values()].sort((a, b) => b.id - a.id)[0];
  const firstProduct = [...store.products.values()].sort((a, b) => a.id - b.id)[0];
  const firstContract = [...store.contracts.values()][0];
  const customer = latestOrder?.customerId ? store.customers.get(latestOrder.customerId) : [...store.customers.values()][0];
  const shopPart = { shop_id: store.shop.id, shop_domain: store.domain };
  if (topic.startsWith('orders/') && latestOrder) return orderPayload(store, latestOrder);
  if (topic.startsWith('products/') && firstProduct) return productPayload(store, firstProduct);
  if (topic.startsWith('subscription_contracts/') && firstContract) return contractPayload(store, firstContract);
  if (topic.startsWith('subscription_billing_attempts/') && firstContract) {
    return billingAttemptPayload({
      id: store.newId(),
      contractId: firstContract.id,
      idempotencyKey: crypto.randomUUID(),
      originTime: null,
      billingCycleIndex: null,
      cycleDate: null,
      createdAt: store.nowIso(),
      completedAt: store.nowIso(),
      state: topic.endsWith('success') ? 'success' : topic.endsWith('failure') ? 'failed' : 'action_required',
      outcome: null,
      orderId: topic.endsWith('success') ? (latestOrder?.id ?? null) : null,
      errorCode: topic.endsWith('failure') ? 'INSUFFICIENT_FUNDS' : null,
      errorMessage: topic.endsWith('failure') ? 'Your card has insufficient funds.' : null,
      nextActionUrl: null,
      respectInventoryPolicy: true,
    });
  }
  switch (topic) {
    case 'app/uninstalled':
      return {
        id: store.shop.id,
        name: store.shop.name,
        email: store.shop.email,
        domain: store.shop.primaryDomainHost,
        myshopify_domain: store.domain,
        currency: store.shop.currencyCode,
      };
    case 'customers/data_request':
      return {
        ...shopPart,
        orders_requested: latestOrder ? [latestOrder.id] : [],
        customer: { id: customer?.id ?? null, email: customer?.email ?? null, phone: customer?.phone ?? null },
        data_request: { id: store.newId() },
      };
    case 'customers/redact':
      return {
        ...shopPart,
        customer: { id: customer?.id ?? null, email: customer?.email ?? null, phone: customer?.phone ?? null },
        orders_to_redact: latestOrder ? [latestOrder.id] : [],
      };
    case 'shop/redact':
      return shopPart;
    default:
      return { ...shopPart, id: store.newId() };
  }
}
