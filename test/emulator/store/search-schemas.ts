// Which `query:` fields each resource understands: a subset of the filters the 2026-07 schema documents in each
// connection's `query` argument (search-fields.test.ts checks that none is undocumented, so nothing works here that
// Shopify would ignore). Unknown fields are ignored with a warning, as Shopify does.
import { displayFinancialStatus, displayFulfillmentStatus, orderTotals } from './orders.js';
import type {
  CollectionRecord,
  ContractRecord,
  CustomerRecord,
  DiscountRecord,
  OrderRecord,
  ProductRecord,
  SellingPlanGroupRecord,
  VariantRecord,
} from './records.js';
import type { SearchSchema } from './search-query.js';
import type { ShopStore } from './shop-store.js';

function idMatcher(id: number) {
  return (comparator: string, value: string): boolean => {
    const expected = Number(value.replace(/^gid:\/\/shopify\/\w+\//, ''));
    switch (comparator) {
      case ':>':
        return id > expected;
      case ':>=':
        return id >= expected;
      case ':<':
        return id < expected;
      case ':<=':
        return id <= expected;
      default:
        return id === expected;
    }
  };
}

export function productSearch(store: ShopStore): SearchSchema<ProductRecord> {
  return {
    defaultText: (p) => [p.title, p.vendor, p.productType, ...p.tags, ...store.variantsOf(p).map((v) => v.sku ?? '')],
    fields: {
      id: { type: 'custom', match: (p, c, v) => idMatcher(p.id)(c, v) },
      title: { type: 'text', read: (p) => p.title },
      handle: { type: 'text', read: (p) => p.handle },
      tag: { type: 'text', read: (p) => p.tags },
      tag_not: { type: 'custom', match: (p, _c, v) => !p.tags.some((t) => t.toLowerCase() === v.toLowerCase()) },
      status: { type: 'custom', match: (p, _c, v) => v.split(',').some((s) => s.trim().toUpperCase() === p.status) },
      vendor: { type: 'text', read: (p) => p.vendor },
      product_type: { type: 'text', read: (p) => p.productType },
      gift_card: { type: 'custom', match: (p, _c, v) => String(p.isGiftCard) === v.toLowerCase() },
      created_at: { type: 'date', read: (p) => p.createdAt },
      updated_at: { type: 'date', read: (p) => p.updatedAt },
      published_at: { type: 'date', read: (p) => p.publishedAt },
      published_status: {
        type: 'custom',
        match: (p, _c, v) => (v === 'published' ? p.publishedAt !== null : v === 'unpublished' ? p.publishedAt === null : true),
      },
      sku: { type: 'text', read: (p) => store.variantsOf(p).map((variant) => variant.sku ?? '') },
      inventory_total: { type: 'number', read: (p) => store.variantsOf(p).reduce((sum, variant) => sum + variant.inventoryQuantity, 0) },
      out_of_stock_somewhere: {
        type: 'custom',
        match: (p, _c, v) => String(store.variantsOf(p).some((variant) => variant.inventoryQuantity <= 0)) === v.toLowerCase(),
      },
      collection_id: { type: 'custom', match: (p, _c, v) => p.collectionIds.some((id) => idMatcher(id)(':', v)) },
      price: {
        type: 'custom',
        match: (p, c, v) => store.variantsOf(p).some((variant) => compareNumber(variant.price / 100, c, Number(v))),
      },
    },
  };
}

function compareNumber(actual: number, comparator: string, expected: number): boolean {
  if (!Number.isFinite(expected)) return false;
  switch (comparator) {
    case ':>':
      return actual > expected;
    case ':>=':
      return actual >= expected;
    case ':<':
      return actual < expected;
    case ':<=':
      return actual <= expected;
    default:
      return actual === expected;
  }
}

export function variantSearch(store: ShopStore): SearchSchema<VariantRecord> {
  const productOf = (v: VariantRecord): ProductRecord => store.products.get(v.productId)!;
  return {
    defaultText: (v) => [productOf(v).title, v.title, v.sku ?? ''],
    fields: {
      id: { type: 'custom', match: (v, c, value) => idMatcher(v.id)(c, value) },
      product_id: { type: 'custom', match: (v, c, value) => idMatcher(v.productId)(c, value) },
      sku: { type: 'text', read: (v) => v.sku },
      title: { type: 'text', read: (v) => v.title },
      inventory_quantity: { type: 'number', read: (v) => v.inventoryQuantity },
      tag: { type: 'text', read: (v) => productOf(v).tags },
      vendor: { type: 'text', read: (v) => productOf(v).vendor },
      product_type: { type: 'text', read: (v) => productOf(v).productType },
      product_status: {
        type: 'custom',
        match: (v, _c, value) => value.split(',').some((s) => s.trim().toUpperCase() === productOf(v).status),
      },
      updated_at: { type: 'date', read: (v) => v.updatedAt },
      collection: { type: 'custom', match: (v, _c, value) => productOf(v).collectionIds.some((id) => idMatcher(id)(':', value)) },
    },
  };
}

export function collectionSearch(): SearchSchema<CollectionRecord> {
  return {
    defaultText: (c) => [c.title, c.handle],
    fields: {
      id: { type: 'custom', match: (c, comparator, value) => idMatcher(c.id)(comparator, value) },
      title: { type: 'text', read: (c) => c.title },
      handle: { type: 'text', read: (c) => c.handle },
      updated_at: { type: 'date', read: (c) => c.updatedAt },
      collection_type: { type: 'custom', match: (_c, _cmp, value) => value.toLowerCase() === 'custom' },
    },
  };
}

export function customerSearch(store: ShopStore): SearchSchema<CustomerRecord> {
  return {
    defaultText: (c) => [c.firstName ?? '', c.lastName ?? '', c.email ?? '', ...c.tags],
    fields: {
      id: { type: 'custom', match: (c, cmp, value) => idMatcher(c.id)(cmp, value) },
      email: { type: 'text', read: (c) => c.email },
      first_name: { type: 'text', read: (c) => c.firstName },
      last_name: { type: 'text', read: (c) => c.lastName },
      tag: { type: 'text', read: (c) => c.tags },
      tag_not: { type: 'custom', match: (c, _cmp, value) => !c.tags.some((t) => t.toLowerCase() === value.toLowerCase()) },
      country: { type: 'text', read: (c) => [c.defaultAddress?.country ?? '', c.defaultAddress?.countryCode ?? ''] },
      orders_count: { type: 'number', read: (c) => customerOrderCount(store, c) },
      total_spent: { type: 'number', read: (c) => customerAmountSpent(store, c) / 100 },
      updated_at: { type: 'date', read: (c) => c.updatedAt },
      accepts_marketing: {
        type: 'custom',
        match: (c, _cmp, value) => String(c.emailMarketingState === 'SUBSCRIBED') === value.toLowerCase(),
      },
      state: { type: 'custom', match: (_c, _cmp, value) => value.toUpperCase() === 'ENABLED' },
    },
  };
}

export function customerOrders(store: ShopStore, customer: CustomerRecord): OrderRecord[] {
  return [...store.orders.values()].filter((o) => o.customerId === customer.id);
}

export function customerOrderCount(store: ShopStore, customer: CustomerRecord): number {
  return customer.priorOrders.count + customerOrders(store, customer).length;
}

export function customerAmountSpent(store: ShopStore, customer: CustomerRecord): number {
  return (
    customer.priorOrders.amountSpent +
    customerOrders(store, customer).reduce((sum, order) => sum + Math.max(0, orderTotals(order).received), 0)
  );
}

export function orderSearch(store: ShopStore): SearchSchema<OrderRecord> {
  return {
    defaultText: (o) => [o.name, o.email ?? '', ...o.tags],
    fields: {
      id: { type: 'custom', match: (o, c, v) => idMatcher(o.id)(c, v) },
      name: { type: 'custom', match: (o, _c, v) => o.name === v || o.name === `#${v}` },
      email: { type: 'text', read: (o) => o.email },
      tag: { type: 'text', read: (o) => o.tags },
      tag_not: { type: 'custom', match: (o, _c, v) => !o.tags.some((t) => t.toLowerCase() === v.toLowerCase()) },
      customer_id: { type: 'custom', match: (o, c, v) => o.customerId !== null && idMatcher(o.customerId)(c, v) },
      financial_status: {
        type: 'custom',
        match: (o, _c, v) => v.split(',').some((s) => s.trim().toUpperCase() === displayFinancialStatus(o)),
      },
      fulfillment_status: {
        type: 'custom',
        match: (o, _c, v) => {
          const status = displayFulfillmentStatus(store, o);
          const wanted = v.toLowerCase();
          if (wanted === 'shipped' || wanted === 'fulfilled') return status === 'FULFILLED';
          if (wanted === 'partial') return status === 'PARTIALLY_FULFILLED';
          if (wanted === 'unshipped' || wanted === 'unfulfilled') return status === 'UNFULFILLED' || status === 'ON_HOLD';
          if (wanted === 'on_hold') return status === 'ON_HOLD';
          return false;
        },
      },
      status: {
        type: 'custom',
        match: (o, _c, v) => {
          const wanted = v.toLowerCase();
          if (wanted === 'open') return o.closedAt === null && o.cancelledAt === null;
          if (wanted === 'closed') return o.closedAt !== null;
          if (wanted === 'cancelled') return o.cancelledAt !== null;
          if (wanted === 'not_closed') return o.closedAt === null;
          return false;
        },
      },
      created_at: { type: 'date', read: (o) => o.createdAt },
      updated_at: { type: 'date', read: (o) => o.updatedAt },
      processed_at: { type: 'date', read: (o) => o.processedAt },
      source_name: { type: 'text', read: (o) => o.sourceName },
      sku: { type: 'text', read: (o) => o.lines.map((l) => l.sku ?? '') },
      test: { type: 'custom', match: (_o, _c, v) => v.toLowerCase() === 'false' },
    },
  };
}

export function contractSearch(): SearchSchema<ContractRecord> {
  return {
    defaultText: () => [],
    fields: {
      id: { type: 'custom', match: (c, cmp, v) => idMatcher(c.id)(cmp, v) },
      status: { type: 'custom', match: (c, _cmp, v) => v.split(',').some((s) => s.trim().toUpperCase() === c.status) },
      customer_id: { type: 'custom', match: (c, cmp, v) => idMatcher(c.customerId)(cmp, v) },
      created_at: { type: 'date', read: (c) => c.createdAt },
      updated_at: { type: 'date', read: (c) => c.updatedAt },
    },
  };
}

export function sellingPlanGroupSearch(): SearchSchema<SellingPlanGroupRecord> {
  return {
    defaultText: (g) => [g.name, g.merchantCode],
    fields: {
      id: { type: 'custom', match: (g, cmp, v) => idMatcher(g.id)(cmp, v) },
      name: { type: 'text', read: (g) => g.name },
      app_id: { type: 'custom', match: (g, _cmp, v) => (v === 'CURRENT' || v === '*' ? g.appId !== null : g.appId === v) },
      created_at: { type: 'date', read: (g) => g.createdAt },
    },
  };
}

export function discountSearch(): SearchSchema<DiscountRecord> {
  return {
    defaultText: (d) => [d.title, ...d.codes.map((c) => c.code)],
    fields: {
      id: { type: 'custom', match: (d, cmp, v) => idMatcher(d.id)(cmp, v) },
      title: { type: 'text', read: (d) => d.title },
      code: { type: 'text', read: (d) => d.codes.map((c) => c.code) },
      created_at: { type: 'date', read: (d) => d.createdAt },
      starts_at: { type: 'date', read: (d) => d.startsAt },
      ends_at: { type: 'date', read: (d) => d.endsAt },
    },
  };
}
