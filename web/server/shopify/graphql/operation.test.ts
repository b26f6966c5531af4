// Operations are typed from their own text by codegen, and carry the fragments they spread. The type checks below
// run in `npm test`'s typecheck (tsc); each `@ts-expect-error` fails the build if the typing it expects degrades
// (to `any`, or to a hand-written shape that accepts anything).
import { describe, expect, it } from 'vitest';
import type { AdminClient } from '../admin-client.js';
import { CustomerProfileQuery } from './CustomerProfileQuery.js';
import { type DataOf, defineFragment, defineOperation, type VariablesOf } from './operation.js';
import { SellingPlanGroupPlansQuery } from './SellingPlanGroupPlansQuery.js';
import type { ShopCurrencyQuery } from './ShopCurrencyQuery.js';
import type { SubscriptionContractQuery } from './SubscriptionContractQuery.js';

describe('defineOperation', () => {
  it('when a document has not been typed by codegen, then it does not compile', () => {
    // @ts-expect-error the text is not in generated/admin.generated.d.ts: `npm run graphql:codegen` types it
    const untyped = defineOperation('query NotGenerated { shop { id } }');
    expect(untyped.name).toBe('NotGenerated');
  });

  it('when data is read, then only the selected fields exist, with the schema types', () => {
    const currency: DataOf<typeof ShopCurrencyQuery> = { shop: { currencyCode: 'EUR' } };
    // @ts-expect-error `id` is not selected by ShopCurrency
    expect(currency.shop.id).toBeUndefined();
    // @ts-expect-error CurrencyCode is the schema's enum, not any string
    const notACurrency: DataOf<typeof ShopCurrencyQuery> = { shop: { currencyCode: 'EURO' } };
    expect(notACurrency.shop.currencyCode).toBe('EURO');
  });

  it('when variables are passed, then they are the ones the document declares', () => {
    const variables: VariablesOf<typeof CustomerProfileQuery> = { id: 'gid://shopify/Customer/1' };
    // @ts-expect-error CustomerProfile declares no `first`
    const extra: VariablesOf<typeof CustomerProfileQuery> = { id: 'gid://shopify/Customer/1', first: 1 };
    // @ts-expect-error `$id: ID!` is required
    const missing: VariablesOf<typeof CustomerProfileQuery> = {};
    expect([variables, extra, missing]).toHaveLength(3);
  });

  it('when the Admin client sends an operation, then its variables and its answer have the generated types', async () => {
    const sentVariables: unknown[] = [];
    const admin: Pick<AdminClient, 'request'> = {
      request: async (_operation, variables) => {
        sentVariables.push(variables);
        return { customer: null } as never;
      },
    };
    const { customer } = await admin.request(CustomerProfileQuery, { id: 'gid://shopify/Customer/1' });
    // @ts-expect-error `customer` may be null: the answer must be checked before use
    expect(() => customer.tags).toThrow(TypeError);
    // @ts-expect-error CustomerProfile declares no `first`
    await admin.request(CustomerProfileQuery, { id: 'gid://shopify/Customer/1', first: 1 });
    expect(sentVariables).toHaveLength(2);
  });

  it('when a fragment is spread, then its fields are typed as part of the operation', () => {
    type Contract = NonNullable<DataOf<typeof SubscriptionContractQuery>['subscriptionContract']>;
    const price: Contract['lines']['nodes'][number]['currentPrice'] = { amount: '12.50', currencyCode: 'USD' };
    // @ts-expect-error MoneyFields selects amount and currencyCode only
    expect(price.__typename).toBeUndefined();
  });

  it('when an operation spreads fragments, then what is sent carries each fragment it needs once, nested ones included', () => {
    const names = [...SellingPlanGroupPlansQuery.document.matchAll(/fragment (\w+) on/g)].map((m) => m[1]);
    expect(names.sort()).toEqual(['MoneyFields', 'PageInfoFields', 'SellingPlanAdjustmentValueFields', 'SellingPlanFields']);
    expect(SellingPlanGroupPlansQuery.document.startsWith('#graphql\n  query SellingPlanGroupPlans(')).toBe(true);
    expect(SellingPlanGroupPlansQuery).toMatchObject({ name: 'SellingPlanGroupPlans', kind: 'query' });
  });

  it('when a document spreads a fragment it does not list, or lists one it does not spread, then defining it throws', () => {
    const shopName = defineFragment('fragment ShopName on Shop { name }');
    expect(() => defineFragment('fragment ShopAll on Shop { id ...ShopName }')).toThrow(/spread but not listed: \[ShopName\]/);
    expect(() => defineFragment('fragment ShopId on Shop { id }', [shopName])).toThrow(/listed but not spread: \[ShopName\]/);
    expect(defineFragment('fragment ShopAll on Shop { id ...ShopName }', [shopName]).fragments).toEqual([shopName]);
  });
});
