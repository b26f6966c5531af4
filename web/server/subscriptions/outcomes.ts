// The outcome of a billing attempt, however it arrives (subscription_billing_attempts/success|failure|challenged,
// a poll, or Shopify replaying a settled attempt): recorded once, by a conditional update on the attempt's status,
// so duplicate and out-of-order deliveries change nothing. A success records the renewal order in the ledger as
// subscription revenue and schedules the next cycle; a failure goes to dunning; a challenge waits for the customer.
import type { Logger } from '../logger.js';
import type { SubscriptionBillingAttemptFields } from '../shopify/graphql/SubscriptionBillingAttemptFieldsFragment.js';
import { SubscriptionBillingAttemptQuery } from '../shopify/graphql/SubscriptionBillingAttemptQuery.js';
import { installedShop } from '../shops/index.js';
import type { TopicHandler, WebhookEvent } from '../webhooks/index.js';
import { contactCustomer, pauseCancelOrSkip } from './actions.js';
import { CHALLENGE_EXPIRY_DAYS, CHALLENGE_EXPIRY_JOB } from './challenge-expiry.js';
import type { SubscriptionDeps } from './deps.js';
import { classifyFailure, type DunningDecision, decideAfterFailure, dunningStateAfter } from './dunning.js';
import { advanceContractRow, attemptExists, type ContractInShop, readContractInShop, settleAttemptRow } from './rows.js';
import { addDays, addInterval } from './schedule.js';
import type { AttemptRecord, ContractRecord } from './scheduling.js';
import { scheduleCycle, scheduleCycleJobs } from './scheduling.js';
import { readSubscriptionSettings } from './settings.js';

export type AttemptOutcome =
  | { kind: 'success'; orderId: string | null }
  | { kind: 'failure'; errorCode: string | null; errorMessage: string | null }
  | { kind: 'challenged'; nextActionUrl: string | null };

/** The state of an attempt as Shopify reports it, as an outcome Encore records; null while it is processing. */
export function outcomeOf(attempt: SubscriptionBillingAttemptFields): AttemptOutcome | null {
  const { state } = attempt;
  switch (state.__typename) {
    case 'SubscriptionBillingAttemptSuccessState':
      return { kind: 'success', orderId: state.order?.id ?? null };
    case 'SubscriptionBillingAttemptFailedState': {
      const error = state.error as { paymentCode?: string; inventoryCode?: string; generalCode?: string };
      return { kind: 'failure', errorCode: error.paymentCode ?? error.inventoryCode ?? error.generalCode ?? null, errorMessage: null };
    }
    case 'SubscriptionBillingAttemptActionRequiredState': {
      const action = state.action as { nextActionUrl?: string | null };
      return { kind: 'challenged', nextActionUrl: action.nextActionUrl ?? null };
    }
    default:
      return null;
  }
}

/** Reads one attempt from Shopify; null when it cannot be read. */
export async function readAttempt(
  deps: SubscriptionDeps,
  shop: { domain: string },
  shopifyAttemptId: string,
): Promise<AttemptOutcome | null> {
  const admin = await deps.adminFor(shop.domain);
  const { subscriptionBillingAttempt } = await admin.request(SubscriptionBillingAttemptQuery, { id: shopifyAttemptId });
  deps.budget.observe(shop.domain, admin.lastCost(), deps.clock.now());
  return subscriptionBillingAttempt ? outcomeOf(subscriptionBillingAttempt) : null;
}

interface AttemptRef {
  idempotencyKey?: string | null;
  shopifyAttemptId?: string | null;
}

const STATUS_OF = { success: 'succeeded', failure: 'failed', challenged: 'challenged' } as const;

export type RecordResult = 'recorded' | 'duplicate' | 'unknown_attempt';

export async function recordOutcome(
  deps: SubscriptionDeps,
  shop: { id: string; domain: string },
  ref: AttemptRef,
  outcome: AttemptOutcome,
  log: Logger,
): Promise<RecordResult> {
  // A challenge may still end in success or failure; success and failure are final.
  const from = outcome.kind === 'challenged' ? ['pending', 'submitted'] : ['pending', 'submitted', 'challenged'];
  const now = deps.clock.now();
  // One conditional UPDATE … RETURNING (rows.ts): whoever applies the outcome first gets the row back; a duplicate
  // or late delivery changes nothing. This runs once per renewal, thousands at the same minute.
  const row = await settleAttemptRow(
    deps.db,
    shop.id,
    ref,
    from,
    {
      status: STATUS_OF[outcome.kind],
      ...(ref.shopifyAttemptId ? { shopifyAttemptId: ref.shopifyAttemptId } : {}),
      ...(outcome.kind === 'success' ? { orderId: outcome.orderId, completedAt: now } : {}),
      ...(outcome.kind === 'failure' ? { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage, completedAt: now } : {}),
      ...(outcome.kind === 'challenged' ? { nextActionUrl: outcome.nextActionUrl } : {}),
    },
    now,
  );
  if (!row) {
    if (await attemptExists(deps.db, shop.id, ref)) return 'duplicate';
    log.info({ ...ref }, 'billing attempt Encore did not make (or no longer knows); ignored');
    return 'unknown_attempt';
  }
  const read = await readContractInShop(deps.db, row.contractId);
  if (!read) return 'recorded';
  const { contract } = read;
  const context = { contractId: contract.shopifyId, cycle: row.cycleIndex, attempt: row.attemptNumber };
  if (outcome.kind === 'success') await applySuccess(deps, read, row, outcome.orderId, log.child(context));
  else if (outcome.kind === 'failure') await applyFailure(deps, shop, contract, row, outcome.errorCode, log.child(context));
  else await applyChallenge(deps, shop, contract, row, outcome.nextActionUrl, log.child(context));
  return 'recorded';
}

async function applySuccess(deps: SubscriptionDeps, read: ContractInShop, row: AttemptRecord, orderId: string | null, log: Logger) {
  const { contract } = read;
  const now = deps.clock.now();
  const due = contract.nextBillingDate ?? now;
  const next = addInterval(due, contract.billingInterval, contract.billingCount);
  const advanced = await advanceContractRow(deps.db, contract.id, row.cycleIndex, next, now);
  if (orderId) {
    // The shop's currency as read with the contract (installed or not: revenue is recorded either way).
    const inShopCurrency = read.shop.currencyCode === contract.currencyCode && row.amountMinor !== null;
    await deps.ledger.recordEvent({
      shopId: contract.shopId,
      orderKey: orderId,
      customerId: contract.customerId,
      surface: 'subscription',
      kind: 'paid',
      ...(inShopCurrency ? { amount: { minor: row.amountMinor ?? 0, currencyCode: contract.currencyCode } } : {}),
      idempotencyKey: `subscription.renewal:${row.idempotencyKey}`,
      detail: {
        contractId: contract.shopifyId,
        cycle: row.cycleIndex,
        attempt: row.attemptNumber,
        amountMinor: row.amountMinor,
        currencyCode: contract.currencyCode,
      },
      occurredAt: now,
    });
  }
  log.info({ orderId, advanced: advanced !== null }, 'renewal billed');
  // The next cycle's jobs, from what was just read and written (the shop's domain and reminder setting came with
  // the contract): no further reads.
  if (advanced && read.shop.installed) await scheduleCycleJobs(deps, advanced, read.shop.domain, read.reminderDays);
}

async function applyFailure(
  deps: SubscriptionDeps,
  shop: { id: string; domain: string },
  contract: ContractRecord,
  row: AttemptRecord,
  errorCode: string | null,
  log: Logger,
) {
  if (contract.currentCycle !== row.cycleIndex || contract.failedAttempts !== row.attemptNumber - 1) {
    log.info({ errorCode }, 'late failure of an attempt whose cycle has moved on; recorded only');
    return;
  }
  const settings = await readSubscriptionSettings(deps.db, contract.shopId);
  const decision = decideAfterFailure(errorCode, row.attemptNumber, settings);
  await deps.db.prisma.billingAttempt.update({ where: { id: row.id }, data: { dunningAction: actionName(decision) } });
  const now = deps.clock.now();
  const base = {
    failedAttempts: row.attemptNumber,
    lastErrorCode: errorCode,
    lastPaymentStatus: 'FAILED',
    dunningState: dunningStateAfter(decision),
  };
  log.info({ errorCode, decision }, 'renewal failed; dunning decided');
  if (decision.kind === 'retry') {
    const nextRetryAt = addDays(now, decision.afterDays);
    const { count } = await deps.db.prisma.subscriptionContract.updateMany({
      where: { id: contract.id, currentCycle: row.cycleIndex, failedAttempts: row.attemptNumber - 1 },
      data: { ...base, nextRetryAt },
    });
    if (count === 0) return;
    const updated = await deps.db.prisma.subscriptionContract.findUniqueOrThrow({ where: { id: contract.id } });
    await scheduleCycle(deps, updated);
    // Tell the customer (the "payment failed" notice, Shopify's card-update email, the 3-D Secure notice); an
    // inventory retry is the shop's problem, not the customer's card: no notice.
    const reason = decision.askForPaymentMethod
      ? 'payment_method'
      : decision.askForAuthentication
        ? 'authentication'
        : classifyFailure(errorCode) === 'inventory'
          ? null
          : 'declined';
    if (reason) await contactCustomer(deps, shop, updated, reason, null, row.cycleIndex);
    return;
  }
  await deps.db.prisma.subscriptionContract.updateMany({
    where: { id: contract.id, currentCycle: row.cycleIndex },
    data: { ...base, nextRetryAt: null },
  });
  const action = decision.kind === 'skip_cycle' ? 'skip' : decision.action;
  await pauseCancelOrSkip(deps, shop, contract.id, action, row.cycleIndex, log);
}

async function applyChallenge(
  deps: SubscriptionDeps,
  shop: { id: string; domain: string },
  contract: ContractRecord,
  row: AttemptRecord,
  nextActionUrl: string | null,
  log: Logger,
) {
  // No automatic retry while a challenge is open: the customer answering it charges this same attempt, and a
  // second attempt for the cycle could then charge it twice.
  await deps.db.prisma.subscriptionContract.updateMany({
    where: { id: contract.id, currentCycle: row.cycleIndex },
    data: { dunningState: 'awaiting_customer', lastPaymentStatus: 'FAILED', lastErrorCode: 'AUTHENTICATION_REQUIRED' },
  });
  await deps.db.prisma.billingAttempt.update({ where: { id: row.id }, data: { dunningAction: 'await_customer' } });
  // Bounded: if the customer never answers, the shop's final action ends the wait (challenge-expiry.ts).
  await deps.jobs.enqueue(
    CHALLENGE_EXPIRY_JOB,
    { attemptId: row.id },
    { delayMs: CHALLENGE_EXPIRY_DAYS * 86_400_000, idempotencyKey: `${CHALLENGE_EXPIRY_JOB}:${row.id}`, shopDomain: shop.domain },
  );
  log.info({ expiresInDays: CHALLENGE_EXPIRY_DAYS }, 'renewal needs the customer to confirm the payment (3-D Secure)');
  await contactCustomer(deps, shop, contract, 'authentication', nextActionUrl, row.cycleIndex);
}

function actionName(decision: DunningDecision): string {
  if (decision.kind === 'retry') return decision.askForPaymentMethod ? 'retry_and_ask_for_card' : 'retry';
  if (decision.kind === 'skip_cycle') return 'skip_cycle';
  return decision.action;
}

interface AttemptPayload {
  admin_graphql_api_id?: unknown;
  idempotency_key?: unknown;
  admin_graphql_api_order_id?: unknown;
  error_code?: unknown;
  error_message?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/**
 * subscription_billing_attempts/success|failure|challenged. Payload fields as in Shopify's subscriptions reference
 * app fixtures: id, admin_graphql_api_id, idempotency_key, order_id, admin_graphql_api_order_id, error_code
 * (lower case), error_message. The challenge's URL is not in the payload; it is read from the Admin API.
 */
export function attemptWebhookHandler(deps: SubscriptionDeps, kind: AttemptOutcome['kind']): TopicHandler {
  return async (event: WebhookEvent, log: Logger) => {
    const body = (event.body ?? {}) as AttemptPayload;
    const shop = await installedShop(deps.db, { domain: event.shop });
    if (!shop) return;
    const ref = { idempotencyKey: text(body.idempotency_key), shopifyAttemptId: text(body.admin_graphql_api_id) };
    if (kind === 'challenged') {
      // The payload has no challenge URL: read the attempt (its ActionRequiredState carries nextActionUrl).
      const read = ref.shopifyAttemptId ? await readAttempt(deps, shop, ref.shopifyAttemptId) : null;
      const outcome: AttemptOutcome = read?.kind === 'challenged' ? read : { kind: 'challenged', nextActionUrl: null };
      const result = await recordOutcome(deps, shop, ref, outcome, log);
      log.info({ result, idempotencyKey: ref.idempotencyKey }, 'billing attempt challenged');
      return;
    }
    const outcome: AttemptOutcome =
      kind === 'success'
        ? { kind: 'success', orderId: text(body.admin_graphql_api_order_id) }
        : { kind: 'failure', errorCode: text(body.error_code)?.toUpperCase() ?? null, errorMessage: text(body.error_message) };
    const result = await recordOutcome(deps, shop, ref, outcome, log);
    log.info({ result, idempotencyKey: ref.idempotencyKey }, `billing attempt ${kind}`);
  };
}
