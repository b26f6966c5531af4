// Smart routing of an accepted email offer (issue 12, point 6), when the original order can no longer be edited
// (fulfilled in the meantime, or otherwise not editable):
//
//   the customer has an ACTIVE contract -> the item goes into that contract's next shipment, one billing cycle only,
//     at the offer's discounted price (subscriptions/, routeIntoNextShipment)        route "next_shipment"
//   otherwise (no customer, no contract, the cycle refused)  -> a checkout link for the item    route "checkout_link"
//
// One OfferRoute row per offer (unique emailOfferId), taken under the order's lock: a double click, a second tab or
// a retried request finds the route already taken and shows the same page; the cycle edit itself carries a marker
// (the offer id) so an attempt that died after Shopify's commit is recognised, never added twice. Every route is a
// ledger `accepted` event (surface email, `detail.route`), which the order's timeline (GET /api/admin/orders/:order/
// ledger) shows; the accept of an order edit records `detail.route: "edited_order"` the same way (accept.ts).
import { isUniqueViolation } from '../db/client.js';
import { toLegacyId } from '../offers/index.js';
import type { OrderEditDeps } from './deps.js';
import { editLedgerEvent } from './ledger-events.js';
import { withOrderLock } from './lock.js';
import { findChoice, readOfferSnapshot, type SnapshotDiscount, type SnapshotOption } from './offer-snapshot.local.js';
import type { OfferRecord } from './repository.js';

export const ROUTES = ['edited_order', 'next_shipment', 'checkout_link', 'contract_created'] as const;
export type Route = (typeof ROUTES)[number];

/** What the subscriptions module offers this one (wired in index.ts through subscriptions/index.ts). */
export interface OfferRouting {
  routeIntoNextShipment(request: {
    shop: { id: string; domain: string };
    customerId: string;
    variantId: string;
    quantity: number;
    unitPrices: { currencyCode: string; minor: number }[];
    marker: string;
  }): Promise<
    | { kind: 'routed'; contractId: string; cycleIndex: number; deliveryDate: Date; unitPriceMinor: number; currencyCode: string }
    | { kind: 'no_contract' }
    | { kind: 'refused'; contractId: string; reason: string }
  >;
  createContractForOffer(request: {
    shop: { id: string; domain: string };
    orderId: string;
    variantId: string;
    quantity: number;
    sellingPlan: NonNullable<SnapshotOption['sellingPlan']>;
    unitPrices: { currencyCode: string; minor: number }[];
    marker: string;
  }): Promise<
    | { kind: 'created'; contractId: string; nextBillingDate: Date; unitPriceMinor: number; currencyCode: string }
    | { kind: 'no_payment_method' }
    | { kind: 'refused'; reason: string }
  >;
}

export type RouteOutcome =
  | { kind: 'next_shipment'; deliveryDate: Date }
  | { kind: 'contract_created'; firstDelivery: Date }
  /** `subscription`: the link starts the offered plan (the customer had no card on file), not a one-time item. */
  | { kind: 'checkout_link'; url: string; subscription: boolean }
  /** Another request holds the order right now, or Shopify is unavailable: nothing was routed yet. */
  | { kind: 'busy' }
  | { kind: 'unavailable' };

interface RouteRow {
  id: string;
  route: string;
  status: string;
  deliveryDate: Date | null;
  checkoutUrl: string | null;
}

/** The route an offer already took, as the page shows it; null when none (or not finished). */
export async function routeOf(deps: Pick<OrderEditDeps, 'db'>, emailOfferId: string): Promise<RouteOutcome | null> {
  const row = await deps.db.prisma.offerRoute.findUnique({ where: { emailOfferId } });
  return row ? outcomeOf(row) : null;
}

function outcomeOf(row: RouteRow): RouteOutcome | null {
  if (row.status !== 'done') return null;
  if (row.route === 'next_shipment' && row.deliveryDate) return { kind: 'next_shipment', deliveryDate: row.deliveryDate };
  if (row.route === 'contract_created' && row.deliveryDate) return { kind: 'contract_created', firstDelivery: row.deliveryDate };
  if (row.route === 'checkout_link' && row.checkoutUrl)
    return { kind: 'checkout_link', url: row.checkoutUrl, subscription: row.checkoutUrl.includes('selling_plan=') };
  return null;
}

/** The offer's discounted unit price (shop and presentment currency), as the order edit would have charged it. */
function discounted(unitMinor: number, discount: SnapshotDiscount | null | undefined): number {
  if (!discount) return unitMinor;
  if (discount.kind === 'percentage') return Math.max(0, unitMinor - Math.round((unitMinor * discount.hundredths) / 10_000));
  return Math.max(0, unitMinor - discount.perUnitMinor);
}

/**
 * A cart permalink (https://help.shopify.com/en/manual/products/details/cart-permalink): `/cart/<variant id>:<qty>`
 * fills a cart and opens checkout; `?discount=<code>` applies a code when the offer has one.
 */
export function cartPermalink(shopDomain: string, variantId: string, quantity: number, discountCode: string | null = null): string {
  const id = toLegacyId(variantId);
  const url = new URL(`https://${shopDomain}/cart/${id}:${quantity}`);
  if (discountCode) url.searchParams.set('discount', discountCode);
  return url.toString();
}

/**
 * For a subscription item: the storefront's cart form endpoint, which takes the selling plan (`/cart/add` with `id`,
 * `quantity`, `selling_plan`, as Shopify's theme product forms post it); a permalink cannot carry a plan.
 */
export function subscriptionCartLink(shopDomain: string, variantId: string, quantity: number, sellingPlanId: string): string {
  const url = new URL(`https://${shopDomain}/cart/add`);
  url.searchParams.set('id', String(toLegacyId(variantId)));
  url.searchParams.set('quantity', String(quantity));
  url.searchParams.set('selling_plan', String(toLegacyId(sellingPlanId)));
  return url.toString();
}

/** Whether the shopper picked a subscription option of the offer (then `acceptSubscription`, never an order edit). */
export function isSubscriptionChoice(offer: OfferRecord, variantId: string): boolean {
  const snapshot = readOfferSnapshot(offer.offer);
  const picked = snapshot ? findChoice(snapshot, variantId) : null;
  return Boolean(picked?.option.sellingPlan);
}

function unitPricesOf(offer: OfferRecord, picked: NonNullable<ReturnType<typeof findChoice>>): { currencyCode: string; minor: number }[] {
  const { resolvedDiscount } = picked.option;
  const shop = { currencyCode: offer.shopCurrency, minor: discounted(picked.variant.price.shop.unitPriceMinor, resolvedDiscount.shop) };
  const presentment = picked.variant.price.presentment;
  if (presentment.currency === offer.shopCurrency) return [shop];
  return [shop, { currencyCode: presentment.currency, minor: discounted(presentment.unitPriceMinor, resolvedDiscount.presentment) }];
}

type SubscriptionAnswer = RouteOutcome | { kind: 'refused'; reason: 'expired' | 'gone' | 'invalid_choice' };

/**
 * Accepting a subscription offered by email: a contract Encore creates with the customer's card (subscriptions/,
 * createContractForOffer), once per offer; without a customer or a card on file, a checkout link for the plan.
 */
export async function acceptSubscription(
  deps: OrderEditDeps,
  offer: OfferRecord,
  choice: { variantId: string; quantity: number },
): Promise<SubscriptionAnswer> {
  if (!['scheduled', 'sent', 'routed'].includes(offer.status))
    return { kind: 'refused', reason: offer.status === 'expired' ? 'expired' : 'gone' };
  if (deps.clock.now().getTime() >= offer.expiresAt.getTime()) return { kind: 'refused', reason: 'expired' };
  const snapshot = readOfferSnapshot(offer.offer);
  const picked = snapshot ? findChoice(snapshot, choice.variantId) : null;
  const plan = picked?.option.sellingPlan;
  const { min, max } = picked?.option.quantity ?? { min: 1, max: 0 };
  if (!picked || !plan || !Number.isSafeInteger(choice.quantity) || choice.quantity < min || choice.quantity > max)
    return { kind: 'refused', reason: 'invalid_choice' };
  const chosen = { variantId: picked.variant.id, quantity: choice.quantity };
  const locked = await withOrderLock(deps.db, deps.clock, { shopId: offer.shopId, orderId: offer.orderId }, deps.lock, () =>
    subscribeLocked(deps, offer, chosen, picked, plan),
  );
  return locked.acquired ? locked.value : { kind: 'busy' };
}

async function subscribeLocked(
  deps: OrderEditDeps,
  offer: OfferRecord,
  choice: { variantId: string; quantity: number },
  picked: NonNullable<ReturnType<typeof findChoice>>,
  plan: NonNullable<SnapshotOption['sellingPlan']>,
): Promise<RouteOutcome> {
  const row = await claimRoute(deps, offer, choice);
  const done = outcomeOf(row);
  if (done) return done;
  const log = deps.logger.child({ emailOfferId: offer.id, orderId: offer.orderId, shop: offer.shopDomain });
  let whyNot = offer.customerId ? 'no_payment_method' : 'guest_order';
  if (offer.customerId && deps.routing) {
    let result: Awaited<ReturnType<OfferRouting['createContractForOffer']>>;
    try {
      result = await deps.routing.createContractForOffer({
        shop: { id: offer.shopId, domain: offer.shopDomain },
        orderId: offer.orderId,
        variantId: choice.variantId,
        quantity: choice.quantity,
        sellingPlan: plan,
        unitPrices: unitPricesOf(offer, picked),
        marker: offer.id,
      });
    } catch (error) {
      log.warn({ error: error instanceof Error ? error.message : String(error) }, 'creating the contract failed; the shopper may retry');
      return { kind: 'unavailable' };
    }
    if (result.kind === 'created') {
      const amountMinor = result.unitPriceMinor * choice.quantity;
      await deps.db.prisma.offerRoute.update({
        where: { id: row.id },
        data: {
          route: 'contract_created',
          status: 'done',
          contractId: result.contractId,
          deliveryDate: result.nextBillingDate,
          amountMinor,
          currencyCode: result.currencyCode,
          error: null,
        },
      });
      await recordRoute(deps, offer, choice, 'contract_created', picked.option.productId, {
        pendingMinor: amountMinor,
        currencyCode: result.currencyCode,
        contractId: result.contractId,
        sellingPlanId: plan.id,
      });
      await deps.repo.setOfferStatus(offer.id, 'routed', ['scheduled', 'sent']);
      return { kind: 'contract_created', firstDelivery: result.nextBillingDate };
    }
    whyNot = result.kind === 'refused' ? `contract_refused: ${result.reason}` : 'no_payment_method';
  }
  const url = subscriptionCartLink(offer.shopDomain, choice.variantId, choice.quantity, plan.id);
  await deps.db.prisma.offerRoute.update({
    where: { id: row.id },
    data: { route: 'checkout_link', status: 'done', checkoutUrl: url, error: whyNot.slice(0, 500) },
  });
  await recordRoute(deps, offer, choice, 'checkout_link', picked.option.productId, { checkoutUrl: url, reason: whyNot.slice(0, 200) });
  log.info({ reason: whyNot }, 'accepted subscription offer sent to checkout');
  return { kind: 'checkout_link', url, subscription: true };
}

/**
 * Routes the accepted offer that the order edit refused ('order_fulfilled' / 'not_editable'). The choice was
 * validated by acceptOffer against the snapshot before the edit was tried.
 */
export async function routeAccept(
  deps: OrderEditDeps,
  offer: OfferRecord,
  choice: { variantId: string; quantity: number },
): Promise<RouteOutcome> {
  const locked = await withOrderLock(deps.db, deps.clock, { shopId: offer.shopId, orderId: offer.orderId }, deps.lock, () =>
    routeLocked(deps, offer, choice),
  );
  return locked.acquired ? locked.value : { kind: 'busy' };
}

async function claimRoute(deps: OrderEditDeps, offer: OfferRecord, choice: { variantId: string; quantity: number }): Promise<RouteRow> {
  const existing = await deps.db.prisma.offerRoute.findUnique({ where: { emailOfferId: offer.id } });
  if (existing) return existing;
  try {
    return await deps.db.prisma.offerRoute.create({
      data: {
        shopId: offer.shopId,
        emailOfferId: offer.id,
        orderId: offer.orderId,
        route: 'checkout_link',
        variantId: choice.variantId,
        quantity: choice.quantity,
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return deps.db.prisma.offerRoute.findUniqueOrThrow({ where: { emailOfferId: offer.id } });
  }
}

async function routeLocked(
  deps: OrderEditDeps,
  offer: OfferRecord,
  choice: { variantId: string; quantity: number },
): Promise<RouteOutcome> {
  const row = await claimRoute(deps, offer, choice);
  const done = outcomeOf(row);
  if (done) return done;
  const snapshot = readOfferSnapshot(offer.offer);
  const picked = snapshot ? findChoice(snapshot, choice.variantId) : null;
  const log = deps.logger.child({ emailOfferId: offer.id, orderId: offer.orderId, shop: offer.shopDomain });
  const unitPrices = picked ? unitPricesOf(offer, picked) : [];
  let whyNot = offer.customerId ? 'no_contract' : 'guest_order';
  if (offer.customerId && deps.routing && unitPrices.length > 0) {
    let result: Awaited<ReturnType<OfferRouting['routeIntoNextShipment']>>;
    try {
      result = await deps.routing.routeIntoNextShipment({
        shop: { id: offer.shopId, domain: offer.shopDomain },
        customerId: offer.customerId,
        variantId: choice.variantId,
        quantity: choice.quantity,
        unitPrices,
        marker: offer.id,
      });
    } catch (error) {
      // Shopify throttled or down: nothing is recorded as done, so the next click tries again.
      log.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'routing an accepted offer failed; the shopper may retry',
      );
      return { kind: 'unavailable' };
    }
    if (result.kind === 'routed') {
      const amountMinor = result.unitPriceMinor * choice.quantity;
      await deps.db.prisma.offerRoute.update({
        where: { id: row.id },
        data: {
          route: 'next_shipment',
          status: 'done',
          contractId: result.contractId,
          cycleIndex: result.cycleIndex,
          deliveryDate: result.deliveryDate,
          amountMinor,
          currencyCode: result.currencyCode,
          error: null,
        },
      });
      await recordRoute(deps, offer, choice, 'next_shipment', snapshot ? picked?.option.productId : undefined, {
        pendingMinor: amountMinor,
        currencyCode: result.currencyCode,
        contractId: result.contractId,
        cycleIndex: result.cycleIndex,
        deliveryDate: result.deliveryDate.toISOString(),
      });
      await deps.repo.setOfferStatus(offer.id, 'routed', ['scheduled', 'sent', 'accepted']);
      return { kind: 'next_shipment', deliveryDate: result.deliveryDate };
    }
    whyNot = result.kind === 'refused' ? `cycle_refused: ${result.reason}` : 'no_contract';
  }
  const url = cartPermalink(offer.shopDomain, choice.variantId, choice.quantity);
  await deps.db.prisma.offerRoute.update({
    where: { id: row.id },
    data: { route: 'checkout_link', status: 'done', checkoutUrl: url, error: whyNot.slice(0, 500) },
  });
  await recordRoute(deps, offer, choice, 'checkout_link', picked?.option.productId, { checkoutUrl: url, reason: whyNot.slice(0, 200) });
  log.info({ reason: whyNot }, 'accepted offer sent to checkout: the order cannot be edited and no contract took it');
  return { kind: 'checkout_link', url, subscription: false };
}

async function recordRoute(
  deps: OrderEditDeps,
  offer: OfferRecord,
  choice: { variantId: string; quantity: number },
  route: Route,
  productId: string | undefined,
  detail: Record<string, string | number>,
): Promise<void> {
  // Same key as the order edit's `accepted` (one acceptance per order and step, whichever route it took). The amount
  // is pending (ledger convention for email acceptances): it is charged later, with the renewal or at checkout.
  const event = editLedgerEvent(offer, { variantId: choice.variantId, quantity: choice.quantity }, 'accepted', {
    productIds: productId ? [productId] : null,
    detail: { route, ...detail },
  });
  await deps.ledger.recordEvent(event);
}
