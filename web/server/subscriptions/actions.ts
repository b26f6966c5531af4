// What can be done to a contract, by the shopper on the self-service page, by the merchant through the API, or by
// dunning: pause, resume, cancel, skip the next delivery, move the next date, change the frequency among the plan's
// options. Each asks Shopify first and stores the contract Shopify returns (which reschedules its renewal), so
// Encore never believes in a change Shopify refused.
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { assertNoUserErrors } from '../shopify/admin-client.js';
import { ShopifyUserErrors } from '../shopify/errors.js';
import { CustomerPaymentMethodSendUpdateEmailMutation } from '../shopify/graphql/CustomerPaymentMethodSendUpdateEmailMutation.js';
import { SubscriptionContractActivateMutation } from '../shopify/graphql/SubscriptionContractActivateMutation.js';
import { SubscriptionContractCancelMutation } from '../shopify/graphql/SubscriptionContractCancelMutation.js';
import type { SubscriptionContractFields } from '../shopify/graphql/SubscriptionContractFieldsFragment.js';
import { SubscriptionContractPauseMutation } from '../shopify/graphql/SubscriptionContractPauseMutation.js';
import { SubscriptionContractSetNextBillingDateMutation } from '../shopify/graphql/SubscriptionContractSetNextBillingDateMutation.js';
import { SubscriptionContractUpdateMutation } from '../shopify/graphql/SubscriptionContractUpdateMutation.js';
import { SubscriptionDraftCommitMutation } from '../shopify/graphql/SubscriptionDraftCommitMutation.js';
import { SubscriptionDraftLineUpdateMutation } from '../shopify/graphql/SubscriptionDraftLineUpdateMutation.js';
import { SubscriptionDraftUpdateMutation } from '../shopify/graphql/SubscriptionDraftUpdateMutation.js';
import { installedShop } from '../shops/index.js';
import { storeContract } from './contracts.js';
import type { SubscriptionDeps } from './deps.js';
import { enqueueNotice } from './notices.js';
import type { StoredPlan } from './plans.js';
import { repricedLines } from './reprice.js';
import { addDays, addInterval } from './schedule.js';
import type { ContractRecord } from './scheduling.js';

export type ContractAction = 'pause' | 'resume' | 'cancel' | 'skip';
export const CONTRACT_ACTIONS: readonly ContractAction[] = ['pause', 'resume', 'cancel', 'skip'];

interface Shop {
  id: string;
  domain: string;
}

async function contractOf(deps: SubscriptionDeps, shopId: string, contractId: string): Promise<ContractRecord> {
  const contract = await deps.db.prisma.subscriptionContract.findFirst({ where: { id: contractId, shopId } });
  if (!contract) throw new NotFoundError(`No subscription contract ${contractId} in this shop.`);
  return contract;
}

/** Stores the contract Shopify returned, or turns Shopify's refusal into a 409 that says why. */
async function stored(
  deps: SubscriptionDeps,
  shop: Shop,
  operation: string,
  payload: { contract?: SubscriptionContractFields | null; userErrors: { message: string }[] } | null | undefined,
): Promise<ContractRecord> {
  if (!payload?.contract || payload.userErrors.length > 0) {
    throw new ConflictError(
      `Shopify refused to ${operation} this subscription: ${payload?.userErrors.map((e) => e.message).join('; ') || 'no answer'}.`,
    );
  }
  await storeContract(deps, shop.id, payload.contract);
  return deps.db.prisma.subscriptionContract.findUniqueOrThrow({
    where: { shopId_shopifyId: { shopId: shop.id, shopifyId: payload.contract.id } },
  });
}

export async function pauseContract(deps: SubscriptionDeps, shop: Shop, contractId: string): Promise<ContractRecord> {
  const contract = await contractOf(deps, shop.id, contractId);
  if (contract.status === 'PAUSED') return contract;
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(SubscriptionContractPauseMutation, { id: contract.shopifyId });
  const paused = await stored(deps, shop, 'pause', data.subscriptionContractPause);
  await enqueueNotice(deps, shop.domain, { contractId: paused.id, cycle: paused.currentCycle, kind: 'paused' });
  return paused;
}

export async function cancelContract(deps: SubscriptionDeps, shop: Shop, contractId: string): Promise<ContractRecord> {
  const contract = await contractOf(deps, shop.id, contractId);
  if (contract.status === 'CANCELLED') return contract;
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(SubscriptionContractCancelMutation, { id: contract.shopifyId });
  const cancelled = await stored(deps, shop, 'cancel', data.subscriptionContractCancel);
  await enqueueNotice(deps, shop.domain, { contractId: cancelled.id, cycle: cancelled.currentCycle, kind: 'cancelled' });
  return cancelled;
}

/**
 * Resumes a paused contract. A billing date that passed while it was paused is moved to tomorrow, so resuming
 * never charges at once for a period the shopper did not receive.
 */
export async function resumeContract(deps: SubscriptionDeps, shop: Shop, contractId: string): Promise<ContractRecord> {
  const contract = await contractOf(deps, shop.id, contractId);
  if (contract.status === 'ACTIVE') return contract;
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(SubscriptionContractActivateMutation, { id: contract.shopifyId });
  const resumed = await stored(deps, shop, 'resume', data.subscriptionContractActivate);
  await deps.db.prisma.subscriptionContract.update({
    where: { id: resumed.id },
    data: { dunningState: 'none', failedAttempts: 0, nextRetryAt: null },
  });
  const now = deps.clock.now();
  if (resumed.nextBillingDate && resumed.nextBillingDate.getTime() <= now.getTime()) {
    return rescheduleContract(deps, shop, resumed.id, addDays(now, 1));
  }
  return deps.db.prisma.subscriptionContract.findUniqueOrThrow({ where: { id: resumed.id } });
}

/** Moves the next billing date. */
export async function rescheduleContract(deps: SubscriptionDeps, shop: Shop, contractId: string, date: Date): Promise<ContractRecord> {
  const contract = await contractOf(deps, shop.id, contractId);
  const now = deps.clock.now();
  if (date.getTime() <= now.getTime()) {
    throw new UnprocessableError('The next delivery date must be in the future.', [{ field: 'date', message: 'Choose a later date.' }]);
  }
  if (date.getTime() > addDays(now, 366).getTime()) {
    throw new UnprocessableError('The next delivery date must be within a year.', [{ field: 'date', message: 'Choose an earlier date.' }]);
  }
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(SubscriptionContractSetNextBillingDateMutation, { id: contract.shopifyId, date: date.toISOString() });
  return stored(deps, shop, 'change the date of', data.subscriptionContractSetNextBillingDate);
}

/**
 * Skips the next delivery: the current cycle is never charged and the next billing date moves one interval on.
 * Safe to repeat: the cycle is advanced only if it is still the one skipped, and the new date is computed from the
 * cycle's own date.
 */
export async function skipCycle(deps: SubscriptionDeps, shop: Shop, contractId: string, cycle?: number): Promise<ContractRecord> {
  const contract = await contractOf(deps, shop.id, contractId);
  const skipping = cycle ?? contract.currentCycle;
  if (contract.currentCycle !== skipping) return contract;
  if (contract.status !== 'ACTIVE' || !contract.nextBillingDate) {
    throw new ConflictError('Only an active subscription with a next delivery can skip it.');
  }
  const target = addInterval(contract.nextBillingDate, contract.billingInterval, contract.billingCount);
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(SubscriptionContractSetNextBillingDateMutation, { id: contract.shopifyId, date: target.toISOString() });
  if (!data.subscriptionContractSetNextBillingDate?.contract || data.subscriptionContractSetNextBillingDate.userErrors.length > 0) {
    return stored(deps, shop, 'skip the next delivery of', data.subscriptionContractSetNextBillingDate);
  }
  await deps.db.prisma.subscriptionContract.updateMany({
    where: { id: contract.id, currentCycle: skipping },
    data: { currentCycle: skipping + 1, failedAttempts: 0, dunningState: 'none', nextRetryAt: null },
  });
  const skipped = await stored(deps, shop, 'skip the next delivery of', data.subscriptionContractSetNextBillingDate);
  await enqueueNotice(deps, shop.domain, { contractId: skipped.id, cycle: skipping, kind: 'skipped' });
  return skipped;
}

/** Changes billing and delivery frequency to another plan of the same group (draft, update, re-price, commit). */
export async function changeFrequency(
  deps: SubscriptionDeps,
  shop: Shop,
  contractId: string,
  plan: StoredPlan,
  groupPlans: readonly StoredPlan[],
): Promise<ContractRecord> {
  const contract = await contractOf(deps, shop.id, contractId);
  const admin = await deps.adminFor(shop.domain);
  const opened = assertNoUserErrors(
    'subscriptionContractUpdate',
    (await admin.request(SubscriptionContractUpdateMutation, { id: contract.shopifyId })).subscriptionContractUpdate,
  );
  if (!opened.draft) throw new ConflictError('Shopify opened no draft for this subscription.');
  const draftId = opened.draft.id;
  const interval = (value: string) => value as 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
  try {
    assertNoUserErrors(
      'subscriptionDraftUpdate',
      (
        await admin.request(SubscriptionDraftUpdateMutation, {
          draftId,
          input: {
            billingPolicy: { interval: interval(plan.interval), intervalCount: plan.intervalCount * plan.prepaidDeliveries },
            deliveryPolicy: { interval: interval(plan.interval), intervalCount: plan.intervalCount },
          },
        })
      ).subscriptionDraftUpdate,
    );
    for (const update of await repricedLines(deps, admin, contract, plan, groupPlans)) {
      assertNoUserErrors(
        'subscriptionDraftLineUpdate',
        (await admin.request(SubscriptionDraftLineUpdateMutation, { draftId, lineId: update.lineId, input: update.input }))
          .subscriptionDraftLineUpdate,
      );
    }
  } catch (error) {
    if (error instanceof ShopifyUserErrors) throw new ConflictError(`Shopify refused the new frequency: ${error.message}`);
    throw error;
  }
  const committed = await admin.request(SubscriptionDraftCommitMutation, { draftId });
  return stored(deps, shop, 'change the frequency of', committed.subscriptionDraftCommit);
}

/** Dunning's last word: the shop's final action, or skipping the cycle (inventory). */
export async function pauseCancelOrSkip(
  deps: SubscriptionDeps,
  shop: Shop,
  contractId: string,
  action: 'pause' | 'cancel' | 'skip',
  cycle: number,
  log: Logger,
): Promise<void> {
  try {
    if (action === 'pause') await pauseContract(deps, shop, contractId);
    else if (action === 'cancel') await cancelContract(deps, shop, contractId);
    else await skipCycle(deps, shop, contractId, cycle);
    log.info({ action }, 'dunning applied the final action');
  } catch (error) {
    if (error instanceof ConflictError) log.warn({ action, error: error.message }, 'dunning could not apply its action');
    else throw error;
  }
}

export const PAYMENT_UPDATE_JOB = 'subscriptions.payment-update';
export const ACTION_NOTICE_JOB = 'subscriptions.action-notice';

/**
 * Tells the customer a renewal did not go through: a decline to be retried (our "payment failed" notice), a card
 * problem (Shopify's card-update email and our notice saying so), or a payment to confirm (our notice).
 */
export async function contactCustomer(
  deps: SubscriptionDeps,
  shop: Shop,
  contract: ContractRecord,
  reason: 'payment_method' | 'authentication' | 'declined',
  nextActionUrl: string | null,
  cycle: number,
): Promise<void> {
  if (reason !== 'authentication') {
    const cardUpdateRequested = reason === 'payment_method';
    await enqueueNotice(deps, shop.domain, { contractId: contract.id, cycle, kind: 'payment_failed', cardUpdateRequested });
  }
  if (reason === 'declined') return;
  if (reason === 'payment_method') {
    await deps.jobs.enqueue(
      PAYMENT_UPDATE_JOB,
      { contractId: contract.id, cycle },
      { idempotencyKey: `${PAYMENT_UPDATE_JOB}:${contract.id}:${cycle}`, shopDomain: shop.domain },
    );
    return;
  }
  await deps.jobs.enqueue(
    ACTION_NOTICE_JOB,
    { contractId: contract.id, cycle, actionUrl: nextActionUrl },
    { idempotencyKey: `${ACTION_NOTICE_JOB}:${contract.id}:${cycle}`, shopDomain: shop.domain },
  );
}

/** The payment-update job: Shopify emails the customer a secure link to replace the card on the contract. */
export async function sendPaymentUpdateEmail(
  deps: SubscriptionDeps,
  contractId: string,
  log: Logger,
): Promise<{ sent: boolean; reason?: string }> {
  const contract = await deps.db.prisma.subscriptionContract.findUnique({ where: { id: contractId } });
  if (!contract?.paymentMethodId) return { sent: false, reason: 'no_payment_method' };
  const shop = await installedShop(deps.db, { id: contract.shopId });
  if (!shop) return { sent: false, reason: 'shop_uninstalled' };
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(CustomerPaymentMethodSendUpdateEmailMutation, { paymentMethodId: contract.paymentMethodId });
  deps.budget.observe(shop.domain, admin.lastCost(), deps.clock.now());
  const errors = data.customerPaymentMethodSendUpdateEmail?.userErrors ?? [];
  if (errors.length > 0) {
    log.warn({ contractId: contract.shopifyId, userErrors: errors }, 'Shopify refused to send the card update email');
    return { sent: false, reason: errors.map((e) => e.message).join('; ') };
  }
  log.info({ contractId: contract.shopifyId }, 'card update email sent by Shopify');
  return { sent: true };
}
