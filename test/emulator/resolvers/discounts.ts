// Basic code discounts: discountCodeBasicCreate with Shopify's input checks (the fields required on create, unique
// code, percentage 0..1, items that exist, dates in order, something to apply to), lookup by id or code, deactivate
// and delete.
import type { GraphQLResolveInfo } from 'graphql';
import { NotImplementedError } from '../graphql/errors.js';
import {
  type Args,
  argBoolean,
  argNumber,
  argObject,
  argString,
  argStrings,
  connectionArgs,
  type ResolverContext,
  type TypeResolvers,
  typed,
} from '../graphql/resolver-kit.js';
import { connection } from '../store/connection.js';
import { gid, numericIdOf } from '../store/ids.js';
import { moneyV2, toCents } from '../store/money.js';
import type { CollectionRecord, DiscountRecord, ProductRecord, VariantRecord } from '../store/records.js';
import { discountSearch } from '../store/search-schemas.js';
import type { ShopStore } from '../store/shop-store.js';
import { count, metafieldFields, searchConnection } from './common.js';

export function discountStatus(store: ShopStore, discount: DiscountRecord): 'ACTIVE' | 'EXPIRED' | 'SCHEDULED' {
  const now = store.now().getTime();
  if (discount.deactivatedAt) return 'EXPIRED';
  if (Date.parse(discount.startsAt) > now) return 'SCHEDULED';
  if (discount.endsAt && Date.parse(discount.endsAt) <= now) return 'EXPIRED';
  const used = discount.codes.reduce((sum, c) => sum + c.asyncUsageCount, 0);
  if (discount.usageLimit !== null && used >= discount.usageLimit) return 'EXPIRED';
  return 'ACTIVE';
}

function summary(store: ShopStore, d: DiscountRecord): string {
  const value =
    d.value.kind === 'percentage' ? `${Math.round(d.value.percentage * 100)}% off` : `$${(d.value.amount / 100).toFixed(2)} off`;
  const target =
    d.items.kind === 'all'
      ? 'entire order'
      : d.items.kind === 'products'
        ? `${d.items.productIds.length + d.items.variantIds.length} product(s)`
        : `${d.items.collectionIds.length} collection(s)`;
  void store;
  return `${value} ${target}${d.appliesOncePerCustomer ? ' • One use per customer' : ''}`;
}

const DiscountCodeBasic: TypeResolvers<DiscountRecord> = {
  title: (d) => d.title,
  startsAt: (d) => d.startsAt,
  endsAt: (d) => d.endsAt,
  createdAt: (d) => d.createdAt,
  updatedAt: (d) => d.updatedAt,
  appliesOncePerCustomer: (d) => d.appliesOncePerCustomer,
  usageLimit: (d) => d.usageLimit,
  asyncUsageCount: (d) => d.codes.reduce((sum, c) => sum + c.asyncUsageCount, 0),
  recurringCycleLimit: (d) => d.recurringCycleLimit,
  tags: (d) => d.tags,
  status: (d, _args, ctx) => discountStatus(ctx.store, d),
  summary: (d, _args, ctx) => summary(ctx.store, d),
  shortSummary: (d, _args, ctx) => summary(ctx.store, d),
  discountClasses: (d) => [d.items.kind === 'all' ? 'ORDER' : 'PRODUCT'],
  hasTimelineComment: () => false,
  shareableUrls: () => [],
  totalSales: (_d, _args, ctx) => moneyV2(0, ctx.store.shop.currencyCode),
  codes: (d, args) =>
    connection(
      d.codes.map((c) => ({ id: gid('DiscountRedeemCode', c.id), code: c.code, asyncUsageCount: c.asyncUsageCount, createdBy: null })),
      connectionArgs(args),
      (c) => c.id,
    ),
  codesCount: (d) => count(d.codes.length),
  combinesWith: (d) => ({ ...d.combinesWith, productDiscountsWithTagsOnSameCartLine: null }),
  context: (d) => (d.customerIds ? typed({ customers: [] }, 'DiscountCustomers') : typed({ all: 'ALL' }, 'DiscountBuyerSelectionAll')),
  minimumRequirement: (d, _args, ctx) => {
    if (d.minimumSubtotal !== null)
      return typed({ greaterThanOrEqualToSubtotal: moneyV2(d.minimumSubtotal, ctx.store.shop.currencyCode) }, 'DiscountMinimumSubtotal');
    if (d.minimumQuantity !== null) return typed({ greaterThanOrEqualToQuantity: String(d.minimumQuantity) }, 'DiscountMinimumQuantity');
    return null;
  },
  customerGets: (d, _args, ctx) => ({
    appliesOnOneTimePurchase: d.appliesOnOneTimePurchase,
    appliesOnSubscription: d.appliesOnSubscription,
    value:
      d.value.kind === 'percentage'
        ? typed({ percentage: d.value.percentage }, 'DiscountPercentage')
        : typed(
            { amount: moneyV2(d.value.amount, ctx.store.shop.currencyCode), appliesOnEachItem: d.value.appliesOnEachItem },
            'DiscountAmount',
          ),
    items: itemsView(ctx, d),
  }),
};

function itemsView(ctx: ResolverContext, d: DiscountRecord) {
  const items = d.items;
  if (items.kind === 'all') return typed({ allItems: true }, 'AllDiscountItems');
  if (items.kind === 'collections') {
    return typed(
      {
        collections: (args: Args) =>
          connection(
            items.collectionIds.map((id) => ctx.store.collections.get(id)).filter((c): c is CollectionRecord => !!c),
            connectionArgs(args),
            (c) => c.id,
          ),
      },
      'DiscountCollections',
    );
  }
  return typed(
    {
      products: (args: Args) =>
        connection(
          items.productIds.map((id) => ctx.store.products.get(id)).filter((p): p is ProductRecord => !!p),
          connectionArgs(args),
          (p) => p.id,
        ),
      productVariants: (args: Args) =>
        connection(
          items.variantIds.map((id) => ctx.store.variants.get(id)).filter((v): v is VariantRecord => !!v),
          connectionArgs(args),
          (v) => v.id,
        ),
    },
    'DiscountProducts',
  );
}

// DiscountProducts / DiscountCollections carry their connections as functions of the field arguments.
const DiscountProducts: TypeResolvers<{ products: (a: Args) => unknown; productVariants: (a: Args) => unknown }> = {
  products: (s, args) => s.products(args),
  productVariants: (s, args) => s.productVariants(args),
};
const DiscountCollections: TypeResolvers<{ collections: (a: Args) => unknown }> = {
  collections: (s, args) => s.collections(args),
};

const DiscountCodeNode: TypeResolvers<DiscountRecord> = {
  id: (d) => gid('DiscountCodeNode', d.id),
  codeDiscount: (d) => typed({ ...d }, 'DiscountCodeBasic'),
  ...metafieldFields<DiscountRecord>((d) => gid('DiscountCodeNode', d.id)),
};

// ---------------------------------------------------------------------------------------------------------------

interface DiscountProblem {
  field: string[];
  message: string;
  code: string;
  extraInfo: null;
}

function problem(field: string[], message: string, code: string): DiscountProblem {
  return { field: ['basicCodeDiscount', ...field], message, code, extraInfo: null };
}

/**
 * Who may use a new code discount: the customer ids it is limited to, or null for every buyer; undefined when the
 * input is refused (the problem is pushed).
 *
 * Source: the 2026-07 description of DiscountCodeBasicInput, "When creating, required fields are: `code`, `context`
 * (or deprecated `customerSelection`), `customerGets`, `startsAt`, `title`". The schema marks both nullable only
 * because the input also serves updates, so a create without either is refused here, never read as "all buyers".
 * Guessed (no Shopify source gives them): the field path (`context`, the current field) and the wording, "Customer
 * selection can't be blank", which public apps quote as Shopify's answer to a create without either field
 * (code BLANK, the DiscountErrorCode for "The input value is blank"). The description names `customerSelection` as
 * the deprecated alternative to `context`, not a companion; it does not say what happens when both come, so the
 * emulator takes the stricter reading and refuses that (INVALID, "Only one of context or customerSelection can be
 * provided.", also our wording), as it refuses a customerSelection that names all customers and a list at once.
 */
function buyersOnCreate(input: Args, problems: DiscountProblem[]): number[] | null | undefined {
  const context = argObject(input, 'context');
  const selection = argObject(input, 'customerSelection');
  const blank = () => {
    problems.push(problem(['context'], "Customer selection can't be blank", 'BLANK'));
    return undefined;
  };
  if (context && selection) {
    problems.push(problem(['context'], 'Only one of context or customerSelection can be provided.', 'INVALID'));
    return undefined;
  }
  if (context) {
    // DiscountContextInput is @oneOf: the schema itself lets exactly one kind of buyer through.
    if (argObject(context, 'customerSegments') || argObject(context, 'markets'))
      throw new NotImplementedError('DiscountContextInput.customerSegments / markets');
    const customers = argObject(context, 'customers');
    return customers ? customerIdsOf(customers) : null;
  }
  if (selection) {
    if (argObject(selection, 'customerSegments')) throw new NotImplementedError('DiscountCustomerSelectionInput.customerSegments');
    const customers = argObject(selection, 'customers');
    const all = argBoolean(selection, 'all') === true;
    if (all && customers) {
      problems.push(problem(['customerSelection'], 'Only one of all or customers can be provided.', 'INVALID'));
      return undefined;
    }
    if (customers) return customerIdsOf(customers);
    return all ? null : blank();
  }
  return blank();
}

function customerIdsOf(customers: Args): number[] {
  return argStrings(customers, 'add').map((id) => numericIdOf(id, 'Customer') ?? -1);
}

function findByCode(store: ShopStore, code: string): DiscountRecord | undefined {
  return [...store.discounts.values()].find((d) => d.codes.some((c) => c.code.toLowerCase() === code.toLowerCase()));
}

function discountCodeBasicCreate(_s: unknown, args: Args, ctx: ResolverContext) {
  const input = argObject(args, 'basicCodeDiscount') ?? {};
  const problems: DiscountProblem[] = [];
  const title = argString(input, 'title');
  if (!title || title.trim() === '') problems.push(problem(['title'], "Title can't be blank", 'BLANK'));
  const code = argString(input, 'code');
  if (!code || code.trim() === '') problems.push(problem(['code'], "Code can't be blank", 'BLANK'));
  else if (code.length > 255) problems.push(problem(['code'], 'Code is too long (maximum is 255 characters)', 'TOO_LONG'));
  else if (/[\r\n]/.test(code)) problems.push(problem(['code'], 'Code cannot contain newline characters.', 'INVALID'));
  else if (findByCode(ctx.store, code)) problems.push(problem(['code'], 'Code must be unique. Please try a different code.', 'TAKEN'));
  const startsAt = argString(input, 'startsAt');
  if (!startsAt) problems.push(problem(['startsAt'], "Starts at can't be blank", 'BLANK'));
  const endsAt = argString(input, 'endsAt');
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt))
    problems.push(problem(['endsAt'], 'Ends at needs to be after starts_at', 'END_DATE_BEFORE_START_DATE'));
  const usageLimit = argNumber(input, 'usageLimit');
  if (usageLimit !== null && usageLimit < 1) problems.push(problem(['usageLimit'], 'Usage limit must be greater than 0', 'GREATER_THAN'));
  const customerIds = buyersOnCreate(input, problems);
  const gets = argObject(input, 'customerGets');
  let value: DiscountRecord['value'] | null = null;
  let items: DiscountRecord['items'] | null = null;
  let appliesOnOneTimePurchase = true;
  let appliesOnSubscription = false;
  if (!gets) problems.push(problem(['customerGets'], "Customer gets can't be blank", 'BLANK'));
  else {
    appliesOnOneTimePurchase = argBoolean(gets, 'appliesOnOneTimePurchase') ?? true;
    appliesOnSubscription = argBoolean(gets, 'appliesOnSubscription') ?? false;
    if (!appliesOnOneTimePurchase && !appliesOnSubscription)
      problems.push(problem(['customerGets'], 'Discount must apply on one-time purchases, subscriptions, or both.', 'APPLIES_ON_NOTHING'));
    const valueInput = argObject(gets, 'value');
    const percentage = valueInput ? argNumber(valueInput, 'percentage') : null;
    const amount = valueInput ? argObject(valueInput, 'discountAmount') : null;
    if (valueInput && argObject(valueInput, 'discountOnQuantity'))
      throw new NotImplementedError('DiscountCustomerGetsValueInput.discountOnQuantity');
    if (!valueInput || (percentage === null && !amount)) problems.push(problem(['customerGets', 'value'], "Value can't be blank", 'BLANK'));
    else if (percentage !== null && amount)
      problems.push(problem(['customerGets', 'value'], 'Only one of percentage or discountAmount can be provided.', 'INVALID'));
    else if (percentage !== null) {
      if (percentage < 0 || percentage > 1)
        problems.push(problem(['customerGets', 'value', 'percentage'], 'Value must be between 0.0 and 1.0', 'VALUE_OUTSIDE_RANGE'));
      else value = { kind: 'percentage', percentage };
    } else if (amount) {
      const cents = toCents(String(amount.amount ?? 0));
      if (cents <= 0)
        problems.push(problem(['customerGets', 'value', 'discountAmount', 'amount'], 'Value must be greater than 0', 'GREATER_THAN'));
      else value = { kind: 'amount', amount: cents, appliesOnEachItem: argBoolean(amount, 'appliesOnEachItem') ?? false };
    }
    const itemsInput = argObject(gets, 'items');
    if (!itemsInput) problems.push(problem(['customerGets', 'items'], "Items can't be blank", 'BLANK'));
    else if (argBoolean(itemsInput, 'all')) items = { kind: 'all' };
    else if (argObject(itemsInput, 'products')) {
      const products = argObject(itemsInput, 'products')!;
      const productIds = argStrings(products, 'productsToAdd').map((id) => numericIdOf(id, 'Product'));
      const variantIds = argStrings(products, 'productVariantsToAdd').map((id) => numericIdOf(id, 'ProductVariant'));
      productIds.forEach((id, i) => {
        if (id === null || !ctx.store.products.has(id))
          problems.push(problem(['customerGets', 'items', 'products', 'productsToAdd', String(i)], 'Product does not exist.', 'INVALID'));
      });
      variantIds.forEach((id, i) => {
        if (id === null || !ctx.store.variants.has(id))
          problems.push(
            problem(['customerGets', 'items', 'products', 'productVariantsToAdd', String(i)], 'Product variant does not exist.', 'INVALID'),
          );
      });
      if (productIds.length + variantIds.length === 0)
        problems.push(problem(['customerGets', 'items', 'products'], 'Products or product variants must be provided.', 'BLANK'));
      items = {
        kind: 'products',
        productIds: productIds.filter((id): id is number => id !== null),
        variantIds: variantIds.filter((id): id is number => id !== null),
      };
    } else if (argObject(itemsInput, 'collections')) {
      const collectionIds = argStrings(argObject(itemsInput, 'collections')!, 'add').map((id) => numericIdOf(id, 'Collection'));
      collectionIds.forEach((id, i) => {
        if (id === null || !ctx.store.collections.has(id))
          problems.push(problem(['customerGets', 'items', 'collections', 'add', String(i)], 'Collection does not exist.', 'INVALID'));
      });
      if (collectionIds.length === 0)
        problems.push(problem(['customerGets', 'items', 'collections'], 'Collections must be provided.', 'BLANK'));
      items = { kind: 'collections', collectionIds: collectionIds.filter((id): id is number => id !== null) };
    } else problems.push(problem(['customerGets', 'items'], 'Items must include all, products or collections.', 'BLANK'));
  }
  const minimum = argObject(input, 'minimumRequirement');
  const subtotal = minimum ? argObject(minimum, 'subtotal') : null;
  const quantity = minimum ? argObject(minimum, 'quantity') : null;
  if (subtotal && quantity)
    problems.push(
      problem(
        ['minimumRequirement'],
        'Only one of minimum subtotal or quantity can be provided.',
        'MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT',
      ),
    );
  if (problems.length > 0 || !value || !items || !title || !code || !startsAt || customerIds === undefined)
    return { codeDiscountNode: null, userErrors: problems };
  const combines = argObject(input, 'combinesWith') ?? {};
  const at = ctx.store.nowIso();
  const discount: DiscountRecord = {
    id: ctx.store.newId(),
    title,
    codes: [{ id: ctx.store.newId(), code, asyncUsageCount: 0 }],
    startsAt,
    endsAt,
    appliesOncePerCustomer: argBoolean(input, 'appliesOncePerCustomer') ?? false,
    usageLimit,
    value,
    items,
    appliesOnOneTimePurchase,
    appliesOnSubscription,
    combinesWith: {
      orderDiscounts: argBoolean(combines, 'orderDiscounts') ?? false,
      productDiscounts: argBoolean(combines, 'productDiscounts') ?? false,
      shippingDiscounts: argBoolean(combines, 'shippingDiscounts') ?? false,
    },
    minimumSubtotal: subtotal ? toCents(String(subtotal.greaterThanOrEqualToSubtotal ?? 0)) : null,
    minimumQuantity: quantity ? Number(quantity.greaterThanOrEqualToQuantity ?? 0) : null,
    recurringCycleLimit: argNumber(input, 'recurringCycleLimit'),
    customerIds,
    tags: argStrings(input, 'tags'),
    createdAt: at,
    updatedAt: at,
    deactivatedAt: null,
  };
  ctx.store.discounts.set(discount.id, discount);
  return { codeDiscountNode: discount, userErrors: [] };
}

function discountById(ctx: ResolverContext, id: string | null): DiscountRecord | undefined {
  const numeric = numericIdOf(id ?? '', ['DiscountCodeNode', 'DiscountNode']);
  return numeric === null ? undefined : ctx.store.discounts.get(numeric);
}

export const discountResolvers = {
  DiscountCodeNode,
  DiscountCodeBasic,
  DiscountProducts,
  DiscountCollections,
  QueryRoot: {
    codeDiscountNode: (_s: unknown, args: Args, ctx: ResolverContext) => discountById(ctx, argString(args, 'id')) ?? null,
    codeDiscountNodeByCode: (_s: unknown, args: Args, ctx: ResolverContext) => findByCode(ctx.store, argString(args, 'code') ?? '') ?? null,
    codeDiscountNodes: (_s: unknown, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) =>
      searchConnection(
        ctx,
        info,
        [...ctx.store.discounts.values()].sort((a, b) => a.id - b.id),
        args,
        discountSearch(),
        (d) => d.id,
      ),
  },
  Mutation: {
    discountCodeBasicCreate,
    discountCodeDeactivate: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const discount = discountById(ctx, argString(args, 'id'));
      if (!discount)
        return {
          codeDiscountNode: null,
          userErrors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID', extraInfo: null }],
        };
      discount.deactivatedAt = ctx.store.nowIso();
      discount.endsAt = discount.deactivatedAt;
      discount.updatedAt = discount.deactivatedAt;
      return { codeDiscountNode: discount, userErrors: [] };
    },
    discountCodeDelete: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const discount = discountById(ctx, argString(args, 'id'));
      if (!discount)
        return {
          deletedCodeDiscountId: null,
          userErrors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID', extraInfo: null }],
        };
      ctx.store.discounts.delete(discount.id);
      return { deletedCodeDiscountId: gid('DiscountCodeNode', discount.id), userErrors: [] };
    },
  },
};
