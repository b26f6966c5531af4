// Checkout events (`shown`, `accepted`, `declined`) into the ledger. They come from the buyer's browser: the body
// is validated strictly, the time of record is ours (a buyer's clock can be anything), and nothing here grants
// anything. Each event is recorded once per idempotency key, so the extension's re-renders and reloads are free.
import { z } from 'zod';
import { type CheckoutEvent, SUBSCRIPTION_UPGRADE_OFFER_ID } from '../../../extensions/checkout-upsell/src/offers-contract.js';
import { BoundedCache } from '../bounded-cache.js';
import type { Clock } from '../clock.js';
import type { JsonValue, Ledger, RecordEventInput } from '../ledger/index.js';
import type { Logger } from '../logger.js';
import { type CheckoutPlan, type PlannedOffer, parseCheckoutOfferId } from './contract.js';

/** Events per request at most: the extension sends one or a handful (one render's impressions). */
const MAX_EVENTS_PER_REQUEST = 50;

const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`), { message: `Expected a ${type} GID` });
const text = (max: number) => z.string().min(1).max(max);

/** One event as offers-contract.ts documents it. Unknown fields are ignored, so newer extension builds still post. */
const CheckoutEventSchema = z.object({
  kind: z.enum(['shown', 'accepted', 'declined']),
  offerId: text(255),
  surface: z.literal('checkout'),
  variantId: gid('ProductVariant'),
  sellingPlanId: gid('SellingPlan').optional(),
  quantity: z.number().int().min(1).max(1000).optional(),
  discountCode: text(255).optional(),
  checkoutToken: text(255).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  // Prefixed with "checkout:" in the ledger, whose keys are at most 255 characters.
  idempotencyKey: text(240),
}) satisfies z.ZodType<CheckoutEvent>;

/** A request of the extension: `{events: [...]}`. */
export const CheckoutEventsRequestSchema = z.object({
  events: z
    .array(CheckoutEventSchema)
    .min(1, { message: 'Send at least one event' })
    .max(MAX_EVENTS_PER_REQUEST, { message: `At most ${MAX_EVENTS_PER_REQUEST} events per request` }),
});

/** What the events need to know about a synced offer: where it came from and what it costs in the shop currency. */
export type OfferLookup = (shopId: string, offerId: string) => Promise<PlannedOffer | null>;

export interface RecordEventsDeps {
  ledger: Pick<Ledger, 'recordEvent'>;
  clock: Clock;
  logger: Logger;
  /** Optional: accepted add-ons get their shop-currency amount from here (the ledger's revenue). */
  lookupOffer?: OfferLookup;
}

export interface RecordOutcome {
  recorded: number;
  duplicates: number;
}

/** Records the events of one request for one shop (the token's), in order. */
export async function recordCheckoutEvents(
  deps: RecordEventsDeps,
  shop: { id: string },
  customerId: string | null,
  events: readonly CheckoutEvent[],
): Promise<RecordOutcome> {
  const outcome: RecordOutcome = { recorded: 0, duplicates: 0 };
  const now = deps.clock.now();
  for (const event of events) {
    const input = await ledgerInput(deps, shop.id, customerId, event, now);
    const { recorded } = await deps.ledger.recordEvent(input);
    if (recorded) outcome.recorded++;
    else outcome.duplicates++;
  }
  return outcome;
}

async function ledgerInput(
  deps: RecordEventsDeps,
  shopId: string,
  customerId: string | null,
  event: CheckoutEvent,
  now: Date,
): Promise<RecordEventInput> {
  const upgrade = event.offerId === SUBSCRIPTION_UPGRADE_OFFER_ID;
  const parsed = upgrade ? null : parseCheckoutOfferId(event.offerId);
  let amount: RecordEventInput['amount'] = null;
  if (event.kind === 'accepted' && parsed && deps.lookupOffer) {
    try {
      const offer = await deps.lookupOffer(shopId, event.offerId);
      // Only when the buyer added what the offer adds; anything else is not ours to price.
      if (offer && offer.variantId === event.variantId && (event.quantity ?? offer.quantity) === offer.quantity) {
        amount = { minor: offer.shopTotalMinor, currencyCode: offer.shopCurrency };
      }
    } catch (error) {
      deps.logger.warn(
        { shopId, offerId: event.offerId, err: error },
        'could not price an accepted checkout offer; recorded without amount',
      );
    }
  }
  const detail: Record<string, JsonValue> = { clientOccurredAt: event.occurredAt };
  if (event.sellingPlanId) detail.sellingPlanId = event.sellingPlanId;
  if (event.discountCode) detail.discountCode = event.discountCode;
  if (upgrade) detail.subscriptionUpgrade = true;
  return {
    shopId,
    // Events of one checkout share its token; without one, the extension's per-instance scope (the key's prefix).
    orderKey: event.checkoutToken ?? `checkout-session:${event.idempotencyKey.split(':')[0] ?? event.idempotencyKey}`,
    customerId,
    surface: 'checkout',
    kind: event.kind,
    funnelId: parsed?.funnelId ?? null,
    stepId: parsed?.stepId ?? null,
    offerId: parsed?.offerKey ?? event.offerId,
    variantId: event.variantId,
    quantity: event.quantity ?? null,
    amount,
    idempotencyKey: `checkout:${event.idempotencyKey}`,
    detail,
    occurredAt: now,
  };
}

/**
 * Per-shop lookups of the offers the metafield currently holds, rebuilt from the same inputs as the sync at most
 * every `ttlMs` per shop. Concurrent lookups of one shop share one build.
 */
export class CheckoutOfferDirectory {
  private readonly plans: BoundedCache<string, ReadonlyMap<string, PlannedOffer>>;
  private readonly building = new Map<string, Promise<ReadonlyMap<string, PlannedOffer>>>();

  constructor(
    private readonly load: (shopId: string) => Promise<CheckoutPlan | null>,
    clock: Clock,
    ttlMs = 60_000,
    maxShops = 1_000,
  ) {
    this.plans = new BoundedCache({ maxEntries: maxShops, ttlMs, clock });
  }

  readonly lookup: OfferLookup = async (shopId, offerId) => {
    const offers = this.plans.get(shopId) ?? (await this.rebuild(shopId));
    return offers.get(offerId) ?? null;
  };

  private rebuild(shopId: string): Promise<ReadonlyMap<string, PlannedOffer>> {
    let pending = this.building.get(shopId);
    if (!pending) {
      pending = (async () => {
        const plan = await this.load(shopId);
        const offers = new Map((plan?.offers ?? []).map((o) => [o.id, o]));
        this.plans.set(shopId, offers);
        return offers;
      })().finally(() => this.building.delete(shopId));
      this.building.set(shopId, pending);
    }
    return pending;
  }
}
