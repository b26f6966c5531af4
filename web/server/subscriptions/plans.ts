// Selling plans the merchant defines: "subscribe and save" groups (every N days/weeks/months, a percentage or fixed
// discount, optionally prepaid for several deliveries) created and updated in Shopify with sellingPlanGroupCreate /
// Update, attached to products and variants, and stored so the merchant API lists exactly what exists in Shopify.
// A plan (or a group) that active or paused contracts use cannot be deleted.
import { z } from 'zod';
import type { Prisma } from '../db/client.js';
import { ConflictError, NotFoundError, UnprocessableError, zodProblems } from '../errors.js';
import { ShopifyUserErrors } from '../shopify/errors.js';
import { SellingPlanGroupAddProductsMutation } from '../shopify/graphql/SellingPlanGroupAddProductsMutation.js';
import { SellingPlanGroupAddProductVariantsMutation } from '../shopify/graphql/SellingPlanGroupAddProductVariantsMutation.js';
import { SellingPlanGroupCreateMutation } from '../shopify/graphql/SellingPlanGroupCreateMutation.js';
import { SellingPlanGroupDeleteMutation } from '../shopify/graphql/SellingPlanGroupDeleteMutation.js';
import { SellingPlanGroupRemoveProductsMutation } from '../shopify/graphql/SellingPlanGroupRemoveProductsMutation.js';
import { SellingPlanGroupRemoveProductVariantsMutation } from '../shopify/graphql/SellingPlanGroupRemoveProductVariantsMutation.js';
import { SellingPlanGroupUpdateMutation } from '../shopify/graphql/SellingPlanGroupUpdateMutation.js';
import type { StoredContractLine } from './contracts.js';
import type { SubscriptionDeps } from './deps.js';

const productGid = z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, 'a product GID (gid://shopify/Product/…)');
const variantGid = z.string().regex(/^gid:\/\/shopify\/ProductVariant\/\d+$/, 'a variant GID (gid://shopify/ProductVariant/…)');

const planSchema = z
  .object({
    /** Present for a plan that exists (its Shopify GID); absent for a new one. */
    id: z
      .string()
      .regex(/^gid:\/\/shopify\/SellingPlan\/\d+$/)
      .optional(),
    name: z.string().trim().min(1).max(255).optional(),
    interval: z.enum(['DAY', 'WEEK', 'MONTH']),
    intervalCount: z.number().int().min(1).max(36),
    discount: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('percentage'), percent: z.number().gt(0).max(100) }).strict(),
        z
          .object({ type: z.literal('fixed_amount'), amount: z.string().regex(/^\d+(\.\d{1,2})?$/, 'a decimal amount such as "2.50"') })
          .strict(),
      ])
      .nullish(),
    /** Deliveries paid at once (prepaid): billing every intervalCount × prepaidDeliveries. Default 1. */
    prepaidDeliveries: z.number().int().min(1).max(12).default(1),
  })
  .strict();

export const planGroupSchema = z
  .object({
    name: z.string().trim().min(1).max(255),
    merchantCode: z.string().trim().min(1).max(255).optional(),
    description: z.string().max(1000).nullish(),
    plans: z.array(planSchema).min(1).max(31),
    productIds: z.array(productGid).max(250).default([]),
    variantIds: z.array(variantGid).max(250).default([]),
  })
  .strict();

export type PlanGroupInput = z.input<typeof planGroupSchema>;
type PlanGroupDoc = z.output<typeof planGroupSchema>;
type PlanDoc = z.output<typeof planSchema>;

export interface StoredPlan extends Omit<PlanDoc, 'id'> {
  id: string;
  name: string;
  option: string;
  /** A plan imported from Shopify whose pricing policy sets a price (PRICE adjustment), as a decimal. */
  price?: string;
}

export interface PlanGroupView {
  id: string;
  shopifyId: string;
  name: string;
  merchantCode: string;
  description: string | null;
  plans: StoredPlan[];
  productIds: string[];
  variantIds: string[];
  version: number;
  /** "encore": created through this API; "imported": found in Shopify by the reconciliation (products and variants: the first 25). */
  origin: 'encore' | 'imported';
}

function parseGroup(body: unknown): PlanGroupDoc {
  const parsed = planGroupSchema.safeParse(body);
  if (!parsed.success) throw new UnprocessableError('This subscription plan group cannot be saved.', zodProblems(parsed.error.issues));
  return parsed.data;
}

const UNIT: Record<string, [string, string]> = { DAY: ['day', 'days'], WEEK: ['week', 'weeks'], MONTH: ['month', 'months'] };

/** "Every 2 weeks", the plan's option (unique in its group, as Shopify requires). */
export function planOption(plan: Pick<PlanDoc, 'interval' | 'intervalCount' | 'prepaidDeliveries'>): string {
  const [one, many] = UNIT[plan.interval] ?? ['interval', 'intervals'];
  const every = plan.intervalCount === 1 ? `Every ${one}` : `Every ${plan.intervalCount} ${many}`;
  return plan.prepaidDeliveries > 1 ? `${every}, ${plan.prepaidDeliveries} prepaid` : every;
}

function planName(plan: PlanDoc): string {
  if (plan.name) return plan.name;
  const save = plan.discount
    ? plan.discount.type === 'percentage'
      ? `, save ${plan.discount.percent}%`
      : `, save ${plan.discount.amount}`
    : '';
  return `${planOption(plan)}${save}`;
}

/** The SellingPlanInput of one plan: recurring billing and delivery, a fixed pricing policy for the discount. */
function sellingPlanInput(plan: PlanDoc, index: number) {
  const recurring = { interval: plan.interval, intervalCount: plan.intervalCount };
  return {
    ...(plan.id ? { id: plan.id } : {}),
    name: planName(plan),
    options: [planOption(plan)],
    position: index + 1,
    category: 'SUBSCRIPTION' as const,
    billingPolicy: { recurring: { interval: plan.interval, intervalCount: plan.intervalCount * plan.prepaidDeliveries } },
    deliveryPolicy: { recurring },
    pricingPolicies: plan.discount
      ? [
          {
            fixed:
              plan.discount.type === 'percentage'
                ? { adjustmentType: 'PERCENTAGE' as const, adjustmentValue: { percentage: plan.discount.percent } }
                : { adjustmentType: 'FIXED_AMOUNT' as const, adjustmentValue: { fixedValue: plan.discount.amount } },
          },
        ]
      : [],
  };
}

function refusal(error: unknown): never {
  if (error instanceof ShopifyUserErrors) {
    throw new UnprocessableError(
      'Shopify refused this plan group.',
      error.userErrors.map((e) => ({ field: (e.field ?? []).join('.'), message: e.message })),
    );
  }
  throw error;
}

function check<T extends { userErrors: { field?: string[] | null; message: string; code?: string | null }[] }>(
  op: string,
  payload: T | null | undefined,
): T {
  if (!payload) throw new ConflictError(`Shopify gave no answer to ${op}.`);
  if (payload.userErrors.length > 0) refusal(new ShopifyUserErrors(op, payload.userErrors));
  return payload;
}

function view(row: Prisma.SubscriptionPlanGroupGetPayload<Record<string, never>>): PlanGroupView {
  return {
    id: row.id,
    shopifyId: row.shopifyId,
    name: row.name,
    merchantCode: row.merchantCode,
    description: row.description,
    plans: row.plans as unknown as StoredPlan[],
    productIds: row.productIds as string[],
    variantIds: row.variantIds as string[],
    version: row.version,
    origin: row.origin === 'imported' ? 'imported' : 'encore',
  };
}

/** Plans with their Shopify ids, matched by option (unique per group). */
function withIds(plans: PlanDoc[], shopifyPlans: { id: string; options: string[] }[]): StoredPlan[] {
  return plans.map((plan) => {
    const option = planOption(plan);
    const match = shopifyPlans.find((p) => p.options[0] === option);
    if (!match) throw new ConflictError(`Shopify did not return the plan "${option}".`);
    return { ...plan, id: match.id, name: planName(plan), option };
  });
}

export async function listPlanGroups(deps: SubscriptionDeps, shopId: string): Promise<PlanGroupView[]> {
  const rows = await deps.db.prisma.subscriptionPlanGroup.findMany({ where: { shopId, deletedAt: null }, orderBy: { createdAt: 'asc' } });
  return rows.map(view);
}

export async function getPlanGroup(deps: SubscriptionDeps, shopId: string, id: string): Promise<PlanGroupView> {
  const row = await deps.db.prisma.subscriptionPlanGroup.findFirst({ where: { id, shopId, deletedAt: null } });
  if (!row) throw new NotFoundError(`No subscription plan group ${id} in this shop.`);
  return view(row);
}

export async function createPlanGroup(deps: SubscriptionDeps, shop: { id: string; domain: string }, body: unknown): Promise<PlanGroupView> {
  const doc = parseGroup(body);
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(SellingPlanGroupCreateMutation, {
    input: {
      name: doc.name,
      merchantCode: doc.merchantCode ?? doc.name,
      description: doc.description ?? null,
      options: ['Delivery frequency'],
      sellingPlansToCreate: doc.plans.map((p, i) => sellingPlanInput({ ...p, id: undefined }, i)),
    },
    resources: { productIds: doc.productIds, productVariantIds: doc.variantIds },
  });
  const group = check('sellingPlanGroupCreate', data.sellingPlanGroupCreate).sellingPlanGroup;
  if (!group) throw new ConflictError('Shopify created no selling plan group.');
  const row = await deps.db.prisma.subscriptionPlanGroup.create({
    data: {
      shopId: shop.id,
      shopifyId: group.id,
      name: doc.name,
      merchantCode: doc.merchantCode ?? doc.name,
      description: doc.description ?? null,
      plans: withIds(doc.plans, group.sellingPlans.nodes) as unknown as Prisma.InputJsonValue,
      productIds: doc.productIds,
      variantIds: doc.variantIds,
    },
  });
  return view(row);
}

/** Plan ids that contracts still running (active or paused) bill on. */
async function plansInUse(deps: SubscriptionDeps, shopId: string, planIds: readonly string[]): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  if (planIds.length === 0) return used;
  const contracts = await deps.db.prisma.subscriptionContract.findMany({
    where: { shopId, status: { in: ['ACTIVE', 'PAUSED', 'FAILED'] } },
    select: { lines: true },
  });
  for (const contract of contracts) {
    for (const line of contract.lines as unknown as StoredContractLine[]) {
      if (line.sellingPlanId && planIds.includes(line.sellingPlanId)) used.set(line.sellingPlanId, (used.get(line.sellingPlanId) ?? 0) + 1);
    }
  }
  return used;
}

function refuseInUse(used: Map<string, number>, plans: StoredPlan[], what: string): void {
  if (used.size === 0) return;
  const names = [...used].map(([id, n]) => `"${plans.find((p) => p.id === id)?.name ?? id}" (${n} contract${n === 1 ? '' : 's'})`);
  throw new ConflictError(
    `${what}: active or paused subscriptions still renew on ${names.join(', ')}. ` +
      'Keep the plan, or cancel or move those subscriptions first.',
  );
}

export async function updatePlanGroup(
  deps: SubscriptionDeps,
  shop: { id: string; domain: string },
  id: string,
  body: unknown,
): Promise<PlanGroupView> {
  const current = await getPlanGroup(deps, shop.id, id);
  const doc = parseGroup(body);
  const unknown = doc.plans.filter((p) => p.id && !current.plans.some((c) => c.id === p.id));
  if (unknown.length) throw new NotFoundError(`These plans are not in this group: ${unknown.map((p) => p.id).join(', ')}.`);
  const removed = current.plans.filter((c) => !doc.plans.some((p) => p.id === c.id));
  refuseInUse(
    await plansInUse(
      deps,
      shop.id,
      removed.map((p) => p.id),
    ),
    current.plans,
    'These plans cannot be deleted',
  );
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(SellingPlanGroupUpdateMutation, {
    id: current.shopifyId,
    input: {
      name: doc.name,
      ...(doc.merchantCode ? { merchantCode: doc.merchantCode } : {}),
      description: doc.description ?? null,
      sellingPlansToCreate: doc.plans.flatMap((p, i) => (p.id ? [] : [sellingPlanInput(p, i)])),
      sellingPlansToUpdate: doc.plans.flatMap((p, i) => (p.id ? [sellingPlanInput(p, i)] : [])),
      sellingPlansToDelete: removed.map((p) => p.id),
    },
  });
  const group = check('sellingPlanGroupUpdate', data.sellingPlanGroupUpdate).sellingPlanGroup;
  if (!group) throw new ConflictError('Shopify returned no selling plan group.');
  await syncResources(deps, shop, current, doc);
  const row = await deps.db.prisma.subscriptionPlanGroup.update({
    where: { id: current.id },
    data: {
      name: doc.name,
      ...(doc.merchantCode ? { merchantCode: doc.merchantCode } : {}),
      description: doc.description ?? null,
      plans: withIds(doc.plans, group.sellingPlans.nodes) as unknown as Prisma.InputJsonValue,
      productIds: doc.productIds,
      variantIds: doc.variantIds,
      version: { increment: 1 },
    },
  });
  return view(row);
}

/** Adds and removes products and variants so the group is offered on exactly the ones listed. */
async function syncResources(deps: SubscriptionDeps, shop: { domain: string }, current: PlanGroupView, doc: PlanGroupDoc): Promise<void> {
  const admin = await deps.adminFor(shop.domain);
  const id = current.shopifyId;
  const diff = (next: string[], before: string[]) => [next.filter((x) => !before.includes(x)), before.filter((x) => !next.includes(x))];
  const [addProducts, removeProducts] = diff(doc.productIds, current.productIds);
  const [addVariants, removeVariants] = diff(doc.variantIds, current.variantIds);
  if (addProducts?.length)
    check(
      'sellingPlanGroupAddProducts',
      (await admin.request(SellingPlanGroupAddProductsMutation, { id, productIds: addProducts })).sellingPlanGroupAddProducts,
    );
  if (removeProducts?.length)
    check(
      'sellingPlanGroupRemoveProducts',
      (await admin.request(SellingPlanGroupRemoveProductsMutation, { id, productIds: removeProducts })).sellingPlanGroupRemoveProducts,
    );
  if (addVariants?.length)
    check(
      'sellingPlanGroupAddProductVariants',
      (await admin.request(SellingPlanGroupAddProductVariantsMutation, { id, productVariantIds: addVariants }))
        .sellingPlanGroupAddProductVariants,
    );
  if (removeVariants?.length)
    check(
      'sellingPlanGroupRemoveProductVariants',
      (await admin.request(SellingPlanGroupRemoveProductVariantsMutation, { id, productVariantIds: removeVariants }))
        .sellingPlanGroupRemoveProductVariants,
    );
}

export async function deletePlanGroup(deps: SubscriptionDeps, shop: { id: string; domain: string }, id: string): Promise<void> {
  const current = await getPlanGroup(deps, shop.id, id);
  refuseInUse(
    await plansInUse(
      deps,
      shop.id,
      current.plans.map((p) => p.id),
    ),
    current.plans,
    'This plan group cannot be deleted',
  );
  const admin = await deps.adminFor(shop.domain);
  check('sellingPlanGroupDelete', (await admin.request(SellingPlanGroupDeleteMutation, { id: current.shopifyId })).sellingPlanGroupDelete);
  await deps.db.prisma.subscriptionPlanGroup.update({ where: { id: current.id }, data: { deletedAt: deps.clock.now() } });
}

/** The plans a contract may switch to: the other plans of the group its first line's plan belongs to. */
export async function frequencyOptions(deps: SubscriptionDeps, shopId: string, sellingPlanId: string | null): Promise<StoredPlan[]> {
  if (!sellingPlanId) return [];
  const groups = await listPlanGroups(deps, shopId);
  return groups.find((g) => g.plans.some((p) => p.id === sellingPlanId))?.plans ?? [];
}
