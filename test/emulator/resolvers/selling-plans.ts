// Selling plan groups and plans (recurring subscription plans only; fixed/pre-order plans are rejected as not
// emulated), with sellingPlanGroupCreate validation and attaching products or variants.
import type { GraphQLResolveInfo } from 'graphql';
import {
  type Args,
  argNumber,
  argObject,
  argObjects,
  argString,
  argStrings,
  connectionArgs,
  pass,
  type ResolverContext,
  type TypeResolvers,
  typed,
} from '../graphql/resolver-kit.js';
import type { SellingPlanInterval } from '../seed/types.js';
import { connection } from '../store/connection.js';
import { gid, numericIdOf } from '../store/ids.js';
import { moneyV2, toCents } from '../store/money.js';
import type {
  PricingPolicyRecord,
  ProductRecord,
  RecurringPolicy,
  SellingPlanGroupRecord,
  SellingPlanRecord,
  VariantRecord,
} from '../store/records.js';
import { sellingPlanGroupSearch } from '../store/search-schemas.js';
import { count, metafieldFields, searchConnection } from './common.js';

const SellingPlanGroup: TypeResolvers<SellingPlanGroupRecord> = {
  ...pass<SellingPlanGroupRecord>('name', 'merchantCode', 'description', 'options', 'position', 'appId', 'createdAt'),
  id: (g) => gid('SellingPlanGroup', g.id),
  summary: (g, _args, ctx) => `${g.planIds.length} delivery frequenc${g.planIds.length === 1 ? 'y' : 'ies'}${planDiscountSummary(g, ctx)}`,
  sellingPlans: (g, args, ctx) => connection(plansOf(g, ctx), connectionArgs(args), (p) => p.id),
  products: (g, args, ctx) =>
    connection(
      g.productIds.map((id) => ctx.store.products.get(id)).filter((p): p is ProductRecord => !!p),
      connectionArgs(args),
      (p) => p.id,
    ),
  productsCount: (g) => count(g.productIds.length),
  productVariants: (g, args, ctx) => {
    const productId = numericIdOf(argString(args, 'productId') ?? '', 'Product');
    const list = g.variantIds
      .map((id) => ctx.store.variants.get(id))
      .filter((v): v is VariantRecord => !!v && (productId === null || v.productId === productId));
    return connection(list, connectionArgs(args), (v) => v.id);
  },
  productVariantsCount: (g, args, ctx) => {
    const productId = numericIdOf(argString(args, 'productId') ?? '', 'Product');
    return count(g.variantIds.filter((id) => productId === null || ctx.store.variants.get(id)?.productId === productId).length);
  },
  appliesToProduct: (g, args) => g.productIds.includes(numericIdOf(argString(args, 'productId') ?? '', 'Product') ?? -1),
  appliesToProductVariant: (g, args, ctx) => {
    const id = numericIdOf(argString(args, 'productVariantId') ?? '', 'ProductVariant') ?? -1;
    const variant = ctx.store.variants.get(id);
    return g.variantIds.includes(id) || (variant !== undefined && g.productIds.includes(variant.productId));
  },
  appliesToProductVariants: (g, args, ctx) => {
    const productId = numericIdOf(argString(args, 'productId') ?? '', 'Product') ?? -1;
    return g.variantIds.some((id) => ctx.store.variants.get(id)?.productId === productId);
  },
};

function plansOf(group: SellingPlanGroupRecord, ctx: ResolverContext): SellingPlanRecord[] {
  return group.planIds.map((id) => ctx.store.sellingPlans.get(id)).filter((p): p is SellingPlanRecord => !!p);
}

function planDiscountSummary(group: SellingPlanGroupRecord, ctx: ResolverContext): string {
  const percents = plansOf(group, ctx).flatMap((p) =>
    p.pricingPolicies.filter((pp) => pp.adjustmentType === 'PERCENTAGE').map((pp) => pp.adjustmentValue),
  );
  if (percents.length === 0) return '';
  const min = Math.min(...percents);
  const max = Math.max(...percents);
  return min === max ? `, discount ${min}%` : `, discount ${min}-${max}%`;
}

function recurringBilling(policy: RecurringPolicy, createdAt: string) {
  return typed(
    {
      interval: policy.interval,
      intervalCount: policy.intervalCount,
      minCycles: policy.minCycles,
      maxCycles: policy.maxCycles,
      anchors: policy.anchors,
      createdAt,
    },
    'SellingPlanRecurringBillingPolicy',
  );
}

function pricingPolicyView(policy: PricingPolicyRecord, currency: string) {
  const adjustmentValue =
    policy.adjustmentType === 'PERCENTAGE'
      ? typed({ percentage: policy.adjustmentValue }, 'SellingPlanPricingPolicyPercentageValue')
      : typed(moneyV2(policy.adjustmentValue, currency as 'USD'), 'MoneyV2');
  return typed(
    { adjustmentType: policy.adjustmentType, adjustmentValue, afterCycle: policy.afterCycle, createdAt: policy.createdAt },
    policy.kind === 'fixed' ? 'SellingPlanFixedPricingPolicy' : 'SellingPlanRecurringPricingPolicy',
  );
}

const SellingPlan: TypeResolvers<SellingPlanRecord> = {
  ...pass<SellingPlanRecord>('name', 'description', 'options', 'position', 'category', 'createdAt'),
  id: (p) => gid('SellingPlan', p.id),
  billingPolicy: (p) => recurringBilling(p.billingPolicy, p.createdAt),
  deliveryPolicy: (p) =>
    typed(
      {
        interval: p.deliveryPolicy.interval,
        intervalCount: p.deliveryPolicy.intervalCount,
        anchors: p.deliveryPolicy.anchors,
        cutoff: p.deliveryPolicy.cutoff,
        intent: p.deliveryPolicy.intent,
        preAnchorBehavior: p.deliveryPolicy.preAnchorBehavior,
        createdAt: p.createdAt,
      },
      'SellingPlanRecurringDeliveryPolicy',
    ),
  pricingPolicies: (p, _args, ctx) => p.pricingPolicies.map((pp) => pricingPolicyView(pp, ctx.store.shop.currencyCode)),
  inventoryPolicy: () => ({ reserve: 'ON_FULFILLMENT' }),
  ...metafieldFields<SellingPlanRecord>((p) => gid('SellingPlan', p.id)),
};

// ---------------------------------------------------------------------------------------------------------------
// Mutations

interface PlanProblem {
  field: string[];
  message: string;
  code: string;
}

function parseRecurring(
  input: Args | null,
  field: string[],
  kind: 'billing' | 'delivery',
  problems: PlanProblem[],
): RecurringPolicy | null {
  if (!input) {
    problems.push({
      field,
      message: `Selling plan ${kind} policy is missing`,
      code: kind === 'billing' ? 'SELLING_PLAN_BILLING_POLICY_MISSING' : 'SELLING_PLAN_DELIVERY_POLICY_MISSING',
    });
    return null;
  }
  if (argObject(input, 'fixed')) {
    problems.push({
      field: [...field, 'fixed'],
      message: 'emulator: fixed billing/delivery policies (pre-orders, try before you buy) are not emulated',
      code: 'INVALID_INPUT',
    });
    return null;
  }
  const recurring = argObject(input, 'recurring');
  if (!recurring) {
    problems.push({
      field,
      message: `Selling plan ${kind} policy is missing`,
      code: kind === 'billing' ? 'SELLING_PLAN_BILLING_POLICY_MISSING' : 'SELLING_PLAN_DELIVERY_POLICY_MISSING',
    });
    return null;
  }
  const interval = argString(recurring, 'interval') as SellingPlanInterval | null;
  const intervalCount = argNumber(recurring, 'intervalCount');
  if (!interval) problems.push({ field: [...field, 'recurring', 'interval'], message: "Interval can't be blank", code: 'BLANK' });
  if (intervalCount === null)
    problems.push({ field: [...field, 'recurring', 'intervalCount'], message: "Interval count can't be blank", code: 'BLANK' });
  else if (intervalCount < 1)
    problems.push({
      field: [...field, 'recurring', 'intervalCount'],
      message: 'Interval count must be greater than 0',
      code: 'GREATER_THAN',
    });
  const minCycles = argNumber(recurring, 'minCycles');
  const maxCycles = argNumber(recurring, 'maxCycles');
  if (minCycles !== null && maxCycles !== null && maxCycles < minCycles) {
    problems.push({
      field: [...field, 'recurring', 'maxCycles'],
      message: 'Max cycles must be greater than min cycles',
      code: 'SELLING_PLAN_MAX_CYCLES_MUST_BE_GREATER_THAN_MIN_CYCLES',
    });
  }
  if (!interval || intervalCount === null) return null;
  if (argObjects(recurring, 'anchors').length > 0) {
    problems.push({
      field: [...field, 'recurring', 'anchors'],
      message: 'emulator: selling plan anchors are not emulated',
      code: 'INVALID_INPUT',
    });
  }
  return { interval, intervalCount, minCycles, maxCycles, anchors: [] };
}

const DAYS: Record<SellingPlanInterval, number> = { DAY: 1, WEEK: 7, MONTH: 30, YEAR: 365 };

function parsePlan(
  ctx: ResolverContext,
  input: Args,
  index: number,
  groupId: number,
  groupOptions: string[],
  at: string,
  problems: PlanProblem[],
  list = 'sellingPlansToCreate',
): SellingPlanRecord | null {
  const field = ['input', list, String(index)];
  const before = problems.length;
  const name = argString(input, 'name');
  if (!name || name.trim() === '') problems.push({ field: [...field, 'name'], message: "Name can't be blank", code: 'BLANK' });
  const options = argStrings(input, 'options');
  if (options.length !== Math.max(1, groupOptions.length)) {
    problems.push({
      field: [...field, 'options'],
      message: 'Selling plan options must match the options of the selling plan group',
      code: 'WRONG_LENGTH',
    });
  }
  const billing = parseRecurring(argObject(input, 'billingPolicy'), [...field, 'billingPolicy'], 'billing', problems);
  const deliveryRaw = parseRecurring(argObject(input, 'deliveryPolicy'), [...field, 'deliveryPolicy'], 'delivery', problems);
  if (billing && deliveryRaw) {
    const billingDays = DAYS[billing.interval] * billing.intervalCount;
    const deliveryDays = DAYS[deliveryRaw.interval] * deliveryRaw.intervalCount;
    if (billingDays < deliveryDays || billingDays % deliveryDays !== 0) {
      problems.push({
        field: [...field, 'billingPolicy'],
        message: 'Billing cycle must be a multiple of the delivery cycle',
        code: 'SELLING_PLAN_BILLING_CYCLE_MUST_BE_A_MULTIPLE_OF_DELIVERY_CYCLE',
      });
    }
  }
  const pricingInputs = argObjects(input, 'pricingPolicies');
  if (pricingInputs.length > 2)
    problems.push({
      field: [...field, 'pricingPolicies'],
      message: 'Selling plans can have at most 2 pricing policies',
      code: 'SELLING_PLAN_PRICING_POLICIES_LIMIT',
    });
  const pricingPolicies: PricingPolicyRecord[] = [];
  pricingInputs.forEach((pricing, p) => {
    const fixed = argObject(pricing, 'fixed');
    const recurring = argObject(pricing, 'recurring');
    const pField = [...field, 'pricingPolicies', String(p)];
    if ((fixed ? 1 : 0) + (recurring ? 1 : 0) !== 1) {
      problems.push({ field: pField, message: 'Only one pricing policy type can be provided', code: 'ONLY_NEED_ONE_PRICING_POLICY_TYPE' });
      return;
    }
    const policy = (fixed ?? recurring)!;
    const adjustmentType = argString(policy, 'adjustmentType') as PricingPolicyRecord['adjustmentType'] | null;
    const value = argObject(policy, 'adjustmentValue') ?? {};
    const percentage = argNumber(value, 'percentage');
    const fixedValue = value.fixedValue;
    if ((percentage === null) === (fixedValue === undefined || fixedValue === null)) {
      problems.push({
        field: [...pField, 'adjustmentValue'],
        message: 'Only one pricing policy value can be provided',
        code: 'ONLY_NEED_ONE_PRICING_POLICY_VALUE',
      });
      return;
    }
    if (!adjustmentType || (adjustmentType === 'PERCENTAGE') !== (percentage !== null)) {
      problems.push({
        field: [...pField, 'adjustmentType'],
        message: 'Pricing policy adjustment value and type must match',
        code: 'PRICING_POLICY_ADJUSTMENT_VALUE_AND_TYPE_MUST_MATCH',
      });
      return;
    }
    if (percentage !== null && (percentage < 0 || percentage > 100)) {
      problems.push({
        field: [...pField, 'adjustmentValue', 'percentage'],
        message: 'Percentage must be between 0 and 100',
        code: 'INVALID',
      });
      return;
    }
    pricingPolicies.push({
      kind: fixed ? 'fixed' : 'recurring',
      adjustmentType,
      adjustmentValue: percentage ?? toCents(String(fixedValue)),
      afterCycle: recurring ? argNumber(recurring, 'afterCycle') : null,
      createdAt: at,
    });
  });
  if (pricingPolicies.length > 0 && !pricingPolicies.some((p) => p.kind === 'fixed')) {
    problems.push({
      field: [...field, 'pricingPolicies'],
      message: 'Pricing policies must contain a fixed pricing policy',
      code: 'SELLING_PLAN_PRICING_POLICIES_MUST_CONTAIN_A_FIXED_PRICING_POLICY',
    });
  }
  if (problems.length > before || !billing || !deliveryRaw || !name) return null;
  const delivery = argObject(argObject(input, 'deliveryPolicy') ?? {}, 'recurring') ?? {};
  return {
    id: ctx.store.newId(),
    groupId,
    name,
    description: argString(input, 'description'),
    options,
    position: argNumber(input, 'position') ?? index + 1,
    category: (argString(input, 'category') as SellingPlanRecord['category'] | null) ?? 'SUBSCRIPTION',
    billingPolicy: billing,
    deliveryPolicy: {
      ...deliveryRaw,
      intent: argString(delivery, 'intent') ?? 'FULFILLMENT_BEGIN',
      preAnchorBehavior: argString(delivery, 'preAnchorBehavior') ?? 'ASAP',
      cutoff: argNumber(delivery, 'cutoff'),
    },
    pricingPolicies,
    createdAt: at,
  };
}

function resolveResources(
  ctx: ResolverContext,
  productIds: string[],
  variantIds: string[],
  fieldPrefix: string[],
): { products: number[]; variants: number[]; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const products: number[] = [];
  const variants: number[] = [];
  productIds.forEach((id, i) => {
    const numeric = numericIdOf(id, 'Product');
    if (numeric === null || !ctx.store.products.has(numeric))
      problems.push({
        field: [...fieldPrefix, 'productIds', String(i)],
        message: 'Product does not exist',
        code: 'PRODUCT_DOES_NOT_EXIST',
      });
    else products.push(numeric);
  });
  variantIds.forEach((id, i) => {
    const numeric = numericIdOf(id, 'ProductVariant');
    if (numeric === null || !ctx.store.variants.has(numeric))
      problems.push({
        field: [...fieldPrefix, 'productVariantIds', String(i)],
        message: 'Product variant does not exist',
        code: 'PRODUCT_VARIANT_DOES_NOT_EXIST',
      });
    else variants.push(numeric);
  });
  return { products, variants, problems };
}

function sellingPlanGroupCreate(_s: unknown, args: Args, ctx: ResolverContext) {
  const input = argObject(args, 'input') ?? {};
  const resources = argObject(args, 'resources') ?? {};
  const problems: PlanProblem[] = [];
  const name = argString(input, 'name');
  if (!name || name.trim() === '') problems.push({ field: ['input', 'name'], message: "Name can't be blank", code: 'BLANK' });
  const merchantCode = argString(input, 'merchantCode');
  if (!merchantCode || merchantCode.trim() === '')
    problems.push({ field: ['input', 'merchantCode'], message: "Merchant code can't be blank", code: 'BLANK' });
  const options = argStrings(input, 'options');
  if (options.length === 0) problems.push({ field: ['input', 'options'], message: "Options can't be blank", code: 'BLANK' });
  const planInputs = argObjects(input, 'sellingPlansToCreate');
  if (planInputs.length === 0)
    problems.push({
      field: ['input', 'sellingPlansToCreate'],
      message: 'A selling plan group must have at least one selling plan',
      code: 'SELLING_PLAN_COUNT_LOWER_BOUND',
    });
  if (planInputs.length > 31)
    problems.push({
      field: ['input', 'sellingPlansToCreate'],
      message: 'A selling plan group can have at most 31 selling plans',
      code: 'SELLING_PLAN_COUNT_UPPER_BOUND',
    });
  const groupId = ctx.store.newId();
  const at = ctx.store.nowIso();
  const plans = planInputs
    .map((plan, index) => parsePlan(ctx, plan, index, groupId, options, at, problems))
    .filter((p): p is SellingPlanRecord => p !== null);
  const names = plans.map((p) => p.name.toLowerCase());
  if (new Set(names).size !== names.length)
    problems.push({
      field: ['input', 'sellingPlansToCreate'],
      message: 'Selling plan names must be unique',
      code: 'SELLING_PLAN_DUPLICATE_NAME',
    });
  const optionKeys = plans.map((p) => p.options.join('|'));
  if (new Set(optionKeys).size !== optionKeys.length)
    problems.push({
      field: ['input', 'sellingPlansToCreate'],
      message: 'Selling plan options must be unique',
      code: 'SELLING_PLAN_DUPLICATE_OPTIONS',
    });
  const attached = resolveResources(ctx, argStrings(resources, 'productIds'), argStrings(resources, 'productVariantIds'), ['resources']);
  problems.push(...attached.problems);
  if (problems.length > 0) return { sellingPlanGroup: null, userErrors: problems };
  const group: SellingPlanGroupRecord = {
    id: groupId,
    name: name!,
    merchantCode: merchantCode!,
    description: argString(input, 'description'),
    options,
    position: argNumber(input, 'position'),
    appId: argString(input, 'appId') ?? 'encore',
    createdAt: at,
    planIds: plans.map((p) => p.id),
    productIds: attached.products,
    variantIds: attached.variants,
  };
  ctx.store.sellingPlanGroups.set(group.id, group);
  for (const plan of plans) ctx.store.sellingPlans.set(plan.id, plan);
  return { sellingPlanGroup: group, userErrors: [] };
}

function groupById(ctx: ResolverContext, id: string | null): SellingPlanGroupRecord | undefined {
  const numeric = numericIdOf(id ?? '', 'SellingPlanGroup');
  return numeric === null ? undefined : ctx.store.sellingPlanGroups.get(numeric);
}

function sellingPlanGroupAddProducts(_s: unknown, args: Args, ctx: ResolverContext) {
  const group = groupById(ctx, argString(args, 'id'));
  if (!group)
    return {
      sellingPlanGroup: null,
      userErrors: [{ field: ['id'], message: 'Selling plan group does not exist.', code: 'GROUP_DOES_NOT_EXIST' }],
    };
  const attached = resolveResources(ctx, argStrings(args, 'productIds'), [], []);
  if (attached.problems.length > 0) return { sellingPlanGroup: null, userErrors: attached.problems };
  for (const id of attached.products) if (!group.productIds.includes(id)) group.productIds.push(id);
  return { sellingPlanGroup: group, userErrors: [] };
}

function sellingPlanGroupAddProductVariants(_s: unknown, args: Args, ctx: ResolverContext) {
  const group = groupById(ctx, argString(args, 'id'));
  if (!group)
    return {
      sellingPlanGroup: null,
      userErrors: [{ field: ['id'], message: 'Selling plan group does not exist.', code: 'GROUP_DOES_NOT_EXIST' }],
    };
  const attached = resolveResources(ctx, [], argStrings(args, 'productVariantIds'), []);
  if (attached.problems.length > 0) return { sellingPlanGroup: null, userErrors: attached.problems };
  for (const id of attached.variants) if (!group.variantIds.includes(id)) group.variantIds.push(id);
  return { sellingPlanGroup: group, userErrors: [] };
}

// sellingPlanGroupUpdate: validated as a whole (deletes, updates, creates, then the group's limits on what
// remains) and applied only when nothing is wrong, like the create. Codes are SellingPlanGroupUserErrorCode values
// whose schema descriptions match: PLAN_ID_MUST_BE_SPECIFIED_TO_UPDATE, PLAN_DOES_NOT_EXIST,
// SELLING_PLAN_COUNT_LOWER_BOUND ("Must include at least one selling plan"), SELLING_PLAN_COUNT_UPPER_BOUND (31).
function sellingPlanGroupUpdate(_s: unknown, args: Args, ctx: ResolverContext) {
  const group = groupById(ctx, argString(args, 'id'));
  if (!group)
    return {
      sellingPlanGroup: null,
      deletedSellingPlanIds: null,
      userErrors: [{ field: ['id'], message: 'Selling plan group does not exist.', code: 'GROUP_DOES_NOT_EXIST' }],
    };
  const input = argObject(args, 'input') ?? {};
  const problems: PlanProblem[] = [];
  if ('name' in input && (argString(input, 'name') ?? '').trim() === '')
    problems.push({ field: ['input', 'name'], message: "Name can't be blank", code: 'BLANK' });
  const options = 'options' in input ? argStrings(input, 'options') : group.options;
  const toDelete = argStrings(input, 'sellingPlansToDelete').map((id, i) => {
    const numeric = numericIdOf(id, 'SellingPlan');
    if (numeric === null || !group.planIds.includes(numeric))
      problems.push({
        field: ['input', 'sellingPlansToDelete', String(i)],
        message: 'Selling plan does not exist.',
        code: 'PLAN_DOES_NOT_EXIST',
      });
    return numeric ?? -1;
  });
  const at = ctx.store.nowIso();
  const updates = argObjects(input, 'sellingPlansToUpdate').map((planInput, i) => {
    const field = ['input', 'sellingPlansToUpdate', String(i)];
    const id = argString(planInput, 'id');
    if (!id) {
      problems.push({
        field: [...field, 'id'],
        message: 'Selling plan ID must be specified to update.',
        code: 'PLAN_ID_MUST_BE_SPECIFIED_TO_UPDATE',
      });
      return null;
    }
    const existing = ctx.store.sellingPlans.get(numericIdOf(id, 'SellingPlan') ?? -1);
    if (!existing || existing.groupId !== group.id) {
      problems.push({ field: [...field, 'id'], message: 'Selling plan does not exist.', code: 'PLAN_DOES_NOT_EXIST' });
      return null;
    }
    const merged = { ...planView(existing), ...planInput };
    const parsed = parsePlan(ctx, merged, i, group.id, options, at, problems, 'sellingPlansToUpdate');
    return parsed ? { ...parsed, id: existing.id, createdAt: existing.createdAt } : null;
  });
  const created = argObjects(input, 'sellingPlansToCreate')
    .map((planInput, i) => parsePlan(ctx, planInput, i, group.id, options, at, problems))
    .filter((p): p is SellingPlanRecord => p !== null);
  const kept = plansOf(group, ctx)
    .filter((p) => !toDelete.includes(p.id))
    .map((p) => updates.find((u) => u?.id === p.id) ?? p);
  const remaining = [...kept, ...created];
  if (remaining.length === 0)
    problems.push({ field: ['input'], message: 'Must include at least one selling plan.', code: 'SELLING_PLAN_COUNT_LOWER_BOUND' });
  if (remaining.length > 31)
    problems.push({ field: ['input'], message: 'Exceeded the selling plan limit (31).', code: 'SELLING_PLAN_COUNT_UPPER_BOUND' });
  const names = remaining.map((p) => p.name.toLowerCase());
  if (new Set(names).size !== names.length)
    problems.push({ field: ['input'], message: 'Selling plan names must be unique', code: 'SELLING_PLAN_DUPLICATE_NAME' });
  const optionKeys = remaining.map((p) => p.options.join('|'));
  if (new Set(optionKeys).size !== optionKeys.length)
    problems.push({ field: ['input'], message: 'Selling plan options must be unique', code: 'SELLING_PLAN_DUPLICATE_OPTIONS' });
  if (problems.length > 0) return { sellingPlanGroup: null, deletedSellingPlanIds: null, userErrors: problems };
  if ('name' in input) group.name = argString(input, 'name')!;
  if ('merchantCode' in input && argString(input, 'merchantCode')) group.merchantCode = argString(input, 'merchantCode')!;
  if ('description' in input) group.description = argString(input, 'description');
  group.options = options;
  for (const id of toDelete) ctx.store.sellingPlans.delete(id);
  for (const plan of remaining) ctx.store.sellingPlans.set(plan.id, plan);
  group.planIds = remaining.map((p) => p.id);
  return { sellingPlanGroup: group, deletedSellingPlanIds: toDelete.map((id) => gid('SellingPlan', id)), userErrors: [] };
}

/** A stored plan as SellingPlanInput, so an update can name only the fields it changes. */
function planView(plan: SellingPlanRecord): Args {
  return {
    name: plan.name,
    description: plan.description,
    options: plan.options,
    position: plan.position,
    category: plan.category,
    billingPolicy: { recurring: { interval: plan.billingPolicy.interval, intervalCount: plan.billingPolicy.intervalCount } },
    deliveryPolicy: { recurring: { interval: plan.deliveryPolicy.interval, intervalCount: plan.deliveryPolicy.intervalCount } },
    pricingPolicies: plan.pricingPolicies.map((p) => {
      const value =
        p.adjustmentType === 'PERCENTAGE' ? { percentage: p.adjustmentValue } : { fixedValue: (p.adjustmentValue / 100).toFixed(2) };
      return p.kind === 'fixed'
        ? { fixed: { adjustmentType: p.adjustmentType, adjustmentValue: value } }
        : { recurring: { adjustmentType: p.adjustmentType, adjustmentValue: value, afterCycle: p.afterCycle } };
    }),
  };
}

function missingGroup() {
  return [{ field: ['id'], message: 'Selling plan group does not exist.', code: 'GROUP_DOES_NOT_EXIST' }];
}

// "Delete a Selling Plan Group. This does not affect subscription contracts." (Mutation.sellingPlanGroupDelete):
// contract lines keep their plan id and name.
function sellingPlanGroupDelete(_s: unknown, args: Args, ctx: ResolverContext) {
  const group = groupById(ctx, argString(args, 'id'));
  if (!group) return { deletedSellingPlanGroupId: null, userErrors: missingGroup() };
  for (const id of group.planIds) ctx.store.sellingPlans.delete(id);
  ctx.store.sellingPlanGroups.delete(group.id);
  return { deletedSellingPlanGroupId: gid('SellingPlanGroup', group.id), userErrors: [] };
}

// Removing a product or variant the group does not hold is not an error; only what was removed is listed (a guess:
// the payload's removedProductIds / removedProductVariantIds suggest it, the docs do not say).
function sellingPlanGroupRemoveProducts(_s: unknown, args: Args, ctx: ResolverContext) {
  const group = groupById(ctx, argString(args, 'id'));
  if (!group) return { removedProductIds: null, userErrors: missingGroup() };
  const ids = argStrings(args, 'productIds').map((id) => numericIdOf(id, 'Product') ?? -1);
  const removed = group.productIds.filter((id) => ids.includes(id));
  group.productIds = group.productIds.filter((id) => !ids.includes(id));
  return { removedProductIds: removed.map((id) => gid('Product', id)), userErrors: [] };
}

function sellingPlanGroupRemoveProductVariants(_s: unknown, args: Args, ctx: ResolverContext) {
  const group = groupById(ctx, argString(args, 'id'));
  if (!group) return { removedProductVariantIds: null, userErrors: missingGroup() };
  const ids = argStrings(args, 'productVariantIds').map((id) => numericIdOf(id, 'ProductVariant') ?? -1);
  const removed = group.variantIds.filter((id) => ids.includes(id));
  group.variantIds = group.variantIds.filter((id) => !ids.includes(id));
  return { removedProductVariantIds: removed.map((id) => gid('ProductVariant', id)), userErrors: [] };
}

export const sellingPlanResolvers = {
  SellingPlanGroup,
  SellingPlan,
  QueryRoot: {
    sellingPlanGroup: (_s: unknown, args: Args, ctx: ResolverContext) => groupById(ctx, argString(args, 'id')) ?? null,
    sellingPlanGroups: (_s: unknown, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) =>
      searchConnection(
        ctx,
        info,
        [...ctx.store.sellingPlanGroups.values()].sort((a, b) => a.id - b.id),
        args,
        sellingPlanGroupSearch(),
        (g) => g.id,
      ),
  },
  Mutation: {
    sellingPlanGroupCreate,
    sellingPlanGroupUpdate,
    sellingPlanGroupDelete,
    sellingPlanGroupAddProducts,
    sellingPlanGroupAddProductVariants,
    sellingPlanGroupRemoveProducts,
    sellingPlanGroupRemoveProductVariants,
  },
};
