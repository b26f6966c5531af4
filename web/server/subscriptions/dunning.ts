// Pure dunning rules: what a failed billing attempt means and what happens next. Codes are Shopify's
// SubscriptionBillingAttemptErrorCode values (2026-07 schema, descriptions quoted where they decide the class).

export type FailureClass =
  /** Worth retrying as it is: the bank may say yes later (insufficient funds, a generic decline, a processor hiccup). */
  | 'payment_retry'
  /** Retrying the same card cannot help: the customer must give another one (expired, invalid, not found). */
  | 'payment_method'
  /** The customer must confirm the payment (3-D Secure): "Additional authentication is required". */
  | 'authentication'
  /** "Not enough inventory found" / "No inventory location found or enabled". */
  | 'inventory'
  /** A problem retries cannot fix and the customer cannot either (merchant account, customer gone, test mode). */
  | 'fatal';

const PAYMENT_METHOD = new Set([
  'EXPIRED_CARD',
  'EXPIRED_PAYMENT_METHOD',
  'INVALID_PAYMENT_METHOD',
  'PAYMENT_METHOD_NOT_FOUND',
  'PAYMENT_METHOD_NOT_SPECIFIED',
  'PAYMENT_METHOD_UNSUPPORTED',
  'PAYMENT_METHOD_DECLINED',
  'CARD_NUMBER_INCORRECT',
  'INCORRECT_NUMBER',
  'INVALID_NUMBER',
  'INVALID_EXPIRY_DATE',
  'INCORRECT_ZIP',
  'INCORRECT_ADDRESS',
  'INVALID_BILLING_ADDRESS',
  'BUYER_CANCELED_PAYMENT_METHOD',
  'INVALID_CUSTOMER_BILLING_AGREEMENT',
  'FRAUD_SUSPECTED',
]);
const AUTHENTICATION = new Set([
  'AUTHENTICATION_REQUIRED',
  'AUTHENTICATION_FAILED',
  'AUTHENTICATION_ERROR',
  'OFF_SESSION_REJECTED',
  'EXPIRED_BUYER_ACTION',
  'CONFIRMATION_REJECTED',
]);
const INVENTORY = new Set(['INSUFFICIENT_INVENTORY', 'INVENTORY_ALLOCATIONS_NOT_FOUND']);
const FATAL = new Set([
  'CUSTOMER_INVALID',
  'CUSTOMER_NOT_FOUND',
  'MERCHANT_ACCOUNT_ERROR',
  'NON_TEST_ORDER_LIMIT_REACHED',
  'PAYMENT_METHOD_INCOMPATIBLE_WITH_GATEWAY_CONFIG',
  'PAYMENT_PROVIDER_IS_NOT_ENABLED',
  'TEST_MODE',
  'FREE_GIFT_CARD_NOT_ALLOWED',
  'INVALID_SHIPPING_ADDRESS',
  'INVALID_CURRENCY',
  'PURCHASE_TYPE_NOT_SUPPORTED',
  'INVALID_PURCHASE_TYPE',
  'INVOICE_ALREADY_PAID',
]);

/** Unknown or new codes are treated as a plain decline: retried on the schedule, which is the cautious choice. */
export function classifyFailure(code: string | null | undefined): FailureClass {
  const upper = (code ?? '').toUpperCase();
  if (PAYMENT_METHOD.has(upper)) return 'payment_method';
  if (AUTHENTICATION.has(upper)) return 'authentication';
  if (INVENTORY.has(upper)) return 'inventory';
  if (FATAL.has(upper)) return 'fatal';
  return 'payment_retry';
}

export type FinalAction = 'pause' | 'cancel' | 'skip';

export interface DunningPolicy {
  /** Days after each failed attempt before the next one; its length is the number of retries. */
  retryDays: readonly number[];
  finalAction: FinalAction;
  inventoryAction: 'skip' | 'retry';
}

export type DunningDecision =
  | { kind: 'retry'; afterDays: number; nextAttempt: number; askForPaymentMethod: boolean; askForAuthentication: boolean }
  | { kind: 'skip_cycle'; reason: 'inventory' }
  | { kind: 'final'; action: FinalAction; reason: 'retries_exhausted' | 'not_retryable' };

/**
 * What to do after attempt `attempt` (1 = the charge on the billing date) of a cycle failed with `code`. Retries
 * follow the shop's schedule; a card problem also asks the customer for another card, a 3-D Secure challenge asks
 * them to confirm; an inventory failure skips the cycle or retries, as the shop chose; after the last retry, or
 * on a failure no retry can fix, the shop's final action.
 */
export function decideAfterFailure(code: string | null | undefined, attempt: number, policy: DunningPolicy): DunningDecision {
  const failure = classifyFailure(code);
  if (failure === 'inventory' && policy.inventoryAction === 'skip') return { kind: 'skip_cycle', reason: 'inventory' };
  if (failure === 'fatal') return { kind: 'final', action: policy.finalAction, reason: 'not_retryable' };
  const afterDays = policy.retryDays[attempt - 1];
  if (afterDays === undefined) return { kind: 'final', action: policy.finalAction, reason: 'retries_exhausted' };
  return {
    kind: 'retry',
    afterDays,
    nextAttempt: attempt + 1,
    askForPaymentMethod: failure === 'payment_method',
    askForAuthentication: failure === 'authentication',
  };
}

/** The contract's dunning state after a decision, as the merchant sees it. */
export function dunningStateAfter(
  decision: DunningDecision,
): 'retrying' | 'awaiting_payment_method' | 'awaiting_customer' | 'none' | 'exhausted' {
  if (decision.kind === 'skip_cycle') return 'none';
  if (decision.kind === 'final') return 'exhausted';
  if (decision.askForPaymentMethod) return 'awaiting_payment_method';
  if (decision.askForAuthentication) return 'awaiting_customer';
  return 'retrying';
}
