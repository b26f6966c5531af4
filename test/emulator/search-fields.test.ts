// Every `query:` filter the emulator understands must be one the 2026-07 schema documents for that connection:
// an undocumented filter would work here and be ignored on Shopify (which only warns), so an app could depend on
// a filter that silently returns everything in production.
import { type GraphQLField, GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from './schema/fetch.js';
import { type RunningEmulator, startEmulator } from './server.js';
import type { SearchSchema } from './store/search-query.js';
import {
  collectionSearch,
  contractSearch,
  customerSearch,
  orderSearch,
  productSearch,
  sellingPlanGroupSearch,
  variantSearch,
} from './store/search-schemas.js';
import type { ShopStore } from './store/shop-store.js';
import { gql } from './testing.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'search-key', apiSecret: 'search-secret' });
});
afterAll(async () => emulator?.close());

/** The filter names in a connection's `query` argument description (its markdown table's first column). */
function documentedFilters(typeName: string, fieldName: string): string[] {
  const type = loadSchema('admin').getType(typeName);
  if (!(type instanceof GraphQLObjectType)) throw new Error(`${typeName} is not an object type`);
  const field: GraphQLField<unknown, unknown> | undefined = type.getFields()[fieldName];
  const description = field?.args.find((arg) => arg.name === 'query')?.description ?? '';
  return [...description.matchAll(/^\| ([a-z_.{}]+) \|/gm)]
    .map((match) => match[1]!)
    .filter((name) => name !== 'name' || description.includes('| name | string'));
}

// Which emulator search schema serves which connection (resolvers/*.ts).
const served: Array<[string, (store: ShopStore) => SearchSchema<never>]> = [
  ['QueryRoot.products', (store) => productSearch(store)],
  ['QueryRoot.productsCount', (store) => productSearch(store)],
  ['QueryRoot.productVariants', (store) => variantSearch(store)],
  ['QueryRoot.collections', () => collectionSearch()],
  ['Product.collections', () => collectionSearch()],
  ['QueryRoot.customers', (store) => customerSearch(store)],
  ['QueryRoot.orders', (store) => orderSearch(store)],
  ['QueryRoot.ordersCount', (store) => orderSearch(store)],
  ['Customer.orders', (store) => orderSearch(store)],
  ['QueryRoot.subscriptionContracts', () => contractSearch()],
  ['QueryRoot.sellingPlanGroups', () => sellingPlanGroupSearch()],
];

describe('search filters', () => {
  it.each(served)('when the app filters %s, then every filter the emulator applies is one Shopify documents there', (path, schemaOf) => {
    const [typeName, fieldName] = path.split('.') as [string, string];
    const documented = documentedFilters(typeName, fieldName);
    expect(documented.length).toBeGreaterThan(3);
    const undocumented = Object.keys(schemaOf(emulator.store).fields).filter((filter) => !documented.includes(filter));
    expect(undocumented).toEqual([]);
  });

  it('when a query uses a filter not documented for orders, then it is ignored with a search warning, as on Shopify', async () => {
    const result = await gql<{ orders: { nodes: unknown[] } }>(emulator, '{ orders(first: 250, query: "product_id:1") { nodes { id } } }');
    expect(result.data?.orders.nodes.length).toBeGreaterThan(1);
    expect(result.extensions?.search).toEqual([
      { path: ['orders'], query: 'product_id:1', warnings: [expect.objectContaining({ field: 'product_id' })] },
    ]);
  });
});
