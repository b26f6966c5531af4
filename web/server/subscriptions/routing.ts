// Smart routing (issue 12, point 6): an item the shopper accepted by email that can no longer be added to the
// original order goes into the NEXT shipment of the shopper's ACTIVE contract, for that one billing cycle only:
//
//   the customer's ACTIVE contract (Encore's store, soonest billing first) -> its next billing cycle (by date) ->
//   already there? (a line carrying this offer's marker: a retry after a crash) -> subscriptionBillingCycleContractEdit
//   -> subscriptionDraftLineAdd (the offer's discounted unit price, the marker) -> subscriptionBillingCycleContractDraftCommit
//
// A billing cycle edit changes what that cycle bills and ships; the contract's own lines and every later cycle stay
// as they are (2026-07 descriptions of subscriptionBillingCycleContractEdit and SubscriptionBillingCycle.editedContract).
// The renewal that bills the cycle (billing.ts, unchanged) charges the added line with it, once.
//
// userErrors are outcomes ('refused'); Shopify down or throttled beyond the Admin client's retries throws
// ShopifyUnavailableError (the caller answers "we are adding it" and retries).

import { minorToDecimal } from '../offers/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import type { UserError } from '../shopify/graphql/operation.js';
import * as cycleCommit from '../shopify/graphql/SubscriptionBillingCycleContractDraftCommitMutation.js';
import { SubscriptionBillingCycleContractEditMutation } from '../shopify/graphql/SubscriptionBillingCycleContractEditMutation.js';
import type { SubscriptionBillingCycleFields } from '../shopify/graphql/SubscriptionBillingCycleFieldsFragment.js';
import { SubscriptionBillingCycleQuery } from '../shopify/graphql/SubscriptionBillingCycleQuery.js';
import { SubscriptionDraftLineAddMutation } from '../shopify/graphql/SubscriptionDraftLineAddMutation.js';
import type { SubscriptionDeps } from './deps.js';

/** The custom attribute that marks a line Encore added for an offer (underscore: hidden from the customer's order page). */
export const OFFER_LINE_MARKER = '_encore_email_offer';

export interface NextShipmentRequest {
  shop: { id: string; domain: string };
  /** Customer GID. */
  customerId: string;
  /** ProductVariant GID. */
  variantId: string;
  quantity: number;
  /** The offer's discounted unit price in each currency it was quoted in (the contract's currency is picked). */
  unitPrices: { currencyCode: string; minor: number }[];
  /** Identifies the offer on the added line: a retried request finds its line instead of adding it again. */
  marker: string;
}

export type NextShipmentResult =
  | {
      kind: 'routed';
      contractId: string;
      cycleIndex: number;
      /** When the cycle is billed (its billingAttemptExpectedDate): the delivery the item joins. */
      deliveryDate: Date;
      unitPriceMinor: number;
      currencyCode: string;
      /** False when an earlier attempt had already added it. */
      added: boolean;
    }
  | { kind: 'no_contract' }
  | { kind: 'refused'; contractId: string; reason: string };

const messages = (errors: readonly UserError[] | undefined, fallback: string) =>
  errors?.length ? errors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)).join('; ') : fallback;

/** The customer's ACTIVE contracts in this shop, soonest billing first. */
async function activeContracts(deps: Pick<SubscriptionDeps, 'db'>, shopId: string, customerId: string) {
  return deps.db.prisma.subscriptionContract.findMany({
    where: { shopId, customerId, status: 'ACTIVE', nextBillingDate: { not: null } },
    orderBy: [{ nextBillingDate: 'asc' }, { createdAt: 'asc' }],
    select: { shopifyId: true, currencyCode: true, nextBillingDate: true },
  });
}

/** Whether the customer has a contract the item could join (no Shopify call). */
export async function hasActiveContract(deps: Pick<SubscriptionDeps, 'db'>, shopId: string, customerId: string): Promise<boolean> {
  return (await activeContracts(deps, shopId, customerId)).length > 0;
}

async function readCycle(admin: AdminClient, contractId: string, date: Date): Promise<SubscriptionBillingCycleFields | null> {
  const data = await admin.request(SubscriptionBillingCycleQuery, { input: { contractId, selector: { date: date.toISOString() } } });
  return data.subscriptionBillingCycle;
}

const hasMarker = (cycle: SubscriptionBillingCycleFields, marker: string) =>
  (cycle.editedContract?.lines.nodes ?? []).some((line) =>
    line.customAttributes.some((a) => a.key === OFFER_LINE_MARKER && a.value === marker),
  );

/** Adds the item to the next billing cycle of the customer's active contract, once. */
export async function routeIntoNextShipment(
  deps: Pick<SubscriptionDeps, 'db' | 'adminFor' | 'logger'>,
  request: NextShipmentRequest,
): Promise<NextShipmentResult> {
  const contracts = await activeContracts(deps, request.shop.id, request.customerId);
  const contract = contracts.find((c) => request.unitPrices.some((p) => p.currencyCode === c.currencyCode));
  if (!contract?.nextBillingDate) {
    if (contracts.length > 0)
      deps.logger.info({ customerId: request.customerId }, 'active contracts are in another currency than the offer; not routed');
    return { kind: 'no_contract' };
  }
  const price = request.unitPrices.find((p) => p.currencyCode === contract.currencyCode)!;
  const log = deps.logger.child({ contractId: contract.shopifyId, shop: request.shop.domain, marker: request.marker });
  const admin = await deps.adminFor(request.shop.domain);
  const cycle = await readCycle(admin, contract.shopifyId, contract.nextBillingDate);
  const refused = (reason: string): NextShipmentResult => {
    log.warn({ reason }, 'could not add the offer to the next shipment');
    return { kind: 'refused', contractId: contract.shopifyId, reason };
  };
  if (!cycle) return refused('Shopify returned no billing cycle for the contract’s next billing date');
  const routed = (added: boolean): NextShipmentResult => ({
    kind: 'routed',
    contractId: contract.shopifyId,
    cycleIndex: cycle.cycleIndex,
    deliveryDate: new Date(String(cycle.billingAttemptExpectedDate)),
    unitPriceMinor: price.minor,
    currencyCode: price.currencyCode,
    added,
  });
  if (hasMarker(cycle, request.marker)) return routed(false);
  if (cycle.status === 'BILLED' || cycle.skipped)
    return refused(`billing cycle ${cycle.cycleIndex} is ${cycle.skipped ? 'skipped' : 'billed'}`);

  const selector = { index: cycle.cycleIndex };
  const opened = (
    await admin.request(SubscriptionBillingCycleContractEditMutation, { input: { contractId: contract.shopifyId, selector } })
  ).subscriptionBillingCycleContractEdit;
  const draftId = opened?.draft?.id;
  if (!draftId || opened.userErrors.length) return refused(messages(opened?.userErrors, 'no draft returned'));
  const line = (
    await admin.request(SubscriptionDraftLineAddMutation, {
      draftId,
      input: {
        productVariantId: request.variantId,
        quantity: request.quantity,
        currentPrice: minorToDecimal(price.minor, price.currencyCode),
        customAttributes: [{ key: OFFER_LINE_MARKER, value: request.marker }],
      },
    })
  ).subscriptionDraftLineAdd;
  if (!line?.lineAdded || line.userErrors.length) return refused(messages(line?.userErrors, 'no line added'));
  const committed = (await admin.request(cycleCommit.SubscriptionBillingCycleContractDraftCommitMutation, { draftId }))
    .subscriptionBillingCycleContractDraftCommit;
  if (!committed?.contract || committed.userErrors.length)
    return refused(messages(committed?.userErrors, 'the cycle edit was not committed'));
  log.info({ cycleIndex: cycle.cycleIndex, variantId: request.variantId, quantity: request.quantity }, 'offer added to the next shipment');
  return routed(true);
}
