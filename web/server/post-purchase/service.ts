// The three post-purchase use cases behind the routes: decide an offer for a purchase, sign the changeset of an
// accepted step, record what the shopper saw and did. Token verification happens before (routes.ts); everything
// here takes the verified claims.
//
// Hot path of `offer`: shop, settings, catalog and funnels come from in-process caches; the database is read for
// the ledger facts and the customer profile, and written once for the decision (+ its `decided` event). Nothing
// asks Shopify.
import { BoundedCache } from '../bounded-cache.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { ActiveFunnels } from '../funnels/index.js';
import type { Ledger } from '../ledger/index.js';
import type { Logger } from '../logger.js';
import {
  type Catalog,
  type Decision,
  decide,
  MAX_POST_PURCHASE_ACCEPTS,
  type PresentedStep,
  type PricedChange,
  priceChange,
  toGid,
} from '../offers/index.js';
import type { SettingsStore } from '../settings/index.js';
import { createShopDirectory, type ShopDirectory, type ShopFacts } from '../shops/index.js';
import { buildChange, type ChangesetSigner, createChangesetSigner } from './changeset.js';
import { type ChangesetRecord, type ChangesetStore, createChangesetStore } from './changesets.js';
import { type CustomerProfileReader, createCustomerProfileReader } from './customer-profiles.js';
import { funnelView } from './funnel-view.js';
import { createLedgerFastPath, type LedgerFastPath } from './ledger-fast-path.js';
import { decisionAtStep, type RecordedStep } from './path.js';
import {
  customerGidOf,
  customerSnapshot,
  orderSnapshot,
  type SignedInput,
  signedInputOf,
  type TrustedPurchase,
  trustedPurchase,
} from './purchase.js';
import { PostPurchaseRefusedError } from './refusals.js';
import { recordStepEvent, type StepEventContext, type StepEventDeps } from './step-events.js';
import { freeSubscriptionShipping, type SubscriptionShippingPolicy } from './subscription-shipping.js';
import { InvalidPurchaseTokenError, type PurchaseClaims } from './token.js';
import {
  type ChangesetChange,
  type EventsRequest,
  type EventsResponse,
  type OfferRequest,
  type OfferResponse,
  RETRYABLE_CHANGESET_ERRORS,
  type SignRequest,
  type SignResponse,
} from './wire.js';

const SURFACE = 'post_purchase';

/**
 * Decisions kept in memory. A miss costs one SELECT and the JSON of ~15 KB (~0.1 ms); every cached decision is
 * several times that on the heap, and with 20,000 of them the garbage collector cost the offer endpoint ~0.5 ms of
 * CPU per request more (bench/post-purchase: 1.79 vs 1.21 ms). 2,000 covers the minutes a purchase's page is open
 * at a few requests per second.
 */
export const DEFAULT_DECISION_CACHE_SIZE = 2_000;

export interface PostPurchaseDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: { apiKey: string; apiSecret: string };
  /** The shop's engine Catalog from memory (CatalogCache.get); null while it has none. */
  catalogFor(shopId: string): Promise<Catalog | null>;
  activeFunnels: Pick<ActiveFunnels, 'get'>;
  settings: Pick<SettingsStore, 'get'>;
  /** Events (shown, declined, accepted). (decisionFor is no longer used here: stored decisions are read through fastLedger.) */
  ledger: Pick<Ledger, 'decisionFor' | 'recordEvent'>;
  /** Ledger facts and decision writes for the hot path; default: plain SQL on `db` (ledger-fast-path.ts). */
  fastLedger?: LedgerFastPath;
  changesets?: ChangesetStore;
  profiles?: CustomerProfileReader;
  shops?: ShopDirectory;
  subscriptionShipping?: SubscriptionShippingPolicy;
  /** Decisions kept in memory for sign/events (they never change once stored). Default DEFAULT_DECISION_CACHE_SIZE. */
  decisionCacheSize?: number;
}

export interface PostPurchaseService {
  offer(claims: PurchaseClaims, body: OfferRequest): Promise<OfferResponse>;
  sign(claims: PurchaseClaims, body: SignRequest): Promise<SignResponse>;
  events(claims: PurchaseClaims, body: EventsRequest): Promise<EventsResponse>;
}

export { PostPurchaseRefusedError } from './refusals.js';

export function createPostPurchaseService(deps: PostPurchaseDeps): PostPurchaseService {
  const log = deps.logger.child({ module: 'post-purchase' });
  const shops = deps.shops ?? createShopDirectory({ db: deps.db, clock: deps.clock });
  const signer: ChangesetSigner = createChangesetSigner(deps.config);
  const shippingPolicy = deps.subscriptionShipping ?? freeSubscriptionShipping;
  // Keyed by decisionKey(shop, purchase); the least recently used decision goes first.
  const decisions = new BoundedCache<string, Decision>({ maxEntries: deps.decisionCacheSize ?? DEFAULT_DECISION_CACHE_SIZE });
  const fastLedger = deps.fastLedger ?? createLedgerFastPath(deps.db);
  const changesets = deps.changesets ?? createChangesetStore(deps.db);
  const profiles = deps.profiles ?? createCustomerProfileReader({ db: deps.db, clock: deps.clock });

  const shippingFor = (shopId: string, decision: Decision) =>
    shippingPolicy({ shopId, locale: decision.locale, currency: decision.currency.presentment });

  /**
   * The decision stored for this purchase: memory first (it never changes once stored), then the database (plain
   * SQL: another instance may have decided it, and the ledger's model API costs ~1 ms more per read).
   */
  const storedDecision = async (shop: ShopFacts, referenceId: string): Promise<Decision | null> => {
    const cached = decisions.get(decisionKey(shop.id, referenceId));
    if (cached) return cached;
    const stored = await fastLedger.decisionFor(shop.id, SURFACE, referenceId);
    if (!stored) return null;
    decisions.set(decisionKey(shop.id, referenceId), stored);
    return stored;
  };

  const shopFor = async (
    claims: PurchaseClaims,
    signed: SignedInput | null,
    referenceId: string,
    shopDomain: string,
  ): Promise<ShopFacts> => {
    requireSamePurchase(claims, signed, referenceId, shopDomain);
    const shop = await shops.byDomain(shopDomain);
    if (!shop?.installed) throw new PostPurchaseRefusedError(404, 'no_offer', 'This shop has no Encore offers.');
    return shop;
  };

  /** The stored decision, when it made an offer (404 `no_offer` otherwise). */
  const offeredDecision = async (shop: ShopFacts, referenceId: string): Promise<Decision> => {
    const decision = await storedDecision(shop, referenceId);
    if (decision?.outcome !== 'offer') throw new PostPurchaseRefusedError(404, 'no_offer', 'No offer was made for this purchase.');
    return decision;
  };

  /** Decides for a purchase seen the first time and stores the decision (the first one wins); null without a catalog. */
  const decideAndStore = async (shop: ShopFacts, trusted: TrustedPurchase, plog: Logger): Promise<Decision | null> => {
    const { purchase } = trusted;
    const [catalog, funnels, settings] = await Promise.all([
      deps.catalogFor(shop.id),
      deps.activeFunnels.get(shop.id, SURFACE),
      deps.settings.get(shop.id),
    ]);
    if (!catalog || !funnels) {
      plog.info('no catalog yet for this shop; no post-purchase offer');
      return null;
    }
    const now = deps.clock.now();
    const customerGid = customerGidOf(purchase.customerId);
    const [profile, ledger] = await Promise.all([
      customerGid ? profiles.get(shop.id, customerGid) : Promise.resolve(null),
      fastLedger.factsFor({ shopId: shop.id, orderKey: purchase.referenceId, customerId: customerGid, now, settings }),
    ]);
    const decision = decide({
      surface: SURFACE,
      now,
      order: orderSnapshot(purchase, catalog),
      customer: customerSnapshot(customerGid, profile),
      locale: trusted.locale,
      ledger,
      settings,
      catalog,
      funnels,
    });
    // A repeated ShouldRender (or another instance that decided first) gets the first decision back.
    const stored = await fastLedger.recordDecision(shop.id, decision, { customerId: customerGid });
    decisions.set(decisionKey(shop.id, purchase.referenceId), stored.decision);
    plog.debug({ outcome: stored.decision.outcome, funnelId: stored.decision.funnelId, created: stored.created }, 'post-purchase decision');
    return stored.decision;
  };

  /** Signs the first changeset of a step and stores it; a concurrent request for the same step may have won. */
  const signAndStore = async (
    shop: ShopFacts,
    decision: Decision,
    body: SignRequest,
    choiceKey: string,
    priced: PricedChange,
  ): Promise<SignResponse> => {
    const change = buildChange(priced, shippingFor(shop.id, decision));
    const signed = signer.sign({ referenceId: body.referenceId, changes: [change], now: deps.clock.now() });
    const outcome = await changesets.insert({
      shopId: shop.id,
      referenceId: body.referenceId,
      stepId: body.stepId,
      choiceKey,
      jti: signed.jti,
      token: signed.token,
      changes: [change],
      amountMinor: priced.shop.totalMinor,
      currencyCode: priced.shop.currency,
    });
    if (outcome === 'conflict') {
      // A concurrent request for the same step won: same choice, same token; another choice is refused.
      const winner = (await changesets.forPurchase(shop.id, body.referenceId)).find((row) => row.stepId === body.stepId);
      if (!winner) throw new Error(`changeset for step ${body.stepId} conflicted but is not stored`);
      return sameChoiceOrConflict(winner, choiceKey);
    }
    log.info(
      { shop: shop.domain, referenceId: body.referenceId, stepId: body.stepId, type: change.type, jti: signed.jti },
      'changeset signed',
    );
    return { token: signed.token, changes: [change] };
  };

  const stepEvents: StepEventDeps = { ledger: deps.ledger, changesets, clock: deps.clock, log };

  return {
    async offer(claims, body) {
      if (claims.referenceId !== body.referenceId) throw purchaseMismatch();
      const trusted = trustedPurchase(body, signedInputOf(claims.inputData));
      if (trusted === 'mismatch') throw purchaseMismatch();
      const referenceId = trusted.purchase.referenceId;
      const shop = await shops.byDomain(trusted.shopDomain);
      const plog = log.child({ shop: trusted.shopDomain, referenceId });
      if (!shop?.installed) {
        plog.info('post-purchase offer asked for a shop that is not installed');
        return { offer: null };
      }
      const decision = decisions.get(decisionKey(shop.id, referenceId)) ?? (await decideAndStore(shop, trusted, plog));
      if (!decision) return { offer: null };
      return { offer: funnelView(referenceId, decision, { subscriptionShipping: shippingFor(shop.id, decision) }) };
    },

    async sign(claims, body) {
      const signedInput = signedInputOf(claims.inputData);
      const shop = await shopFor(claims, signedInput, body.referenceId, body.shopDomain);
      const decision = await offeredDecision(shop, body.referenceId);
      if (decision.steps[body.stepId]?.status !== 'ready') throw unknownStep(body.stepId);

      const rows = await changesets.forPurchase(shop.id, body.referenceId);
      const choiceKey = choiceKeyOf(body.optionId, toGid('ProductVariant', body.variantId), body.quantity);
      const already = rows.find((row) => row.stepId === body.stepId);
      if (already) {
        const answer = sameChoiceOrConflict(already, choiceKey);
        return body.retryOf ? resign(shop, already, body.retryOf) : answer;
      }
      if (body.retryOf) {
        throw new PostPurchaseRefusedError(
          409,
          'not_signed',
          `Nothing was signed for step "${body.stepId}", so there is no attempt to retry.`,
        );
      }
      return signAndStore(shop, decision, body, choiceKey, priceNewChange(decision, body, rows, signedInput));
    },

    async events(claims, body) {
      const signedInput = signedInputOf(claims.inputData);
      const shop = await shopFor(claims, signedInput, body.referenceId, body.shopDomain);
      const decision = await offeredDecision(shop, body.referenceId);
      for (const event of body.events) {
        if (decision.steps[event.stepId]?.status !== 'ready') throw unknownStep(event.stepId);
      }
      const customerId = customerGidOf(signedCustomerId(signedInput) ?? body.customerId);
      const needsRows = body.events.some((event) => event.type === 'applied');
      const rows = needsRows ? await changesets.forPurchase(shop.id, body.referenceId) : [];

      const results: EventsResponse['results'] = [];
      for (const event of body.events) {
        const step = (decision.steps[event.stepId] as { step: PresentedStep }).step;
        const context: StepEventContext = {
          shopId: shop.id,
          orderKey: body.referenceId,
          customerId,
          surface: SURFACE,
          funnelId: decision.funnelId,
          stepId: event.stepId,
          offerId: step.offerId,
          arm: decision.arm,
        };
        const recorded = await recordStepEvent(stepEvents, { event, step, context, rows });
        results.push({ type: event.type, stepId: event.stepId, recorded });
      }
      return { results };
    },
  };

  /**
   * A retry after applyChangeset answered `unprocessed`: the stored change (never re-derived) signed again with a
   * new jti and iat, because the attempt may have spent the old jti at Shopify. An applied changeset is never
   * signed again: its token comes back as it is, and Shopify answers `changeset_already_applied`. Naming an
   * attempt that is no longer the step's token (a concurrent retry replaced it) also gets the current token.
   */
  async function resign(shop: ShopFacts, row: ChangesetRecord, attempt: NonNullable<SignRequest['retryOf']>): Promise<SignResponse> {
    const context = { shop: shop.domain, referenceId: row.referenceId, stepId: row.stepId, errorCodes: attempt.errorCodes };
    if (row.appliedAt !== null || attempt.token !== row.token) {
      log.info({ ...context, applied: row.appliedAt !== null, jti: row.jti }, 'changeset retry answered with the current token');
      return { token: row.token, changes: row.changes };
    }
    const unfixable = attempt.errorCodes.filter((code) => !RETRYABLE_CHANGESET_ERRORS.some((retryable) => retryable === code));
    if (unfixable.length > 0) {
      throw new PostPurchaseRefusedError(409, 'not_retryable', `Signing again cannot fix what Shopify answered (${unfixable.join(', ')}).`);
    }
    const signed = signer.sign({ referenceId: row.referenceId, changes: row.changes, now: deps.clock.now() });
    if (await changesets.replaceToken(row.id, row.jti, { jti: signed.jti, token: signed.token })) {
      log.info({ ...context, previousJti: row.jti, jti: signed.jti }, 'changeset signed again after an unprocessed attempt');
      return { token: signed.token, changes: row.changes };
    }
    // Another retry replaced the token first, or the change was applied meanwhile: the row holds the live token.
    const current = (await changesets.forPurchase(row.shopId, row.referenceId)).find((candidate) => candidate.id === row.id);
    if (!current) throw new Error(`changeset ${row.id} vanished during a retry`);
    return { token: current.token, changes: current.changes };
  }
}

function purchaseMismatch(): InvalidPurchaseTokenError {
  return new InvalidPurchaseTokenError('subject', 'The purchase token does not match this purchase.');
}

/** `sub` is the purchase; when Shopify's signed input names the shop, the body must name the same one. */
function requireSamePurchase(claims: PurchaseClaims, signed: SignedInput | null, referenceId: string, shopDomain: string): void {
  if (claims.referenceId !== referenceId) throw purchaseMismatch();
  if (signed && signed.shop.domain !== shopDomain) throw purchaseMismatch();
}

function unknownStep(stepId: string): PostPurchaseRefusedError {
  return new PostPurchaseRefusedError(404, 'unknown_step', `The offer has no step "${stepId}".`);
}

/**
 * The change accepting a step adds, priced from the stored decision only: within Shopify's cap on accepted
 * changes, on a step reachable from the steps this purchase answered, at most one subscription per purchase.
 */
function priceNewChange(
  decision: Decision,
  body: SignRequest,
  rows: readonly ChangesetRecord[],
  signedInput: SignedInput | null,
): PricedChange {
  if (rows.length >= MAX_POST_PURCHASE_ACCEPTS) {
    throw new PostPurchaseRefusedError(409, 'accept_limit', `At most ${MAX_POST_PURCHASE_ACCEPTS} offers can be added to one purchase.`);
  }
  const recorded = new Map<string, RecordedStep>(
    rows.map((row) => [row.stepId, { optionId: optionIdOf(row.choiceKey), applied: row.appliedAt !== null }]),
  );
  const atStep = decisionAtStep(decision, body.stepId, recorded);
  if (!atStep) {
    throw new PostPurchaseRefusedError(
      409,
      'step_not_reachable',
      `Step "${body.stepId}" cannot be reached from the steps this purchase answered.`,
    );
  }
  const variantId = toGid('ProductVariant', body.variantId);
  const priced = priceChange(atStep, { stepId: body.stepId, optionId: body.optionId, variantId, quantity: body.quantity });
  if (!priced.ok) throw new PostPurchaseRefusedError(422, priced.error.code, priced.error.message);
  if (priced.change.type === 'add_subscription') {
    if (rows.some((row) => isSubscriptionRow(row.changes))) {
      throw new PostPurchaseRefusedError(409, 'subscription_limit', 'A subscription was already added to this purchase.');
    }
    if (purchaseHasSubscription(signedInput)) {
      throw new PostPurchaseRefusedError(409, 'subscription_limit', 'The order already contains a subscription.');
    }
  }
  return priced.change;
}

function signedCustomerId(signed: SignedInput | null): string | null {
  const id = signed?.initialPurchase.customerId;
  return id === null || id === undefined ? null : String(id);
}

function purchaseHasSubscription(signed: SignedInput | null): boolean {
  return signed?.initialPurchase.lineItems.some((item) => item.sellingPlanId !== null && item.sellingPlanId !== undefined) === true;
}

/** "<variant gid>:<quantity>:<option id>" - option ids may hold colons, so they go last. */
function choiceKeyOf(optionId: string, variantGid: string, quantity: number): string {
  return `${variantGid}:${quantity}:${optionId}`;
}

function optionIdOf(choiceKey: string): string {
  // gid://shopify/ProductVariant/<id>:<qty>:<option>
  const match = /^gid:\/\/shopify\/ProductVariant\/\d+:\d+:(.+)$/.exec(choiceKey);
  return match ? match[1]! : '';
}

function sameChoiceOrConflict(row: ChangesetRecord, choiceKey: string): SignResponse {
  if (row.choiceKey !== choiceKey) {
    throw new PostPurchaseRefusedError(409, 'choice_conflict', 'This step was already accepted with another choice.');
  }
  return { token: row.token, changes: row.changes };
}

function isSubscriptionRow(changes: readonly ChangesetChange[]): boolean {
  return changes.some((change) => change.type === 'add_subscription');
}

function decisionKey(shopId: string, referenceId: string): string {
  return `${shopId}\u0000${referenceId}`;
}
