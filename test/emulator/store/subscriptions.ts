// Subscription contracts, drafts and billing attempts. Contracts are created by "checkout" (as Shopify does when a
// selling-plan line is bought) or by subscriptionContractAtomicCreate; changes go through drafts; billing attempts
// are idempotent per (contract, idempotency key), start pending and resolve later with a scripted outcome.

import crypto from 'node:crypto';
import type { SeedSubscriptionContract, SellingPlanInterval } from '../seed/types.js';
import { cycleBilledBy } from './billing-cycles.js';
import { gid } from './ids.js';
import { type Cents, formatCents, toCents } from './money.js';
import { createOrder, orderPayload } from './orders.js';
import type {
  Address,
  BillingAttemptRecord,
  BillingOutcome,
  ContractDeliveryMethod,
  ContractLineRecord,
  ContractRecord,
  ContractTerms,
  DraftRecord,
  OrderRecord,
  PaymentMethodRecord,
  RecurringPolicy,
  SellingPlanRecord,
} from './records.js';
import type { ShopStore } from './shop-store.js';

export function subscriptionLineId(): string {
  return crypto.randomUUID();
}

export function addInterval(iso: string, interval: SellingPlanInterval, count: number): string {
  const date = new Date(iso);
  switch (interval) {
    case 'DAY':
      date.setUTCDate(date.getUTCDate() + count);
      break;
    case 'WEEK':
      date.setUTCDate(date.getUTCDate() + 7 * count);
      break;
    case 'MONTH':
      date.setUTCMonth(date.getUTCMonth() + count);
      break;
    case 'YEAR':
      date.setUTCFullYear(date.getUTCFullYear() + count);
      break;
  }
  return date.toISOString();
}

export function contractLineFromVariant(
  store: ShopStore,
  variantId: number,
  quantity: number,
  currentPrice: Cents,
  sellingPlanId: number | null,
  sellingPlanName: string | null,
): ContractLineRecord {
  const variant = store.variants.get(variantId);
  const product = variant ? store.products.get(variant.productId) : undefined;
  const plan = sellingPlanId ? store.sellingPlans.get(sellingPlanId) : undefined;
  return {
    id: subscriptionLineId(),
    variantId: variant?.id ?? null,
    productId: product?.id ?? null,
    title: product?.title ?? 'Deleted product',
    variantTitle: variant && variant.title !== 'Default Title' ? variant.title : null,
    sku: variant?.sku ?? null,
    quantity,
    currentPrice,
    sellingPlanId,
    sellingPlanName: sellingPlanName ?? plan?.name ?? null,
    requiresShipping: variant?.requiresShipping ?? true,
    taxable: variant?.taxable ?? true,
    customAttributes: [],
    pricingPolicy: null,
  };
}

export function loadSeedContract(store: ShopStore, seed: SeedSubscriptionContract): void {
  const customer = store.customers.get(seed.customerId);
  const contract: ContractRecord = {
    id: seed.id,
    customerId: seed.customerId,
    currencyCode: seed.currencyCode,
    originOrderId: seed.originOrderId,
    appId: 'encore',
    createdAt: seed.createdAt,
    updatedAt: seed.createdAt,
    revisionId: 1,
    lastPaymentStatus: null,
    lastBillingAttemptErrorType: null,
    orderIds: seed.originOrderId ? [seed.originOrderId] : [],
    status: seed.status,
    paymentMethodId: seed.paymentMethodId,
    nextBillingDate: seed.nextBillingDate,
    billingPolicy: { ...seed.billingPolicy, anchors: [] },
    deliveryPolicy: { ...seed.deliveryPolicy, anchors: [] },
    deliveryPrice: toCents(seed.deliveryPrice),
    deliveryMethod: {
      kind: 'SHIPPING',
      address: customer?.defaultAddress ? { ...customer.defaultAddress } : null,
      shippingOption: { title: 'Standard Shipping', presentmentTitle: 'Standard Shipping', code: 'standard', description: null },
    },
    note: seed.note,
    customAttributes: [],
    lines: seed.lines.map((line) =>
      contractLineFromVariant(store, line.variantId, line.quantity, toCents(line.currentPrice), line.sellingPlanId, null),
    ),
  };
  store.contracts.set(contract.id, contract);
  if (seed.originOrderId) {
    const order = store.orders.get(seed.originOrderId);
    for (const line of order?.lines ?? []) if (line.sellingPlanId) line.contractId = contract.id;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checkout-created contracts

export interface CheckoutSubscriptionInput {
  customerId: number;
  variantId: number;
  sellingPlanId: number;
  quantity?: number;
  /** Other one-time lines in the same checkout. */
  extraLines?: { variantId: number; quantity: number }[];
  /** Which vaulted card pays; default: the customer's first unrevoked card, or a new one is vaulted. */
  paymentMethodId?: string;
  deliveryPrice?: string;
}

export interface NewContract {
  order: OrderRecord;
  plan: SellingPlanRecord;
  paymentMethodId: string | null;
  /** Cents per delivery. */
  deliveryPrice: number;
  shippingOption: ContractDeliveryMethod['shippingOption'];
  line: ContractRecord['lines'][number];
}

/** An active contract of the order's customer on one plan, as Shopify creates it (not stored, not announced). */
export function newContract(store: ShopStore, input: NewContract): ContractRecord {
  const { order, plan } = input;
  if (order.customerId === null) throw new Error('emulator: a subscription contract needs a customer');
  const at = store.nowIso();
  return {
    id: store.newId(),
    customerId: order.customerId,
    currencyCode: order.presentmentCurrencyCode,
    originOrderId: order.id,
    appId: 'encore',
    createdAt: at,
    updatedAt: at,
    revisionId: 1,
    lastPaymentStatus: null,
    lastBillingAttemptErrorType: null,
    orderIds: [order.id],
    status: 'ACTIVE',
    paymentMethodId: input.paymentMethodId,
    nextBillingDate: addInterval(at, plan.billingPolicy.interval, plan.billingPolicy.intervalCount),
    billingPolicy: { ...plan.billingPolicy },
    deliveryPolicy: { interval: plan.deliveryPolicy.interval, intervalCount: plan.deliveryPolicy.intervalCount, anchors: [] },
    deliveryPrice: input.deliveryPrice,
    deliveryMethod: {
      kind: 'SHIPPING',
      address: order.shippingAddress ? { ...order.shippingAddress } : null,
      shippingOption: input.shippingOption,
    },
    note: null,
    customAttributes: [],
    lines: [input.line],
  };
}

export function createContractFromCheckout(
  store: ShopStore,
  input: CheckoutSubscriptionInput,
): { order: OrderRecord; contract: ContractRecord } {
  const customer = store.customers.get(input.customerId);
  if (!customer) throw new Error(`emulator: no customer ${input.customerId} in ${store.domain}`);
  const plan = store.sellingPlans.get(input.sellingPlanId);
  if (!plan) throw new Error(`emulator: no selling plan ${input.sellingPlanId} in ${store.domain}`);
  const variant = store.variants.get(input.variantId);
  if (!variant) throw new Error(`emulator: no variant ${input.variantId} in ${store.domain}`);
  const quantity = input.quantity ?? 1;
  const order = createOrder(store, {
    customerId: customer.id,
    lines: [{ variantId: variant.id, quantity, sellingPlanId: plan.id }, ...(input.extraLines ?? [])],
    shippingPrice: input.deliveryPrice ?? '0.00',
  });
  let method: PaymentMethodRecord | undefined = input.paymentMethodId
    ? store.paymentMethods.get(input.paymentMethodId)
    : customer.paymentMethodIds.map((id) => store.paymentMethods.get(id)).find((m) => m && !m.revokedAt);
  if (!method) {
    // Shopify vaults the checkout card for the subscription.
    method = {
      id: store.newOpaqueId(),
      customerId: customer.id,
      brand: 'visa',
      lastDigits: '4242',
      expiryMonth: 12,
      expiryYear: new Date(store.now()).getUTCFullYear() + 3,
      name: `${customer.firstName ?? ''} ${customer.lastName ?? ''}`.trim(),
      revokedAt: null,
      revokedReason: null,
    };
    store.paymentMethods.set(method.id, method);
    customer.paymentMethodIds.push(method.id);
  }
  const percent = plan.pricingPolicies.find((p) => p.kind === 'fixed' && p.adjustmentType === 'PERCENTAGE')?.adjustmentValue ?? 0;
  const recurringPrice = Math.round(variant.price * (1 - percent / 100));
  const contract = newContract(store, {
    order,
    plan,
    paymentMethodId: method.id,
    deliveryPrice: input.deliveryPrice !== undefined ? toCents(input.deliveryPrice) : 0,
    shippingOption: { title: 'Standard Shipping', presentmentTitle: 'Standard Shipping', code: 'standard', description: null },
    line: contractLineFromVariant(store, variant.id, quantity, recurringPrice, plan.id, plan.name),
  });
  store.contracts.set(contract.id, contract);
  for (const line of order.lines) if (line.sellingPlanId === plan.id) line.contractId = contract.id;
  store.emit('subscription_contracts/create', contractPayload(store, contract));
  return { order, contract };
}

// ---------------------------------------------------------------------------------------------------------------
// Billing attempts

const INVENTORY_CODES = new Set(['INSUFFICIENT_INVENTORY', 'INVENTORY_ALLOCATIONS_NOT_FOUND']);
const GENERAL_CODES = new Set([
  'CUSTOMER_INVALID',
  'CUSTOMER_NOT_FOUND',
  'FREE_GIFT_CARD_NOT_ALLOWED',
  'INVALID_BILLING_ADDRESS',
  'MERCHANT_ACCOUNT_ERROR',
  'NON_TEST_ORDER_LIMIT_REACHED',
  'PAYMENT_METHOD_INCOMPATIBLE_WITH_GATEWAY_CONFIG',
  'PAYMENT_METHOD_NOT_FOUND',
  'PAYMENT_METHOD_NOT_SPECIFIED',
  'PAYMENT_PROVIDER_IS_NOT_ENABLED',
]);

export function failureTypeOf(
  code: string,
): 'SubscriptionBillingAttemptInventoryError' | 'SubscriptionBillingAttemptGeneralError' | 'SubscriptionBillingAttemptPaymentError' {
  if (INVENTORY_CODES.has(code)) return 'SubscriptionBillingAttemptInventoryError';
  if (GENERAL_CODES.has(code)) return 'SubscriptionBillingAttemptGeneralError';
  return 'SubscriptionBillingAttemptPaymentError';
}

const DEFAULT_FAILURE_MESSAGES: Record<string, string> = {
  INSUFFICIENT_FUNDS: 'Your card has insufficient funds.',
  CARD_DECLINED: 'Your card was declined.',
  EXPIRED_CARD: 'Your card has expired.',
  INSUFFICIENT_INVENTORY: 'Insufficient inventory.',
  PAYMENT_METHOD_NOT_FOUND: 'Payment method was not found.',
  AUTHENTICATION_REQUIRED: 'Authentication required.',
};

export type CreateAttemptResult =
  | { kind: 'created'; attempt: BillingAttemptRecord }
  | { kind: 'existing'; attempt: BillingAttemptRecord }
  | { kind: 'error'; code: string; field: string[]; message: string };

export interface CreateAttemptInput {
  idempotencyKey: string;
  originTime: string | null;
  cycleIndex: number | null;
  cycleDate: string | null;
  respectInventoryPolicy: boolean;
}

export function createBillingAttempt(store: ShopStore, contractId: number, input: CreateAttemptInput): CreateAttemptResult {
  const contract = store.contracts.get(contractId);
  if (!contract)
    return {
      kind: 'error',
      code: 'CONTRACT_NOT_FOUND',
      field: ['subscriptionContractId'],
      message: 'Subscription contract does not exist.',
    };
  const existing = [...store.billingAttempts.values()].find(
    (a) => a.contractId === contractId && a.idempotencyKey === input.idempotencyKey,
  );
  if (existing) return { kind: 'existing', attempt: existing };
  if (input.idempotencyKey.trim() === '')
    return {
      kind: 'error',
      code: 'BLANK',
      field: ['subscriptionBillingAttemptInput', 'idempotencyKey'],
      message: "Idempotency key can't be blank",
    };
  if (contract.status === 'PAUSED')
    return { kind: 'error', code: 'CONTRACT_PAUSED', field: ['subscriptionContractId'], message: 'Subscription contract is paused.' };
  if (contract.status === 'CANCELLED' || contract.status === 'EXPIRED') {
    return {
      kind: 'error',
      code: 'CONTRACT_TERMINATED',
      field: ['subscriptionContractId'],
      message: 'Subscription contract is terminated.',
    };
  }
  if (input.originTime && Date.parse(input.originTime) < Date.parse(contract.createdAt)) {
    return {
      kind: 'error',
      code: 'ORIGIN_TIME_BEFORE_CONTRACT_CREATION',
      field: ['subscriptionBillingAttemptInput', 'originTime'],
      message: 'Origin time cannot be before the contract creation time.',
    };
  }
  if (input.cycleIndex !== null && input.cycleIndex < 1) {
    return {
      kind: 'error',
      code: 'CYCLE_INDEX_OUT_OF_RANGE',
      field: ['subscriptionBillingAttemptInput', 'billingCycleSelector', 'index'],
      message: 'Billing cycle index is out of range.',
    };
  }
  const attempt: BillingAttemptRecord = {
    id: store.newId(),
    contractId,
    idempotencyKey: input.idempotencyKey,
    originTime: input.originTime ?? input.cycleDate,
    billingCycleIndex: input.cycleIndex,
    cycleDate: input.cycleDate,
    createdAt: store.nowIso(),
    completedAt: null,
    state: 'pending',
    outcome: null,
    orderId: null,
    errorCode: null,
    errorMessage: null,
    nextActionUrl: null,
    respectInventoryPolicy: input.respectInventoryPolicy,
  };
  store.billingAttempts.set(attempt.id, attempt);
  // Shopify processes the charge asynchronously: the attempt is returned not ready, and the outcome arrives by
  // webhook a moment later.
  store.later(store.deps.billingAttemptDelayMs, () => settleAttempt(store, attempt));
  return { kind: 'created', attempt };
}

function nextScriptedOutcome(store: ShopStore, contractId: number): BillingOutcome {
  const script = store.billingScripts.get(contractId);
  if (!script || script.length === 0) return { kind: 'success' };
  if (script.length === 1) return script[0]!;
  return script.shift()!;
}

export function settleAttempt(store: ShopStore, attempt: BillingAttemptRecord, forced?: BillingOutcome): void {
  if (attempt.state !== 'pending' && !(forced && attempt.state === 'action_required')) return;
  const contract = store.contracts.get(attempt.contractId);
  if (!contract) return;
  let outcome = forced ?? nextScriptedOutcome(store, contract.id);
  const method = contract.paymentMethodId ? store.paymentMethods.get(contract.paymentMethodId) : undefined;
  if (outcome.kind === 'success' && (!method || method.revokedAt)) outcome = { kind: 'failure', errorCode: 'PAYMENT_METHOD_NOT_FOUND' };
  // The cycle this attempt bills, with its one-cycle edit if it has one (billing-cycles.ts).
  const billed = cycleBilledBy(store, contract, attempt);
  if (outcome.kind === 'success' && attempt.respectInventoryPolicy) {
    const short = billed.lines.some((line) => {
      const variant = line.variantId ? store.variants.get(line.variantId) : undefined;
      return variant !== undefined && variant.inventoryPolicy === 'DENY' && variant.inventoryQuantity < line.quantity;
    });
    if (short) outcome = { kind: 'failure', errorCode: 'INSUFFICIENT_INVENTORY' };
  }
  attempt.outcome = outcome;
  attempt.completedAt = store.nowIso();
  if (outcome.kind === 'success') {
    const order = createOrder(store, {
      customerId: contract.customerId,
      lines: billed.lines
        .filter((line) => line.variantId !== null)
        .map((line) => ({
          variantId: line.variantId!,
          quantity: line.quantity,
          sellingPlanId: line.sellingPlanId,
          price: formatCents(line.currentPrice),
          discount: '0.00',
        })),
      presentmentCurrencyCode: contract.currencyCode,
      shippingAddress: contract.deliveryMethod?.address ?? null,
      shippingPrice: formatCents(contract.deliveryPrice),
      sourceName: 'subscription_contract',
      silent: true,
    });
    order.subscriptionContractId = contract.id;
    for (const line of order.lines) if (line.sellingPlanId) line.contractId = contract.id;
    attempt.state = 'success';
    attempt.orderId = order.id;
    contract.orderIds.push(order.id);
    contract.lastPaymentStatus = 'SUCCEEDED';
    contract.lastBillingAttemptErrorType = null;
    // Without a cycle selector Shopify bills the next unbilled cycle, so the contract's next billing date moves one
    // billing interval on (also when a selector names that same cycle by date). Selecting another cycle leaves it.
    const selectsNextCycle =
      attempt.billingCycleIndex === null &&
      (attempt.cycleDate === null || Math.abs(Date.parse(attempt.cycleDate) - Date.parse(contract.nextBillingDate)) < 86_400_000);
    if (selectsNextCycle) {
      attempt.billedCycleIndex = billed.index;
      contract.nextBillingDate = addInterval(
        contract.nextBillingDate,
        contract.billingPolicy.interval,
        contract.billingPolicy.intervalCount,
      );
    }
    contract.updatedAt = store.nowIso();
    store.emit('orders/create', orderPayload(store, order));
    store.emit('orders/paid', orderPayload(store, order));
    store.emit('subscription_billing_attempts/success', billingAttemptPayload(attempt));
  } else if (outcome.kind === 'failure') {
    attempt.state = 'failed';
    attempt.errorCode = outcome.errorCode;
    attempt.errorMessage =
      outcome.message ?? DEFAULT_FAILURE_MESSAGES[outcome.errorCode] ?? outcome.errorCode.toLowerCase().replace(/_/g, ' ');
    contract.lastPaymentStatus = 'FAILED';
    contract.lastBillingAttemptErrorType = INVENTORY_CODES.has(outcome.errorCode)
      ? 'INVENTORY_ERROR'
      : GENERAL_CODES.has(outcome.errorCode)
        ? 'OTHER'
        : 'PAYMENT_ERROR';
    contract.updatedAt = store.nowIso();
    store.emit('subscription_billing_attempts/failure', billingAttemptPayload(attempt));
  } else {
    attempt.state = 'action_required';
    attempt.nextActionUrl = outcome.nextActionUrl ?? `https://${store.domain}/subscription-payments/${attempt.id}/challenge`;
    store.emit('subscription_billing_attempts/challenged', billingAttemptPayload(attempt));
  }
}

/** A challenged attempt after the customer answered the challenge: it succeeds, or fails as authentication failed. */
export function completeChallenge(store: ShopStore, attemptId: number, result: 'success' | 'failure'): BillingAttemptRecord {
  const attempt = store.billingAttempts.get(attemptId);
  if (attempt?.state !== 'action_required') throw new Error(`emulator: billing attempt ${attemptId} is not challenged`);
  settleAttempt(store, attempt, result === 'success' ? { kind: 'success' } : { kind: 'failure', errorCode: 'AUTHENTICATION_FAILED' });
  return attempt;
}

export function settlePendingAttempts(store: ShopStore): BillingAttemptRecord[] {
  const pending = [...store.billingAttempts.values()].filter((a) => a.state === 'pending');
  for (const attempt of pending) settleAttempt(store, attempt);
  return pending;
}

// ---------------------------------------------------------------------------------------------------------------
// Drafts

export type DraftResult<T> = { ok: true; value: T } | { ok: false; errors: { code: string; field: string[]; message: string }[] };

function copyTerms(terms: ContractTerms): ContractTerms {
  return {
    status: terms.status,
    paymentMethodId: terms.paymentMethodId,
    nextBillingDate: terms.nextBillingDate,
    billingPolicy: { ...terms.billingPolicy, anchors: [...terms.billingPolicy.anchors] },
    deliveryPolicy: { ...terms.deliveryPolicy, anchors: [...terms.deliveryPolicy.anchors] },
    deliveryPrice: terms.deliveryPrice,
    deliveryMethod: terms.deliveryMethod
      ? { ...terms.deliveryMethod, address: terms.deliveryMethod.address ? { ...terms.deliveryMethod.address } : null }
      : null,
    note: terms.note,
    customAttributes: terms.customAttributes.map((a) => ({ ...a })),
    lines: terms.lines.map((line) => ({ ...line, customAttributes: line.customAttributes.map((a) => ({ ...a })) })),
  };
}

export function draftFromContract(store: ShopStore, contract: ContractRecord): DraftRecord {
  const draft: DraftRecord = {
    ...copyTerms(contract),
    id: store.newId(),
    contractId: contract.id,
    customerId: contract.customerId,
    currencyCode: contract.currencyCode,
    committed: false,
    addedLineIds: [],
    removedLines: [],
    createdAt: store.nowIso(),
  };
  store.drafts.set(draft.id, draft);
  return draft;
}

export interface TermsInput {
  status?: ContractTerms['status'] | null;
  paymentMethodId?: string | null;
  nextBillingDate?: string | null;
  billingPolicy?: { interval: SellingPlanInterval; intervalCount: number; minCycles?: number | null; maxCycles?: number | null } | null;
  deliveryPolicy?: { interval: SellingPlanInterval; intervalCount: number } | null;
  deliveryPrice?: Cents | null;
  deliveryMethod?: ContractTerms['deliveryMethod'];
  note?: string | null;
  customAttributes?: { key: string; value: string | null }[] | null;
}

const DAYS_PER: Record<SellingPlanInterval, number> = { DAY: 1, WEEK: 7, MONTH: 30, YEAR: 365 };

/** Applies draft input to terms and returns Shopify-style problems, without changing anything when invalid. */
export function applyTerms(
  store: ShopStore,
  customerId: number,
  terms: ContractTerms,
  input: TermsInput,
  fieldPrefix: string[],
): { code: string; field: string[]; message: string }[] {
  const errors: { code: string; field: string[]; message: string }[] = [];
  const next: ContractTerms = copyTerms(terms);
  if (input.status) next.status = input.status;
  if (input.paymentMethodId !== undefined && input.paymentMethodId !== null) {
    const method = store.paymentMethods.get(input.paymentMethodId);
    if (!method) errors.push({ code: 'INVALID', field: [...fieldPrefix, 'paymentMethodId'], message: 'Payment method does not exist' });
    else if (method.customerId !== customerId)
      errors.push({
        code: 'CUSTOMER_MISMATCH',
        field: [...fieldPrefix, 'paymentMethodId'],
        message: 'Customer payment method must belong to the same customer as the subscription contract',
      });
    else if (method.revokedAt)
      errors.push({ code: 'INVALID', field: [...fieldPrefix, 'paymentMethodId'], message: 'Payment method is revoked' });
    else next.paymentMethodId = method.id;
  }
  if (input.nextBillingDate) next.nextBillingDate = new Date(input.nextBillingDate).toISOString();
  if (input.billingPolicy) {
    if (input.billingPolicy.intervalCount < 1)
      errors.push({
        code: 'GREATER_THAN_OR_EQUAL_TO',
        field: [...fieldPrefix, 'billingPolicy', 'intervalCount'],
        message: 'Interval count must be greater than or equal to 1',
      });
    next.billingPolicy = {
      interval: input.billingPolicy.interval,
      intervalCount: input.billingPolicy.intervalCount,
      minCycles: input.billingPolicy.minCycles ?? null,
      maxCycles: input.billingPolicy.maxCycles ?? null,
      anchors: [],
    };
    if (
      next.billingPolicy.minCycles !== null &&
      next.billingPolicy.maxCycles !== null &&
      next.billingPolicy.maxCycles < next.billingPolicy.minCycles
    ) {
      errors.push({
        code: 'SELLING_PLAN_MAX_CYCLES_MUST_BE_GREATER_THAN_MIN_CYCLES',
        field: [...fieldPrefix, 'billingPolicy', 'maxCycles'],
        message: 'Max cycles must be greater than min cycles',
      });
    }
  }
  if (input.deliveryPolicy) {
    if (input.deliveryPolicy.intervalCount < 1)
      errors.push({
        code: 'GREATER_THAN_OR_EQUAL_TO',
        field: [...fieldPrefix, 'deliveryPolicy', 'intervalCount'],
        message: 'Interval count must be greater than or equal to 1',
      });
    next.deliveryPolicy = { interval: input.deliveryPolicy.interval, intervalCount: input.deliveryPolicy.intervalCount, anchors: [] };
  }
  const billingDays = DAYS_PER[next.billingPolicy.interval] * next.billingPolicy.intervalCount;
  const deliveryDays = DAYS_PER[next.deliveryPolicy.interval] * next.deliveryPolicy.intervalCount;
  if (deliveryDays > 0 && billingDays % deliveryDays !== 0 && billingDays > deliveryDays) {
    errors.push({
      code: 'DELIVERY_MUST_BE_MULTIPLE_OF_BILLING',
      field: [...fieldPrefix, 'deliveryPolicy'],
      message: 'Billing interval must be a multiple of the delivery interval',
    });
  }
  if (input.deliveryPrice !== undefined && input.deliveryPrice !== null) {
    if (input.deliveryPrice < 0)
      errors.push({
        code: 'GREATER_THAN_OR_EQUAL_TO',
        field: [...fieldPrefix, 'deliveryPrice'],
        message: 'Delivery price must be greater than or equal to 0',
      });
    next.deliveryPrice = input.deliveryPrice;
  }
  if (input.deliveryMethod !== undefined) next.deliveryMethod = input.deliveryMethod;
  if (input.note !== undefined) {
    if (input.note && input.note.length > 5000)
      errors.push({ code: 'INVALID_NOTE_LENGTH', field: [...fieldPrefix, 'note'], message: 'Note is too long' });
    next.note = input.note;
  }
  if (input.customAttributes) next.customAttributes = input.customAttributes.map((a) => ({ ...a }));
  if (errors.length === 0) Object.assign(terms, next);
  return errors;
}

export function commitDraft(store: ShopStore, draft: DraftRecord): ContractRecord {
  draft.committed = true;
  const at = store.nowIso();
  const terms = copyTerms(draft);
  if (draft.contractId) {
    const contract = store.contracts.get(draft.contractId)!;
    const previousStatus = contract.status;
    Object.assign(contract, terms);
    contract.revisionId += 1;
    contract.updatedAt = at;
    store.emit('subscription_contracts/update', contractPayload(store, contract));
    if (previousStatus !== contract.status) emitStatusTopic(store, contract);
    return contract;
  }
  const contract: ContractRecord = {
    ...terms,
    id: store.newId(),
    customerId: draft.customerId,
    currencyCode: draft.currencyCode,
    originOrderId: null,
    appId: 'encore',
    createdAt: at,
    updatedAt: at,
    revisionId: 1,
    lastPaymentStatus: null,
    lastBillingAttemptErrorType: null,
    orderIds: [],
  };
  store.contracts.set(contract.id, contract);
  draft.contractId = contract.id;
  store.emit('subscription_contracts/create', contractPayload(store, contract));
  return contract;
}

function emitStatusTopic(store: ShopStore, contract: ContractRecord): void {
  const topic = { ACTIVE: 'activate', PAUSED: 'pause', CANCELLED: 'cancel', EXPIRED: 'expire', FAILED: 'fail' }[contract.status];
  store.emit(`subscription_contracts/${topic}`, contractPayload(store, contract));
}

export function setContractStatus(store: ShopStore, contract: ContractRecord, status: ContractRecord['status']): void {
  contract.status = status;
  contract.revisionId += 1;
  contract.updatedAt = store.nowIso();
  store.emit('subscription_contracts/update', contractPayload(store, contract));
  emitStatusTopic(store, contract);
}

// ---------------------------------------------------------------------------------------------------------------
// Webhook payloads (REST style, as in Shopify's subscriptions reference app fixtures)

function policyPayload(policy: RecurringPolicy | Omit<RecurringPolicy, 'minCycles' | 'maxCycles'>): Record<string, unknown> {
  const payload: Record<string, unknown> = { interval: policy.interval.toLowerCase(), interval_count: policy.intervalCount };
  if ('minCycles' in policy) {
    payload.min_cycles = policy.minCycles;
    payload.max_cycles = policy.maxCycles;
  }
  return payload;
}

export function contractPayload(_store: ShopStore, contract: ContractRecord): Record<string, unknown> {
  return {
    admin_graphql_api_id: gid('SubscriptionContract', contract.id),
    id: contract.id,
    billing_policy: policyPayload(contract.billingPolicy),
    currency_code: contract.currencyCode,
    customer_id: contract.customerId,
    admin_graphql_api_customer_id: gid('Customer', contract.customerId),
    delivery_policy: policyPayload(contract.deliveryPolicy),
    status: contract.status.toLowerCase(),
    admin_graphql_api_origin_order_id: contract.originOrderId ? gid('Order', contract.originOrderId) : null,
    origin_order_id: contract.originOrderId,
    revision_id: String(contract.revisionId),
  };
}

export function billingAttemptPayload(attempt: BillingAttemptRecord): Record<string, unknown> {
  return {
    id: attempt.id,
    admin_graphql_api_id: gid('SubscriptionBillingAttempt', attempt.id),
    idempotency_key: attempt.idempotencyKey,
    order_id: attempt.orderId,
    admin_graphql_api_order_id: attempt.orderId ? gid('Order', attempt.orderId) : null,
    subscription_contract_id: attempt.contractId,
    admin_graphql_api_subscription_contract_id: gid('SubscriptionContract', attempt.contractId),
    ready: attempt.state !== 'pending',
    error_message: attempt.errorMessage,
    error_code: attempt.errorCode ? attempt.errorCode.toLowerCase() : null,
  };
}

export function addressFromInput(input: Record<string, unknown> | null | undefined): Address | null {
  if (!input) return null;
  const text = (key: string): string | null => (typeof input[key] === 'string' ? (input[key] as string) : null);
  return {
    firstName: text('firstName') ?? '',
    lastName: text('lastName') ?? '',
    address1: text('address1') ?? '',
    address2: text('address2'),
    city: text('city') ?? '',
    province: text('province'),
    provinceCode: text('provinceCode'),
    zip: text('zip') ?? '',
    countryCode: text('countryCode') ?? '',
    country: text('country') ?? text('countryCode') ?? '',
    phone: text('phone'),
    company: text('company'),
  };
}
