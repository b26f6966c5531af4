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
import { type OfferContractContextData, OfferContractContextQuery } from '../shopify/graphql/OfferContractContextQuery.js';
import type { UserError } from '../shopify/graphql/operation.js';
import * as cycleCommit from '../shopify/graphql/SubscriptionBillingCycleContractDraftCommitMutation.js';
import { SubscriptionBillingCycleContractEditMutation } from '../shopify/graphql/SubscriptionBillingCycleContractEditMutation.js';
import type { SubscriptionBillingCycleFields } from '../shopify/graphql/SubscriptionBillingCycleFieldsFragment.js';
import { SubscriptionBillingCycleQuery } from '../shopify/graphql/SubscriptionBillingCycleQuery.js';
import {
  SubscriptionContractAtomicCreateMutation,
  type SubscriptionContractAtomicCreateVariables,
} from '../shopify/graphql/SubscriptionContractAtomicCreateMutation.js';
import { SubscriptionDraftLineAddMutation } from '../shopify/graphql/SubscriptionDraftLineAddMutation.js';
import { storeContract } from './contracts.js';
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

// ---------------------------------------------------------------------------------------------------------------
// A subscription offered by email becomes a contract Encore creates (subscriptionContractAtomicCreate): order editing
// cannot add a selling-plan line, and Shopify only creates contracts itself at checkout. The contract is paid with
// the customer's vaulted card (Customer.paymentMethods: "A list of the customer's payment methods"), ships where the
// original order ships, and is stored like a webhook's contract (storeContract), so the renewal job bills it: its
// first billing date is now, so the first cycle is charged (and its order created) by the same billing as any renewal.

export interface ContractOfferRequest {
  shop: { id: string; domain: string };
  /** The original order (GID): its customer, card and shipping address. */
  orderId: string;
  variantId: string;
  quantity: number;
  sellingPlan: {
    id: string;
    name: string;
    billing: { interval: BillingIntervalName; intervalCount: number };
    delivery: { interval: BillingIntervalName; intervalCount: number };
  };
  unitPrices: { currencyCode: string; minor: number }[];
  marker: string;
}

type BillingIntervalName = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

export type ContractOfferResult =
  | { kind: 'created'; contractId: string; nextBillingDate: Date; unitPriceMinor: number; currencyCode: string; created: boolean }
  | { kind: 'no_payment_method' }
  | { kind: 'refused'; reason: string };

function addressInput(address: NonNullable<NonNullable<OfferContractContextData['order']>['shippingAddress']>) {
  return {
    firstName: address.firstName,
    lastName: address.lastName,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    provinceCode: address.provinceCode,
    countryCode: address.countryCodeV2,
    zip: address.zip,
    phone: address.phone,
  };
}

/** Creates (once per marker) the contract for an accepted subscription offer, and stores it. */
export async function createContractForOffer(
  deps: Pick<SubscriptionDeps, 'db' | 'adminFor' | 'logger' | 'jobs' | 'clock'>,
  request: ContractOfferRequest,
): Promise<ContractOfferResult> {
  const log = deps.logger.child({ shop: request.shop.domain, orderId: request.orderId, marker: request.marker });
  const admin = await deps.adminFor(request.shop.domain);
  const { order } = await admin.request(OfferContractContextQuery, { orderId: request.orderId });
  const customer = order?.customer;
  if (!order || !customer) return { kind: 'refused', reason: 'the order has no customer' };
  const price =
    request.unitPrices.find((p) => p.currencyCode === order.presentmentCurrencyCode) ?? request.unitPrices.find((p) => p.minor >= 0);
  if (!price) return { kind: 'refused', reason: 'no price for the offer' };
  const now = deps.clock.now();
  const earlier = customer.subscriptionContracts.nodes.find((c) =>
    c.customAttributes.some((a) => a.key === OFFER_LINE_MARKER && a.value === request.marker),
  );
  if (earlier) {
    log.warn({ contractId: earlier.id }, 'found the contract an earlier attempt created; not creating another');
    const stored = await deps.db.prisma.subscriptionContract.findFirst({ where: { shopId: request.shop.id, shopifyId: earlier.id } });
    return {
      kind: 'created',
      contractId: earlier.id,
      nextBillingDate: stored?.nextBillingDate ?? now,
      unitPriceMinor: price.minor,
      currencyCode: price.currencyCode,
      created: false,
    };
  }
  // The card an ACTIVE contract of this customer already renews on, else the first card on file.
  const methods = customer.paymentMethods.nodes.filter((m) => !m.revokedAt);
  const inUse = await deps.db.prisma.subscriptionContract.findFirst({
    where: { shopId: request.shop.id, customerId: customer.id, status: 'ACTIVE', paymentMethodId: { in: methods.map((m) => m.id) } },
    select: { paymentMethodId: true },
  });
  const paymentMethodId = inUse?.paymentMethodId ?? methods[0]?.id;
  if (!paymentMethodId) return { kind: 'no_payment_method' };
  const shipping = order.shippingAddress;
  const data = await admin.request(SubscriptionContractAtomicCreateMutation, {
    input: {
      customerId: customer.id,
      nextBillingDate: now.toISOString(),
      currencyCode: price.currencyCode as SubscriptionContractAtomicCreateVariables['input']['currencyCode'],
      contract: {
        status: 'ACTIVE',
        paymentMethodId,
        billingPolicy: request.sellingPlan.billing,
        deliveryPolicy: request.sellingPlan.delivery,
        deliveryPrice: '0',
        ...(shipping
          ? {
              deliveryMethod: {
                shipping: {
                  address: addressInput(shipping),
                  ...(order.shippingLine ? { shippingOption: { title: order.shippingLine.title, code: order.shippingLine.code } } : {}),
                },
              },
            }
          : {}),
        customAttributes: [{ key: OFFER_LINE_MARKER, value: request.marker }],
      },
      lines: [
        {
          line: {
            productVariantId: request.variantId,
            quantity: request.quantity,
            currentPrice: minorToDecimal(price.minor, price.currencyCode),
            sellingPlanId: request.sellingPlan.id,
            sellingPlanName: request.sellingPlan.name,
          },
        },
      ],
    },
  });
  const result = data.subscriptionContractAtomicCreate;
  if (!result?.contract || result.userErrors.length) {
    const reason = messages(result?.userErrors, 'no contract returned');
    log.warn({ reason }, 'Shopify refused the contract for an accepted subscription offer');
    return { kind: 'refused', reason };
  }
  await storeContract(deps, request.shop.id, result.contract, { origin: 'encore' });
  log.info({ contractId: result.contract.id }, 'contract created for an accepted subscription offer');
  return {
    kind: 'created',
    contractId: result.contract.id,
    nextBillingDate: new Date(String(result.contract.nextBillingDate ?? now.toISOString())),
    unitPriceMinor: price.minor,
    currencyCode: price.currencyCode,
    created: true,
  };
}
