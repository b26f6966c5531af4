// Subscription contracts, drafts (update flow), status changes and billing attempts.
import type { GraphQLResolveInfo } from 'graphql';
import { NotImplementedError } from '../graphql/errors.js';
import {
  type Args,
  argBoolean,
  argNumber,
  argObject,
  argObjects,
  argString,
  connectionArgs,
  type ResolverContext,
  type TypeResolvers,
  typed,
} from '../graphql/resolver-kit.js';
import type { CurrencyCode, SellingPlanInterval } from '../seed/types.js';
import { connection } from '../store/connection.js';
import { gid, numericIdOf, parseGid } from '../store/ids.js';
import { moneyV2, toCents } from '../store/money.js';
import type {
  BillingAttemptRecord,
  ContractLineRecord,
  ContractRecord,
  ContractTerms,
  DraftRecord,
  PaymentMethodRecord,
} from '../store/records.js';
import { contractSearch } from '../store/search-schemas.js';
import {
  addressFromInput,
  applyTerms,
  commitDraft,
  contractLineFromVariant,
  createBillingAttempt,
  draftFromContract,
  failureTypeOf,
  setContractStatus,
  type TermsInput,
} from '../store/subscriptions.js';
import { count, imageView, mailingAddress, searchConnection } from './common.js';
import { readableOrder, readableOrders } from './orders.js';

interface LineSource {
  line: ContractLineRecord;
  currency: CurrencyCode;
}

const SubscriptionLine: TypeResolvers<LineSource> = {
  id: ({ line }) => gid('SubscriptionLine', line.id),
  variantId: ({ line }) => (line.variantId ? gid('ProductVariant', line.variantId) : null),
  productId: ({ line }) => (line.productId ? gid('Product', line.productId) : null),
  title: ({ line }) => line.title,
  variantTitle: ({ line }) => line.variantTitle,
  sku: ({ line }) => line.sku,
  quantity: ({ line }) => line.quantity,
  currentPrice: ({ line, currency }) => moneyV2(line.currentPrice, currency),
  lineDiscountedPrice: ({ line, currency }) => moneyV2(line.currentPrice * line.quantity, currency),
  sellingPlanId: ({ line }) => (line.sellingPlanId ? gid('SellingPlan', line.sellingPlanId) : null),
  sellingPlanName: ({ line }) => line.sellingPlanName,
  requiresShipping: ({ line }) => line.requiresShipping,
  taxable: ({ line }) => line.taxable,
  customAttributes: ({ line }) => line.customAttributes,
  discountAllocations: () => [],
  variantImage: ({ line }, _args, ctx) => {
    const variant = line.variantId ? ctx.store.variants.get(line.variantId) : undefined;
    const product = variant ? ctx.store.products.get(variant.productId) : undefined;
    return imageView(product?.images.find((i) => i.id === variant?.imageId) ?? product?.images[0] ?? null);
  },
  pricingPolicy: ({ line, currency }) =>
    line.pricingPolicy
      ? {
          basePrice: moneyV2(line.pricingPolicy.basePrice, currency),
          cycleDiscounts: line.pricingPolicy.cycleDiscounts.map((d) => ({
            adjustmentType: d.adjustmentType,
            adjustmentValue:
              d.adjustmentType === 'PERCENTAGE'
                ? typed({ percentage: d.adjustmentValue }, 'SellingPlanPricingPolicyPercentageValue')
                : typed(moneyV2(d.adjustmentValue, currency), 'MoneyV2'),
            afterCycle: d.afterCycle,
            computedPrice: moneyV2(d.computedPrice, currency),
          })),
        }
      : null,
};

export function termsFields<S extends ContractTerms & { currencyCode: CurrencyCode; customerId: number }>(
  idOf: (s: S) => number,
): TypeResolvers<S> {
  return {
    status: (s) => s.status,
    nextBillingDate: (s) => s.nextBillingDate,
    currencyCode: (s) => s.currencyCode,
    note: (s) => s.note,
    customAttributes: (s) => s.customAttributes,
    billingPolicy: (s) => ({
      interval: s.billingPolicy.interval,
      intervalCount: s.billingPolicy.intervalCount,
      minCycles: s.billingPolicy.minCycles,
      maxCycles: s.billingPolicy.maxCycles,
      anchors: [],
    }),
    deliveryPolicy: (s) => ({ interval: s.deliveryPolicy.interval, intervalCount: s.deliveryPolicy.intervalCount, anchors: [] }),
    deliveryPrice: (s) => moneyV2(s.deliveryPrice, s.currencyCode),
    deliveryMethod: (s) => {
      const method = s.deliveryMethod;
      if (!method) return null;
      if (method.kind !== 'SHIPPING') throw new NotImplementedError('SubscriptionDeliveryMethod (local delivery / pickup)');
      return typed(
        {
          address: mailingAddress(method.address, idOf(s) + 3),
          shippingOption: {
            title: method.shippingOption?.title ?? null,
            presentmentTitle: method.shippingOption?.presentmentTitle ?? null,
            code: method.shippingOption?.code ?? null,
            description: method.shippingOption?.description ?? null,
          },
        },
        'SubscriptionDeliveryMethodShipping',
      );
    },
    customer: (s, _args, ctx) => ctx.store.customers.get(s.customerId) ?? null,
    customerPaymentMethod: (s, args, ctx) => {
      const method = s.paymentMethodId ? ctx.store.paymentMethods.get(s.paymentMethodId) : undefined;
      if (!method) return null;
      if (method.revokedAt && !(argBoolean(args, 'showRevoked') ?? false)) return null;
      return method;
    },
    lines: (s, args) =>
      connection(
        s.lines.map((line) => ({ line, currency: s.currencyCode })),
        connectionArgs(args),
        (l) => l.line.id,
      ),
    linesCount: (s) => count(s.lines.length),
    discounts: (_s, args) => connection([], connectionArgs(args), () => ''),
  };
}

const SubscriptionContract: TypeResolvers<ContractRecord> = {
  ...termsFields<ContractRecord>((c) => c.id),
  id: (c) => gid('SubscriptionContract', c.id),
  createdAt: (c) => c.createdAt,
  updatedAt: (c) => c.updatedAt,
  revisionId: (c) => String(c.revisionId),
  lastPaymentStatus: (c) => c.lastPaymentStatus,
  lastBillingAttemptErrorType: (c) => c.lastBillingAttemptErrorType,
  // Orders outside the app's 60-day read window (no read_all_orders) are null / absent, as everywhere.
  originOrder: (c, _args, ctx) => (c.originOrderId ? readableOrder(ctx, ctx.store.orders.get(c.originOrderId)) : null),
  orders: (c, args, ctx) =>
    connection(
      readableOrders(
        ctx,
        c.orderIds.flatMap((id) => ctx.store.orders.get(id) ?? []),
      ),
      connectionArgs(args),
      (o) => o.id,
    ),
  billingAttempts: (c, args, ctx) =>
    connection(
      [...ctx.store.billingAttempts.values()].filter((a) => a.contractId === c.id),
      connectionArgs(args),
      (a) => a.id,
    ),
  app: (c, _args, ctx) => (c.appId ? { store: ctx.store } : null),
  appAdminUrl: (c, _args, ctx) => `https://${ctx.store.domain}/admin/apps/encore/contracts/${c.id}`,
};

const SubscriptionDraft: TypeResolvers<DraftRecord> = {
  ...termsFields<DraftRecord>((d) => d.id),
  id: (d) => gid('SubscriptionDraft', d.id),
  originalContract: (d, _args, ctx) => (d.contractId ? (ctx.store.contracts.get(d.contractId) ?? null) : null),
  linesAdded: (d, args) =>
    connection(
      d.lines.filter((l) => d.addedLineIds.includes(l.id)).map((line) => ({ line, currency: d.currencyCode })),
      connectionArgs(args),
      (l) => l.line.id,
    ),
  linesRemoved: (d, args) =>
    connection(
      d.removedLines.map((line) => ({ line, currency: d.currencyCode })),
      connectionArgs(args),
      (l) => l.line.id,
    ),
  discountsAdded: (_d, args) => connection([], connectionArgs(args), () => ''),
  discountsRemoved: (_d, args) => connection([], connectionArgs(args), () => ''),
  discountsUpdated: (_d, args) => connection([], connectionArgs(args), () => ''),
};

function attemptState(ctx: ResolverContext, attempt: BillingAttemptRecord) {
  switch (attempt.state) {
    case 'pending':
      return typed({ processing: true }, 'SubscriptionBillingAttemptPendingState');
    case 'success':
      return typed(
        { order: attempt.orderId ? readableOrder(ctx, ctx.store.orders.get(attempt.orderId)) : null },
        'SubscriptionBillingAttemptSuccessState',
      );
    case 'failed':
      return typed(
        { error: typed({ code: attempt.errorCode }, failureTypeOf(attempt.errorCode ?? '')) },
        'SubscriptionBillingAttemptFailedState',
      );
    case 'action_required':
      return typed(
        {
          action: typed(
            { nextActionUrl: attempt.nextActionUrl, status: 'ON_SESSION_CHALLENGED' },
            'SubscriptionBillingAttemptPaymentChallenge',
          ),
        },
        'SubscriptionBillingAttemptActionRequiredState',
      );
  }
}

const SubscriptionBillingAttempt: TypeResolvers<BillingAttemptRecord> = {
  id: (a) => gid('SubscriptionBillingAttempt', a.id),
  idempotencyKey: (a) => a.idempotencyKey,
  createdAt: (a) => a.createdAt,
  completedAt: (a) => a.completedAt,
  originTime: (a) => a.originTime,
  ready: (a) => a.state !== 'pending',
  errorCode: (a) => a.errorCode,
  errorMessage: (a) => a.errorMessage,
  nextActionUrl: (a) => a.nextActionUrl,
  processingError: (a) => (a.errorCode ? { code: a.errorCode, message: a.errorMessage ?? '' } : null),
  order: (a, _args, ctx) => (a.orderId ? readableOrder(ctx, ctx.store.orders.get(a.orderId)) : null),
  respectInventoryPolicy: (a) => a.respectInventoryPolicy,
  paymentGroupId: () => null,
  paymentSessionId: () => null,
  subscriptionContract: (a, _args, ctx) => ctx.store.contracts.get(a.contractId)!,
  state: (a, _args, ctx) => attemptState(ctx, a),
  transactions: (_a, args) => connection([], connectionArgs(args), () => ''),
};

// ---------------------------------------------------------------------------------------------------------------
// Input helpers

interface DraftProblem {
  code: string;
  field: string[];
  message: string;
}

function termsInput(ctx: ResolverContext, input: Args): { terms: TermsInput; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const terms: TermsInput = {};
  const status = argString(input, 'status');
  if (status) terms.status = status as ContractTerms['status'];
  if ('paymentMethodId' in input) {
    const parsed = parseGid(argString(input, 'paymentMethodId') ?? '');
    terms.paymentMethodId = parsed?.type === 'CustomerPaymentMethod' ? parsed.id : (argString(input, 'paymentMethodId') ?? null);
  }
  const nextBillingDate = argString(input, 'nextBillingDate');
  if (nextBillingDate) terms.nextBillingDate = nextBillingDate;
  const billing = argObject(input, 'billingPolicy');
  if (billing) {
    if (argObjects(billing, 'anchors').length > 0) throw new NotImplementedError('SubscriptionBillingPolicyInput.anchors');
    terms.billingPolicy = {
      interval: argString(billing, 'interval') as SellingPlanInterval,
      intervalCount: argNumber(billing, 'intervalCount') ?? 1,
      minCycles: argNumber(billing, 'minCycles'),
      maxCycles: argNumber(billing, 'maxCycles'),
    };
  }
  const delivery = argObject(input, 'deliveryPolicy');
  if (delivery) {
    if (argObjects(delivery, 'anchors').length > 0) throw new NotImplementedError('SubscriptionDeliveryPolicyInput.anchors');
    terms.deliveryPolicy = {
      interval: argString(delivery, 'interval') as SellingPlanInterval,
      intervalCount: argNumber(delivery, 'intervalCount') ?? 1,
    };
  }
  if (input.deliveryPrice !== undefined && input.deliveryPrice !== null) terms.deliveryPrice = toCents(String(input.deliveryPrice));
  const method = argObject(input, 'deliveryMethod');
  if (method) {
    const shipping = argObject(method, 'shipping');
    if (!shipping) throw new NotImplementedError('SubscriptionDeliveryMethodInput.localDelivery / pickup');
    const option = argObject(shipping, 'shippingOption');
    terms.deliveryMethod = {
      kind: 'SHIPPING',
      address: addressFromInput(argObject(shipping, 'address')),
      shippingOption: option
        ? {
            title: argString(option, 'title'),
            presentmentTitle: argString(option, 'presentmentTitle'),
            code: argString(option, 'code'),
            description: argString(option, 'description'),
          }
        : null,
    };
  }
  if ('note' in input) terms.note = argString(input, 'note');
  const attributes = argObjects(input, 'customAttributes');
  if (attributes.length > 0)
    terms.customAttributes = attributes.map((a) => ({ key: argString(a, 'key') ?? '', value: argString(a, 'value') }));
  void ctx;
  return { terms, problems };
}

/**
 * A line's `pricingPolicy` input (SubscriptionPricingPolicyInput), checked as the 2026-07 schema's
 * SubscriptionDraftErrorCode describes: each adjustment value is "either fixed_value or percentage"
 * (INVALID_ADJUSTMENT_VALUE) and "the same type as the adjustment type" (INVALID_ADJUSTMENT_TYPE: a percentage for
 * PERCENTAGE, a fixed value for FIXED_AMOUNT and PRICE); "the after cycle attribute must be unique between cycle
 * discounts" (CYCLE_DISCOUNTS_UNIQUE_AFTER_CYCLE); prices are not negative. Undefined when the input has none.
 */
function pricingPolicyFrom(input: Args, field: string[], problems: DraftProblem[]): ContractLineRecord['pricingPolicy'] | undefined {
  const policy = argObject(input, 'pricingPolicy');
  if (!policy) return undefined;
  const at = [...field, 'pricingPolicy'];
  const basePrice = toCents(String(policy.basePrice));
  if (!(basePrice >= 0))
    problems.push({
      code: 'GREATER_THAN_OR_EQUAL_TO',
      field: [...at, 'basePrice'],
      message: 'Base price must be greater than or equal to 0',
    });
  const seen = new Set<number>();
  const cycleDiscounts = argObjects(policy, 'cycleDiscounts').map((d, i) => {
    const where = [...at, 'cycleDiscounts', String(i)];
    const value = argObject(d, 'adjustmentValue') ?? {};
    const percentage = argNumber(value, 'percentage');
    const fixed = value.fixedValue === undefined || value.fixedValue === null ? null : toCents(String(value.fixedValue));
    const type = argString(d, 'adjustmentType') ?? 'PERCENTAGE';
    if ((percentage === null) === (fixed === null))
      problems.push({
        code: 'INVALID_ADJUSTMENT_VALUE',
        field: [...where, 'adjustmentValue'],
        message: 'The adjustment value must be either fixed_value or percentage',
      });
    else if ((type === 'PERCENTAGE') !== (percentage !== null))
      problems.push({
        code: 'INVALID_ADJUSTMENT_TYPE',
        field: [...where, 'adjustmentValue'],
        message: 'The adjustment value must the same type as the adjustment type',
      });
    const afterCycle = argNumber(d, 'afterCycle') ?? 0;
    if (seen.has(afterCycle))
      problems.push({
        code: 'CYCLE_DISCOUNTS_UNIQUE_AFTER_CYCLE',
        field: [...where, 'afterCycle'],
        message: 'The after cycle attribute must be unique between cycle discounts',
      });
    seen.add(afterCycle);
    const computedPrice = toCents(String(d.computedPrice ?? 0));
    if (!(computedPrice >= 0))
      problems.push({
        code: 'GREATER_THAN_OR_EQUAL_TO',
        field: [...where, 'computedPrice'],
        message: 'Computed price must be greater than or equal to 0',
      });
    return { adjustmentType: type, adjustmentValue: percentage ?? fixed ?? 0, afterCycle, computedPrice };
  });
  return { basePrice, cycleDiscounts };
}

function lineFromInput(ctx: ResolverContext, input: Args, field: string[], problems: DraftProblem[]): ContractLineRecord | null {
  const variantId = numericIdOf(argString(input, 'productVariantId') ?? '', 'ProductVariant');
  const variant = variantId === null ? undefined : ctx.store.variants.get(variantId);
  const before = problems.length;
  if (!variant) problems.push({ code: 'INVALID', field: [...field, 'productVariantId'], message: 'Product variant does not exist' });
  const quantity = argNumber(input, 'quantity') ?? 0;
  if (quantity < 1)
    problems.push({
      code: 'GREATER_THAN_OR_EQUAL_TO',
      field: [...field, 'quantity'],
      message: 'Quantity must be greater than or equal to 1',
    });
  const price = input.currentPrice === undefined || input.currentPrice === null ? null : toCents(String(input.currentPrice));
  if (price === null || price < 0)
    problems.push({
      code: 'GREATER_THAN_OR_EQUAL_TO',
      field: [...field, 'currentPrice'],
      message: 'Current price must be greater than or equal to 0',
    });
  let sellingPlanId: number | null = null;
  const planGid = argString(input, 'sellingPlanId');
  if (planGid) {
    sellingPlanId = numericIdOf(planGid, 'SellingPlan');
    if (sellingPlanId === null || !ctx.store.sellingPlans.has(sellingPlanId))
      problems.push({ code: 'INVALID', field: [...field, 'sellingPlanId'], message: 'Selling plan does not exist' });
  }
  if (problems.length > before || !variant || price === null) return null;
  const line = contractLineFromVariant(ctx.store, variant.id, quantity, price, sellingPlanId, argString(input, 'sellingPlanName'));
  const policy = pricingPolicyFrom(input, field, problems);
  if (problems.length > before) return null;
  if (policy) line.pricingPolicy = policy;
  const attributes = argObjects(input, 'customAttributes');
  line.customAttributes = attributes.map((a) => ({ key: argString(a, 'key') ?? '', value: argString(a, 'value') }));
  return line;
}

function contractById(ctx: ResolverContext, id: string | null): ContractRecord | undefined {
  const numeric = numericIdOf(id ?? '', 'SubscriptionContract');
  return numeric === null ? undefined : ctx.store.contracts.get(numeric);
}

function draftById(ctx: ResolverContext, id: string | null): DraftRecord | undefined {
  const numeric = numericIdOf(id ?? '', 'SubscriptionDraft');
  return numeric === null ? undefined : ctx.store.drafts.get(numeric);
}

function requireMethod(
  ctx: ResolverContext,
  customerId: number,
  methodId: string | null | undefined,
  field: string[],
  problems: DraftProblem[],
): PaymentMethodRecord | null {
  if (!methodId) {
    problems.push({ code: 'MISSING_CUSTOMER_PAYMENT_METHOD', field, message: 'Customer payment method is required' });
    return null;
  }
  const method = ctx.store.paymentMethods.get(methodId);
  if (!method) problems.push({ code: 'INVALID', field, message: 'Payment method does not exist' });
  else if (method.customerId !== customerId)
    problems.push({
      code: 'CUSTOMER_MISMATCH',
      field,
      message: 'Customer payment method must belong to the same customer as the subscription contract',
    });
  else if (method.revokedAt) problems.push({ code: 'INVALID', field, message: 'Payment method is revoked' });
  return method ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

function subscriptionContractAtomicCreate(_s: unknown, args: Args, ctx: ResolverContext) {
  const input = argObject(args, 'input') ?? {};
  const problems: DraftProblem[] = [];
  const customerId = numericIdOf(argString(input, 'customerId') ?? '', 'Customer');
  const customer = customerId === null ? undefined : ctx.store.customers.get(customerId);
  if (!customer) problems.push({ code: 'CUSTOMER_DOES_NOT_EXIST', field: ['input', 'customerId'], message: 'Customer does not exist' });
  const currency = argString(input, 'currencyCode') as CurrencyCode | null;
  if (!currency || !ctx.store.shop.enabledPresentmentCurrencies.includes(currency)) {
    problems.push({ code: 'CURRENCY_NOT_ENABLED', field: ['input', 'currencyCode'], message: 'Currency is not enabled for the shop' });
  }
  if (argObjects(input, 'discountCodes').length > 0 || (Array.isArray(input.discountCodes) && input.discountCodes.length > 0)) {
    throw new NotImplementedError('SubscriptionContractAtomicCreateInput.discountCodes');
  }
  const contractInput = argObject(input, 'contract') ?? {};
  const { terms } = termsInput(ctx, contractInput);
  if (!terms.billingPolicy)
    problems.push({ code: 'PRESENCE', field: ['input', 'contract', 'billingPolicy'], message: "Billing policy can't be blank" });
  if (!terms.deliveryPolicy)
    problems.push({ code: 'PRESENCE', field: ['input', 'contract', 'deliveryPolicy'], message: "Delivery policy can't be blank" });
  const lineInputs = argObjects(input, 'lines');
  if (lineInputs.length === 0)
    problems.push({ code: 'INVALID_LINES', field: ['input', 'lines'], message: 'A subscription contract must have at least one line' });
  const lines = lineInputs
    .map((lineInput, index) => {
      if (argObjects(lineInput, 'discounts').length > 0) throw new NotImplementedError('SubscriptionAtomicLineInput.discounts');
      return lineFromInput(ctx, argObject(lineInput, 'line') ?? {}, ['input', 'lines', String(index), 'line'], problems);
    })
    .filter((l): l is ContractLineRecord => l !== null);
  if (customer) requireMethod(ctx, customer.id, terms.paymentMethodId, ['input', 'contract', 'paymentMethodId'], problems);
  if (lines.some((l) => l.requiresShipping) && !terms.deliveryMethod) {
    problems.push({
      code: 'DELIVERY_METHOD_REQUIRED',
      field: ['input', 'contract', 'deliveryMethod'],
      message: 'Delivery method is required when a line requires shipping',
    });
  }
  const nextBillingDate = argString(input, 'nextBillingDate');
  if (problems.length > 0 || !customer || !currency || !terms.billingPolicy || !terms.deliveryPolicy || !nextBillingDate)
    return { contract: null, userErrors: problems };
  const at = ctx.store.nowIso();
  const draft: DraftRecord = {
    id: ctx.store.newId(),
    contractId: null,
    customerId: customer.id,
    currencyCode: currency,
    committed: false,
    addedLineIds: lines.map((l) => l.id),
    removedLines: [],
    createdAt: at,
    status: terms.status ?? 'ACTIVE',
    paymentMethodId: terms.paymentMethodId ?? null,
    nextBillingDate: new Date(nextBillingDate).toISOString(),
    billingPolicy: {
      interval: terms.billingPolicy.interval,
      intervalCount: terms.billingPolicy.intervalCount,
      minCycles: terms.billingPolicy.minCycles ?? null,
      maxCycles: terms.billingPolicy.maxCycles ?? null,
      anchors: [],
    },
    deliveryPolicy: { interval: terms.deliveryPolicy.interval, intervalCount: terms.deliveryPolicy.intervalCount, anchors: [] },
    deliveryPrice: terms.deliveryPrice ?? 0,
    deliveryMethod: terms.deliveryMethod ?? null,
    note: terms.note ?? null,
    customAttributes: terms.customAttributes ?? [],
    lines,
  };
  // Check the policy combination with the same rules a draft update uses.
  const policyProblems = applyTerms(ctx.store, customer.id, draft, {}, ['input', 'contract']);
  if (policyProblems.length > 0) return { contract: null, userErrors: policyProblems };
  ctx.store.drafts.set(draft.id, draft);
  return { contract: commitDraft(ctx.store, draft), userErrors: [] };
}

function subscriptionContractCreate(_s: unknown, args: Args, ctx: ResolverContext) {
  const input = argObject(args, 'input') ?? {};
  const problems: DraftProblem[] = [];
  const customerId = numericIdOf(argString(input, 'customerId') ?? '', 'Customer');
  const customer = customerId === null ? undefined : ctx.store.customers.get(customerId);
  if (!customer) problems.push({ code: 'CUSTOMER_DOES_NOT_EXIST', field: ['input', 'customerId'], message: 'Customer does not exist' });
  const currency = argString(input, 'currencyCode') as CurrencyCode | null;
  if (!currency || !ctx.store.shop.enabledPresentmentCurrencies.includes(currency))
    problems.push({ code: 'CURRENCY_NOT_ENABLED', field: ['input', 'currencyCode'], message: 'Currency is not enabled for the shop' });
  const { terms } = termsInput(ctx, argObject(input, 'contract') ?? {});
  if (!terms.billingPolicy)
    problems.push({ code: 'PRESENCE', field: ['input', 'contract', 'billingPolicy'], message: "Billing policy can't be blank" });
  if (!terms.deliveryPolicy)
    problems.push({ code: 'PRESENCE', field: ['input', 'contract', 'deliveryPolicy'], message: "Delivery policy can't be blank" });
  if (customer && terms.paymentMethodId)
    requireMethod(ctx, customer.id, terms.paymentMethodId, ['input', 'contract', 'paymentMethodId'], problems);
  if (problems.length > 0 || !customer || !currency || !terms.billingPolicy || !terms.deliveryPolicy)
    return { draft: null, userErrors: problems };
  const draft: DraftRecord = {
    id: ctx.store.newId(),
    contractId: null,
    customerId: customer.id,
    currencyCode: currency,
    committed: false,
    addedLineIds: [],
    removedLines: [],
    createdAt: ctx.store.nowIso(),
    status: terms.status ?? 'ACTIVE',
    paymentMethodId: terms.paymentMethodId ?? null,
    nextBillingDate: new Date(argString(input, 'nextBillingDate') ?? ctx.store.nowIso()).toISOString(),
    billingPolicy: {
      interval: terms.billingPolicy.interval,
      intervalCount: terms.billingPolicy.intervalCount,
      minCycles: terms.billingPolicy.minCycles ?? null,
      maxCycles: terms.billingPolicy.maxCycles ?? null,
      anchors: [],
    },
    deliveryPolicy: { interval: terms.deliveryPolicy.interval, intervalCount: terms.deliveryPolicy.intervalCount, anchors: [] },
    deliveryPrice: terms.deliveryPrice ?? 0,
    deliveryMethod: terms.deliveryMethod ?? null,
    note: terms.note ?? null,
    customAttributes: terms.customAttributes ?? [],
    lines: [],
  };
  ctx.store.drafts.set(draft.id, draft);
  return { draft, userErrors: [] };
}

function openDraft(ctx: ResolverContext, id: string | null): { draft: DraftRecord } | { errors: DraftProblem[] } {
  const draft = draftById(ctx, id);
  if (!draft) return { errors: [{ code: 'INVALID', field: ['draftId'], message: 'Draft does not exist' }] };
  if (draft.committed) return { errors: [{ code: 'COMMITTED', field: ['draftId'], message: 'Draft has already been committed' }] };
  return { draft };
}

/** SubscriptionDraftErrorCode (2026-07): billing and delivery policies "cannot be updated for billing cycle contract drafts". */
function cycleDraftPolicyProblems(terms: TermsInput): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (terms.billingPolicy)
    problems.push({
      code: 'BILLING_CYCLE_CONTRACT_DRAFT_BILLING_POLICY_INVALID',
      field: ['input', 'billingPolicy'],
      message: 'Billing policy cannot be updated for billing cycle contract drafts',
    });
  if (terms.deliveryPolicy)
    problems.push({
      code: 'BILLING_CYCLE_CONTRACT_DRAFT_DELIVERY_POLICY_INVALID',
      field: ['input', 'deliveryPolicy'],
      message: 'Delivery policy cannot be updated for billing cycle contract drafts',
    });
  return problems;
}

/**
 * subscriptionDraftLineUpdate ("Updates a subscription line on a subscription draft"): every field of
 * SubscriptionLineUpdateInput is optional; the given ones are checked together (a quantity of at least 1, a price
 * not negative, a selling plan that exists, a valid pricing policy) and nothing changes unless all pass.
 */
function draftLineUpdate(ctx: ResolverContext, args: Args) {
  const opened = openDraft(ctx, argString(args, 'draftId'));
  if ('errors' in opened) return { draft: null, lineUpdated: null, userErrors: opened.errors };
  const lineId = parseGid(argString(args, 'lineId') ?? '')?.id;
  const line = opened.draft.lines.find((l) => l.id === lineId);
  if (!line)
    return { draft: null, lineUpdated: null, userErrors: [{ code: 'INVALID', field: ['lineId'], message: 'Line does not exist' }] };
  const input = argObject(args, 'input') ?? {};
  const problems: DraftProblem[] = [];
  const quantity = argNumber(input, 'quantity');
  if (quantity !== null && quantity < 1)
    problems.push({
      code: 'GREATER_THAN_OR_EQUAL_TO',
      field: ['input', 'quantity'],
      message: 'Quantity must be greater than or equal to 1',
    });
  const price = input.currentPrice === undefined || input.currentPrice === null ? null : toCents(String(input.currentPrice));
  if (price !== null && !(price >= 0))
    problems.push({
      code: 'GREATER_THAN_OR_EQUAL_TO',
      field: ['input', 'currentPrice'],
      message: 'Current price must be greater than or equal to 0',
    });
  const planGid = argString(input, 'sellingPlanId');
  const planId = planGid ? numericIdOf(planGid, 'SellingPlan') : null;
  if (planGid && (planId === null || !ctx.store.sellingPlans.has(planId)))
    problems.push({ code: 'INVALID', field: ['input', 'sellingPlanId'], message: 'Selling plan does not exist' });
  const policy = pricingPolicyFrom(input, ['input'], problems);
  const variantGid = argString(input, 'productVariantId');
  const replacement = variantGid
    ? lineFromInput(
        ctx,
        {
          productVariantId: variantGid,
          quantity: quantity ?? line.quantity,
          currentPrice: ((price ?? line.currentPrice) / 100).toFixed(2),
        },
        ['input'],
        problems,
      )
    : null;
  if (problems.length > 0) return { draft: null, lineUpdated: null, userErrors: problems };
  if (replacement)
    Object.assign(line, { ...replacement, id: line.id, sellingPlanId: line.sellingPlanId, sellingPlanName: line.sellingPlanName });
  if (quantity !== null) line.quantity = quantity;
  if (price !== null) line.currentPrice = price;
  if (planGid && planId !== null) line.sellingPlanId = planId;
  if ('sellingPlanName' in input) line.sellingPlanName = argString(input, 'sellingPlanName');
  if (policy !== undefined) line.pricingPolicy = policy;
  return { draft: opened.draft, lineUpdated: { line, currency: opened.draft.currencyCode }, userErrors: [] };
}

const mutations = {
  subscriptionContractAtomicCreate,
  subscriptionContractCreate,
  subscriptionContractUpdate: (_s: unknown, args: Args, ctx: ResolverContext) => {
    const contract = contractById(ctx, argString(args, 'contractId'));
    if (!contract) return { draft: null, userErrors: [{ code: 'INVALID', field: ['contractId'], message: 'Contract does not exist' }] };
    return { draft: draftFromContract(ctx.store, contract), userErrors: [] };
  },
  subscriptionDraftUpdate: (_s: unknown, args: Args, ctx: ResolverContext) => {
    const opened = openDraft(ctx, argString(args, 'draftId'));
    if ('errors' in opened) return { draft: null, userErrors: opened.errors };
    const { terms } = termsInput(ctx, argObject(args, 'input') ?? {});
    const cycleProblems = opened.draft.billingCycleIndex ? cycleDraftPolicyProblems(terms) : [];
    if (cycleProblems.length > 0) return { draft: null, userErrors: cycleProblems };
    const problems = applyTerms(ctx.store, opened.draft.customerId, opened.draft, terms, ['input']);
    return problems.length > 0 ? { draft: null, userErrors: problems } : { draft: opened.draft, userErrors: [] };
  },
  subscriptionDraftLineAdd: (_s: unknown, args: Args, ctx: ResolverContext) => {
    const opened = openDraft(ctx, argString(args, 'draftId'));
    if ('errors' in opened) return { draft: null, lineAdded: null, userErrors: opened.errors };
    const problems: DraftProblem[] = [];
    const line = lineFromInput(ctx, argObject(args, 'input') ?? {}, ['input'], problems);
    if (!line) return { draft: null, lineAdded: null, userErrors: problems };
    if (opened.draft.lines.length >= 250)
      return { draft: null, lineAdded: null, userErrors: [{ code: 'TOO_MANY_LINES', field: ['input'], message: 'Too many lines' }] };
    opened.draft.lines.push(line);
    opened.draft.addedLineIds.push(line.id);
    return { draft: opened.draft, lineAdded: { line, currency: opened.draft.currencyCode }, userErrors: [] };
  },
  subscriptionDraftLineUpdate: (_s: unknown, args: Args, ctx: ResolverContext) => draftLineUpdate(ctx, args),
  subscriptionDraftLineRemove: (_s: unknown, args: Args, ctx: ResolverContext) => {
    const opened = openDraft(ctx, argString(args, 'draftId'));
    if ('errors' in opened) return { draft: null, lineRemoved: null, discountsUpdated: [], userErrors: opened.errors };
    const lineId = parseGid(argString(args, 'lineId') ?? '')?.id;
    const index = opened.draft.lines.findIndex((l) => l.id === lineId);
    if (index < 0)
      return {
        draft: null,
        lineRemoved: null,
        discountsUpdated: [],
        userErrors: [{ code: 'ALREADY_REMOVED', field: ['lineId'], message: 'Line does not exist or was already removed' }],
      };
    const [removed] = opened.draft.lines.splice(index, 1);
    opened.draft.removedLines.push(removed!);
    return {
      draft: opened.draft,
      lineRemoved: { line: removed!, currency: opened.draft.currencyCode },
      discountsUpdated: [],
      userErrors: [],
    };
  },
  subscriptionDraftCommit: (_s: unknown, args: Args, ctx: ResolverContext) => {
    const opened = openDraft(ctx, argString(args, 'draftId'));
    if ('errors' in opened) return { contract: null, userErrors: opened.errors };
    if (opened.draft.billingCycleIndex) {
      // SubscriptionDraftErrorCode.BILLING_CYCLE_PRESENT (2026-07): "Cannot commit a billing cycle contract draft with
      // this mutation. Please use SubscriptionBillingCycleContractDraftCommit."
      const message =
        'Cannot commit a billing cycle contract draft with this mutation. Please use SubscriptionBillingCycleContractDraftCommit.';
      return { contract: null, userErrors: [{ code: 'BILLING_CYCLE_PRESENT', field: ['draftId'], message }] };
    }
    if (opened.draft.lines.length === 0)
      return {
        contract: null,
        userErrors: [{ code: 'INVALID_LINES', field: ['draftId'], message: 'A subscription contract must have at least one line' }],
      };
    const problems: DraftProblem[] = [];
    if (opened.draft.status === 'ACTIVE') requireMethod(ctx, opened.draft.customerId, opened.draft.paymentMethodId, ['draftId'], problems);
    if (opened.draft.lines.some((l) => l.requiresShipping) && !opened.draft.deliveryMethod) {
      problems.push({
        code: 'DELIVERY_METHOD_REQUIRED',
        field: ['draftId'],
        message: 'Delivery method is required when a line requires shipping',
      });
    }
    if (problems.length > 0) return { contract: null, userErrors: problems };
    return { contract: commitDraft(ctx.store, opened.draft), userErrors: [] };
  },
  subscriptionContractPause: statusChange('PAUSED', ['ACTIVE', 'FAILED']),
  subscriptionContractActivate: statusChange('ACTIVE', ['PAUSED', 'FAILED']),
  subscriptionContractCancel: statusChange('CANCELLED', ['ACTIVE', 'PAUSED', 'FAILED']),
  subscriptionContractSetNextBillingDate: (_s: unknown, args: Args, ctx: ResolverContext) => {
    const contract = contractById(ctx, argString(args, 'contractId'));
    if (!contract) return { contract: null, userErrors: [{ code: 'INVALID', field: ['contractId'], message: 'Contract does not exist' }] };
    contract.nextBillingDate = new Date(argString(args, 'date') ?? ctx.store.nowIso()).toISOString();
    contract.updatedAt = ctx.store.nowIso();
    return { contract, userErrors: [] };
  },
  subscriptionBillingAttemptCreate: (_s: unknown, args: Args, ctx: ResolverContext) => {
    const contractId = numericIdOf(argString(args, 'subscriptionContractId') ?? '', 'SubscriptionContract');
    const input = argObject(args, 'subscriptionBillingAttemptInput') ?? {};
    const selector = argObject(input, 'billingCycleSelector');
    if (selector && (selector.index === undefined || selector.index === null) === (selector.date === undefined || selector.date === null)) {
      return {
        subscriptionBillingAttempt: null,
        userErrors: [
          {
            code: 'INVALID',
            field: ['subscriptionBillingAttemptInput', 'billingCycleSelector'],
            message: 'Exactly one of index or date must be provided',
          },
        ],
      };
    }
    const result = createBillingAttempt(ctx.store, contractId ?? -1, {
      idempotencyKey: argString(input, 'idempotencyKey') ?? '',
      originTime: argString(input, 'originTime'),
      cycleIndex: selector ? argNumber(selector, 'index') : null,
      cycleDate: selector ? argString(selector, 'date') : null,
      respectInventoryPolicy: argString(input, 'inventoryPolicy') !== 'ALLOW_OVERSELLING',
    });
    if (result.kind === 'error')
      return { subscriptionBillingAttempt: null, userErrors: [{ code: result.code, field: result.field, message: result.message }] };
    return { subscriptionBillingAttempt: result.attempt, userErrors: [] };
  },
};

function statusChange(target: ContractRecord['status'], from: ContractRecord['status'][]) {
  return (_s: unknown, args: Args, ctx: ResolverContext) => {
    const contract = contractById(ctx, argString(args, 'subscriptionContractId'));
    if (!contract)
      return { contract: null, userErrors: [{ code: 'INVALID', field: ['subscriptionContractId'], message: 'Contract does not exist' }] };
    if (contract.status === 'CANCELLED' || contract.status === 'EXPIRED') {
      return {
        contract: null,
        userErrors: [
          {
            code: 'CONTRACT_TERMINATED',
            field: ['subscriptionContractId'],
            message: `Contract is ${contract.status.toLowerCase()} and cannot be changed`,
          },
        ],
      };
    }
    if (!from.includes(contract.status)) {
      return {
        contract: null,
        userErrors: [
          {
            code: 'INVALID',
            field: ['subscriptionContractId'],
            message: `Cannot change a ${contract.status.toLowerCase()} contract to ${target.toLowerCase()}`,
          },
        ],
      };
    }
    setContractStatus(ctx.store, contract, target);
    return { contract, userErrors: [] };
  };
}

export const subscriptionResolvers = {
  SubscriptionContract,
  SubscriptionDraft,
  SubscriptionLine,
  SubscriptionBillingAttempt,
  QueryRoot: {
    subscriptionContract: (_s: unknown, args: Args, ctx: ResolverContext) => contractById(ctx, argString(args, 'id')) ?? null,
    subscriptionContracts: (_s: unknown, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) =>
      searchConnection(
        ctx,
        info,
        [...ctx.store.contracts.values()].sort((a, b) => a.id - b.id),
        args,
        contractSearch(),
        (c) => c.id,
      ),
    subscriptionDraft: (_s: unknown, args: Args, ctx: ResolverContext) => draftById(ctx, argString(args, 'id')) ?? null,
    subscriptionBillingAttempt: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const id = numericIdOf(argString(args, 'id') ?? '', 'SubscriptionBillingAttempt');
      return id === null ? null : (ctx.store.billingAttempts.get(id) ?? null);
    },
    subscriptionBillingAttempts: (_s: unknown, args: Args, ctx: ResolverContext) =>
      connection(
        [...ctx.store.billingAttempts.values()].sort((a, b) => a.id - b.id),
        connectionArgs(args),
        (a) => a.id,
      ),
  },
  Mutation: mutations,
};
