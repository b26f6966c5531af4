// What the email flow works with, and the reads both of its jobs share: the shop, the order from the Admin API, what
// the post-purchase page did for the order.
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { ActiveFunnels } from '../funnels/index.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Ledger } from '../ledger/index.js';
import type { Logger } from '../logger.js';
import { type Catalog, type Decision, LOCALES, type Locale, type TraceEntry } from '../offers/index.js';
import type { SettingsStore } from '../settings/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { type EmailOrderNode, EmailOrderQuery } from '../shopify/graphql/EmailOrderQuery.js';
import { shopifyJobError } from '../shopify/job-errors.js';
import { installedShop, type ShopKey, shopProfile } from '../shops/index.js';
import type { EmailSettingsStore } from './settings.js';
import type { TemplateStore } from './templates.js';
import type { EmailTransport } from './transport.js';

export interface EmailFlowDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  jobs: Pick<JobQueue, 'enqueue'>;
  ledger: Pick<Ledger, 'recordDecision' | 'recordEvent' | 'eventsForOrder' | 'factsFor'>;
  /** The engine's shop settings (locales, frequency cap, holdout). */
  settings: Pick<SettingsStore, 'get'>;
  emailSettings: EmailSettingsStore;
  templates: TemplateStore;
  catalogFor(shopId: string): Promise<Catalog | null>;
  activeFunnels: Pick<ActiveFunnels, 'get'>;
  adminFor(shop: string): Promise<AdminClient>;
  /** null when SMTP_URL is not set: no email offer is scheduled. */
  transport: EmailTransport | null;
  config: { appUrl: string; apiSecret: string; emailFrom: string | null };
}

export const DECIDE_JOB = 'email.decide';
export const SEND_JOB = 'email.send';
export const SURFACE = 'email';
/** Order lines read for targeting; an order with more is decided on its first 100 lines. */
export const ORDER_LINES_READ = 100;

export interface EmailShop {
  id: string;
  domain: string;
  name: string;
  currencyCode: string;
  primaryLocale: string;
}

/** The shop when the app is installed there, with what the email shows of it (shops/ answers both). */
export async function installedEmailShop(db: Db, key: ShopKey): Promise<EmailShop | null> {
  const shop = await installedShop(db, key);
  const profile = shop ? await shopProfile(db, shop.id) : null;
  if (!shop || !profile) return null;
  return {
    id: shop.id,
    domain: shop.domain,
    name: profile.name ?? shop.domain,
    currencyCode: shop.currencyCode,
    primaryLocale: profile.primaryLocale,
  };
}

/** The order as the Admin API has it now; null when Shopify does not know it (deleted, or older than the app may read). */
export async function fetchOrder(admin: AdminClient, orderId: string): Promise<EmailOrderNode | null> {
  try {
    const data = await admin.request(EmailOrderQuery, { id: orderId, linesFirst: ORDER_LINES_READ });
    return data.order;
  } catch (error) {
    throw shopifyJobError(error);
  }
}

export async function adminOrRetry(deps: Pick<EmailFlowDeps, 'adminFor'>, shop: string): Promise<AdminClient> {
  try {
    return await deps.adminFor(shop);
  } catch (error) {
    throw shopifyJobError(error);
  }
}

/**
 * Keys the ledger may hold this purchase under: the order GID (email, checkout), its numeric id, and the checkout
 * token from the webhook. The post-purchase page records under its `referenceId`, which Shopify does not document in
 * terms of the order; Encore looks under each of these (README: known gaps).
 */
export function purchaseKeys(orderId: string, checkoutToken: string | null): string[] {
  const legacy = /\/(\d+)$/.exec(orderId)?.[1];
  return [orderId, ...(legacy ? [legacy] : []), ...(checkoutToken ? [checkoutToken] : [])];
}

/** What the shopper answered on the post-purchase page of this purchase: accepted wins over declined. */
export async function postPurchaseAnswer(
  deps: Pick<EmailFlowDeps, 'ledger'>,
  shopId: string,
  keys: readonly string[],
): Promise<'accepted' | 'declined' | null> {
  const events = await deps.ledger.eventsForOrder(shopId, keys);
  const answered = events.filter((event) => event.surface === 'post_purchase');
  if (answered.some((event) => event.kind === 'accepted')) return 'accepted';
  if (answered.some((event) => event.kind === 'declined')) return 'declined';
  return null;
}

/** What the engine needs of the shop for the email surface; null while its catalog or funnels are not loaded. */
export async function engineInputs(deps: Pick<EmailFlowDeps, 'catalogFor' | 'activeFunnels' | 'settings'>, shopId: string) {
  const [catalog, funnels, settings] = await Promise.all([
    deps.catalogFor(shopId),
    deps.activeFunnels.get(shopId, SURFACE),
    deps.settings.get(shopId),
  ]);
  return catalog && funnels ? { catalog, funnels, settings } : null;
}

export function localeOf(value: string | null | undefined, fallback: string): Locale {
  const language = (value ?? fallback).toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : 'en';
}

/** The decision stored for an order that gets no email because of the order itself (the engine was not asked). */
export function noOfferDecision(orderKey: string, now: Date, locale: Locale, shopCurrency: string, trace: TraceEntry[]): Decision {
  return {
    version: 1,
    surface: 'email',
    orderKey,
    decidedAt: now.toISOString(),
    outcome: 'no_offer',
    funnelId: null,
    arm: null,
    experiment: null,
    assignments: [],
    holdout: false,
    counterfactualFunnelId: null,
    locale,
    currency: { shop: shopCurrency, presentment: shopCurrency },
    step: null,
    steps: {},
    path: [],
    trace,
  };
}
