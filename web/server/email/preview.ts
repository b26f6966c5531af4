// Template previews: on the demo order (a fixed sample offer, nothing read from Shopify), or on a real recent order of
// the shop (its customer, number and language, and the offer the engine would make for it now, without storing it).
import { type Decision, decide, formatMoney, type Locale } from '../offers/index.js';
import { readCustomerProfile } from '../post-purchase/index.js';
import { EmailLatestOrderQuery } from '../shopify/graphql/EmailLatestOrderQuery.js';
import type { EmailOrderNode } from '../shopify/graphql/EmailOrderQuery.js';
import { adminOrRetry, type EmailFlowDeps, type EmailShop, engineInputs, fetchOrder, localeOf, SURFACE } from './deps.js';
import { OFFER_SNAPSHOT_VERSION, type OfferSnapshot } from './offer-snapshot.js';
import { customerSnapshotOf, orderSnapshotOf, snapshotOf } from './order-facts.js';
import type { EmailRenderInput } from './render.js';
import { renderInputFor } from './send.js';
import type { EmailSettings } from './settings.js';

const SAMPLE_TEXTS: Record<Locale, { headline: string; body: string; button: string; label: string }> = {
  en: {
    headline: 'Complete your order',
    body: 'Add a Stoneware Mug to the order you just placed, 10% off.',
    button: 'Add to my order',
    label: '10% off',
  },
  fr: {
    headline: 'Complétez votre commande',
    body: 'Ajoutez un mug en grès à votre commande, -10 %.',
    button: 'Ajouter à ma commande',
    label: '-10 %',
  },
  es: {
    headline: 'Completa tu pedido',
    body: 'Añade una taza de gres a tu pedido, con un 10 % de descuento.',
    button: 'Añadir a mi pedido',
    label: '10 % de descuento',
  },
  de: {
    headline: 'Ergänzen Sie Ihre Bestellung',
    body: 'Fügen Sie einen Steinzeugbecher hinzu, 10 % günstiger.',
    button: 'Zur Bestellung hinzufügen',
    label: '10 % Rabatt',
  },
  sv: {
    headline: 'Komplettera din beställning',
    body: 'Lägg till en stengodsmugg i din beställning, 10 % rabatt.',
    button: 'Lägg till',
    label: '10 % rabatt',
  },
};

const SAMPLE_PRICE = {
  unitPriceMinor: 1800,
  compareAtUnitPriceMinor: null,
  quantity: 1,
  subtotalMinor: 1800,
  discountMinor: 180,
  totalMinor: 1620,
};

/** The demo order's offer: one mug, 10 % off, in the given locale and the shop's currency. */
export function sampleSnapshot(locale: Locale, currency: string): OfferSnapshot {
  const texts = SAMPLE_TEXTS[locale];
  const format = (minor: number) => formatMoney(minor, currency, locale);
  const price = { ...SAMPLE_PRICE, currency };
  return {
    version: OFFER_SNAPSHOT_VERSION,
    funnelId: 'demo',
    stepId: 'demo',
    offerId: 'demo',
    kind: 'product',
    arm: null,
    locale,
    currency: { shop: currency, presentment: currency },
    texts: { headline: texts.headline, body: texts.body, button: texts.button },
    products: [
      {
        optionId: 'product:gid://shopify/Product/1',
        productId: 'gid://shopify/Product/1',
        title: 'Stoneware Mug',
        handle: 'stoneware-mug',
        imageUrl: null,
        label: 'Stoneware Mug',
        quantity: { min: 1, max: 2, default: 1 },
        discount: { type: 'percentage', percent: 10 },
        resolvedDiscount: { shop: { kind: 'percentage', hundredths: 1000 }, presentment: { kind: 'percentage', hundredths: 1000 } },
        discountLabel: texts.label,
        variants: [
          {
            id: 'gid://shopify/ProductVariant/1',
            title: 'Sand',
            imageUrl: null,
            available: null,
            price: { presentment: price, shop: price },
            display: { unitPrice: format(1620), total: format(1620), compareAtTotal: format(1800) },
          },
        ],
      },
    ],
    whenOutOfStock: 'send_remaining',
    decidedAt: new Date(0).toISOString(),
  };
}

/** The demo order as render input (also what a template is test-rendered on when it is saved). */
export function sampleRenderInput(
  deps: Pick<EmailFlowDeps, 'config'>,
  shop: EmailShop,
  settings: EmailSettings,
  locale: Locale,
  now: Date,
): EmailRenderInput {
  return renderInputFor(deps, shop, settings, {
    snapshot: sampleSnapshot(locale, shop.currencyCode),
    emailOfferId: 'preview',
    expiresAt: new Date(now.getTime() + settings.windowMinutes * 60_000),
    firstName: 'Alex',
    orderId: 'gid://shopify/Order/1001',
    orderName: '#1001',
  });
}

/** The offer the engine would make for this order now (not stored); null when it would make none. */
async function wouldOffer(deps: EmailFlowDeps, shop: EmailShop, order: EmailOrderNode): Promise<Decision | null> {
  const inputs = await engineInputs(deps, shop.id);
  if (!inputs) return null;
  const { catalog, funnels, settings } = inputs;
  const customerId = order.customer?.id ?? null;
  const profile = customerId ? await readCustomerProfile(deps.db, shop.id, customerId) : null;
  const decision = decide({
    surface: SURFACE,
    now: deps.clock.now(),
    order: orderSnapshotOf(order, catalog),
    customer: customerSnapshotOf(order, profile),
    locale: order.customerLocale ?? shop.primaryLocale,
    ledger: { declinedOfferIds: [], declinedProductIds: [], recentImpressions: [] },
    settings,
    catalog,
    funnels,
  });
  return decision.outcome === 'offer' ? decision : null;
}

export interface PreviewSource {
  source: 'demo' | 'order';
  orderId: string | null;
  /** For a real order: whether the engine would offer something for it (else the demo offer is shown on it). */
  engineOffer: boolean | null;
}

/** Render input for a real order: the given one, or the shop's latest; null when the shop has no order. */
export async function orderRenderInput(
  deps: EmailFlowDeps,
  shop: EmailShop,
  settings: EmailSettings,
  orderId: string | null,
  locale: Locale | null,
): Promise<{ input: EmailRenderInput; source: PreviewSource } | null> {
  const admin = await adminOrRetry(deps, shop.domain);
  const id = orderId ?? (await admin.request(EmailLatestOrderQuery, {})).orders.nodes[0]?.id ?? null;
  if (!id) return null;
  const order = await fetchOrder(admin, id);
  if (!order) return null;
  const decision = await wouldOffer(deps, shop, order);
  const orderLocale = locale ?? localeOf(order.customerLocale, shop.primaryLocale);
  const snapshot = (decision && snapshotOf(decision, 'send_remaining')) ?? sampleSnapshot(orderLocale, order.presentmentCurrencyCode);
  const now = deps.clock.now();
  const input = renderInputFor(deps, shop, settings, {
    snapshot: locale ? { ...snapshot, locale } : snapshot,
    emailOfferId: 'preview',
    expiresAt: new Date(now.getTime() + settings.windowMinutes * 60_000),
    firstName: order.customer?.firstName ?? null,
    orderId: order.id,
    orderName: order.name,
  });
  return { input, source: { source: 'order', orderId: order.id, engineOffer: decision !== null } };
}
