// Every request is checked against Shopify's real 2026-07 schema and refused in Shopify's (graphql-ruby) shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_VERSION } from '../../web/server/shopify/api-version.js';
import { DEMO_ACCESS_TOKEN } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gql } from './testing.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'validation-key', apiSecret: 'validation-secret' });
});
afterAll(async () => emulator?.close());

describe('static validation against the real schema', () => {
  it('when a field does not exist, answers 200 with undefinedField, its location and path', async () => {
    const result = await gql(emulator, 'query ShopName {\n  shop { name idd }\n}');
    expect(result.status).toBe(200);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([
      {
        message: "Field 'idd' doesn't exist on type 'Shop'",
        locations: [{ line: 2, column: 15 }],
        path: ['query ShopName', 'shop', 'idd'],
        extensions: { code: 'undefinedField', typeName: 'Shop', fieldName: 'idd' },
      },
    ]);
  });

  it('when an argument is unknown, answers argumentNotAccepted naming the field and argument', async () => {
    const result = await gql(emulator, '{ products(first: 1, quer: "x") { nodes { id } } }');
    expect(result.errors).toEqual([
      {
        message: "Field 'products' doesn't accept argument 'quer'",
        locations: [{ line: 1, column: 22 }],
        path: ['query', 'products', 'quer'],
        extensions: { code: 'argumentNotAccepted', name: 'products', typeName: 'Field', argumentName: 'quer' },
      },
    ]);
  });

  it('when a required argument is missing, answers missingRequiredArguments', async () => {
    const result = await gql(emulator, '{ order { id } }');
    expect(result.errors).toEqual([
      {
        message: "Field 'order' is missing required arguments: id",
        locations: [{ line: 1, column: 3 }],
        path: ['query', 'order'],
        extensions: { code: 'missingRequiredArguments', className: 'Field', name: 'order', arguments: 'id' },
      },
    ]);
  });

  it('when an input object literal has an unknown field, answers argumentNotAccepted on the InputObject', async () => {
    const result = await gql(
      emulator,
      `mutation {
        tagsAdd(id: "gid://shopify/Order/1", tags: ["a"]) { userErrors { field message } }
        productUpdate(product: { id: "gid://shopify/Product/1", titel: "x" }) { userErrors { message } }
      }`,
    );
    expect(result.errors?.map((e) => e.message)).toEqual(["InputObject 'ProductUpdateInput' doesn't accept argument 'titel'"]);
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'argumentNotAccepted',
      name: 'ProductUpdateInput',
      typeName: 'InputObject',
      argumentName: 'titel',
    });
  });

  it('when a literal has the wrong type, answers argumentLiteralsIncompatible', async () => {
    const result = await gql(emulator, '{ products(first: "ten") { nodes { id } } }');
    expect(result.errors?.[0]).toMatchObject({
      message: "Argument 'first' on Field 'products' has an invalid value (\"ten\"). Expected type 'Int'.",
      extensions: { code: 'argumentLiteralsIncompatible', typeName: 'Field', argumentName: 'first' },
    });
  });

  it('when a variable type is unknown, answers variableRequiresValidType', async () => {
    const result = await gql(emulator, 'query Find($id: ProductIdentifier!) { product(id: $id) { id } }', {
      id: 'gid://shopify/Product/1',
    });
    expect(result.errors?.[0]).toEqual({
      message: "ProductIdentifier isn't a defined input type (on $id)",
      locations: [{ line: 1, column: 12 }],
      path: ['query Find'],
      extensions: { code: 'variableRequiresValidType', typeName: 'ProductIdentifier', variableName: 'id' },
    });
  });

  it('when a fragment names an unknown type, answers undefinedType', async () => {
    const result = await gql(emulator, '{ node(id: "gid://shopify/Product/1") { ... on Prodct { id } } }');
    expect(result.errors?.[0]).toMatchObject({
      message: "No such type Prodct, so it can't be a fragment condition",
      path: ['query', 'node', '... on Prodct'],
      extensions: { code: 'undefinedType', typeName: 'Prodct' },
    });
  });

  it('when a variable is declared with the wrong type for its argument, answers variableMismatch', async () => {
    const result = await gql(emulator, 'query Find($id: String!) { product(id: $id) { id } }', { id: 'gid://shopify/Product/1' });
    expect(result.errors?.[0]).toMatchObject({
      message: 'Type mismatch on variable $id and argument id (String! / ID!)',
      path: ['query Find', 'product', 'id'],
      extensions: { code: 'variableMismatch', variableName: 'id', typeName: 'String!', argumentName: 'id', errorMessage: 'Type mismatch' },
    });
  });

  it('when the document does not parse, answers a parse error with its location', async () => {
    const result = await gql(emulator, '{ shop { name } ) }');
    expect(result.errors).toEqual([{ message: 'Parse error on ")" (RPAREN) at [1, 17]', locations: [{ line: 1, column: 17 }] }]);
  });

  it('when a selection is missing on an object field, answers selectionMismatch', async () => {
    const result = await gql(emulator, '{ shop }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'selectionMismatch' });
  });
});

describe('OneOf inputs written in the document', () => {
  it('when a literal OneOf input has no field or two, refuses the document statically', async () => {
    for (const context of ['{}', '{all: ALL, customers: {add: []}}']) {
      const result = await gql(
        emulator,
        `mutation { discountCodeBasicCreate(basicCodeDiscount: {
          title: "t", code: "LIT", startsAt: "2026-01-01T00:00:00Z", context: ${context},
          customerGets: {value: {percentage: 0.1}, items: {all: true}}
        }) { userErrors { message } } }`,
      );
      expect(result.data).toBeUndefined();
      expect(result.errors?.[0]).toMatchObject({
        message: `\`DiscountContextInput\` is a OneOf type, so only one argument may be given (instead of ${context === '{}' ? 0 : 2})`,
        extensions: { code: 'argumentLiteralsIncompatible' },
      });
    }
  });
});

describe('variables', () => {
  it('when a required variable is missing, answers INVALID_VARIABLE with the null problem', async () => {
    const result = await gql(emulator, 'query Find($id: ID!) { product(id: $id) { id } }', {});
    expect(result.errors).toEqual([
      {
        message: 'Variable $id of type ID! was provided invalid value',
        locations: [{ line: 1, column: 12 }],
        extensions: { code: 'INVALID_VARIABLE', value: null, problems: [{ path: [], explanation: 'Expected value to not be null' }] },
      },
    ]);
  });

  it('when an ID is not a global id, answers Invalid global id', async () => {
    const result = await gql(emulator, 'query Find($id: ID!) { product(id: $id) { id } }', { id: '8801000000001' });
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'INVALID_VARIABLE',
      value: '8801000000001',
      problems: [{ path: [], explanation: 'Invalid global id `8801000000001`' }],
    });
  });

  it('when an input object variable has an unknown or missing field, names each problem with its path', async () => {
    const result = await gql(
      emulator,
      'mutation Set($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { userErrors { message } } }',
      { metafields: [{ ownerId: 'gid://shopify/Shop/1', key: 'offers', valu: '{}' }] },
    );
    expect(result.errors?.[0]?.message).toBe(
      'Variable $metafields of type [MetafieldsSetInput!]! was provided invalid value for ' +
        '0.valu (Field is not defined on MetafieldsSetInput), 0.value (Expected value to not be null)',
    );
    expect(result.errors?.[0]?.extensions?.problems).toEqual([
      { path: [0, 'valu'], explanation: 'Field is not defined on MetafieldsSetInput' },
      { path: [0, 'value'], explanation: 'Expected value to not be null' },
    ]);
  });

  it('when an enum value is unknown, lists the allowed values', async () => {
    const result = await gql(emulator, 'query List($key: ProductSortKeys) { products(first: 1, sortKey: $key) { nodes { id } } }', {
      key: 'PRICE_DESC',
    });
    expect(result.errors?.[0]?.extensions?.problems).toEqual([
      { path: [], explanation: expect.stringMatching(/^Expected "PRICE_DESC" to be one of: .*TITLE/) },
    ]);
  });

  it('when a OneOf input gets no field, two fields or a null one, answers INVALID_VARIABLE naming the input', async () => {
    const create = `mutation Create($discount: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $discount) { userErrors { message } }
    }`;
    const discount = {
      title: 'Ten',
      code: 'ONEOF10',
      startsAt: '2026-01-01T00:00:00Z',
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    };
    const problemsWith = async (context: Record<string, unknown>) =>
      (await gql(emulator, create, { discount: { ...discount, context } })).errors?.map((e) => e.extensions?.problems);
    expect(await problemsWith({})).toEqual([
      [{ path: ['context'], explanation: "'DiscountContextInput' requires exactly one argument, but 0 were provided." }],
    ]);
    expect(await problemsWith({ all: 'ALL', customers: { add: [] } })).toEqual([
      [{ path: ['context'], explanation: "'DiscountContextInput' requires exactly one argument, but 2 were provided." }],
    ]);
    expect(await problemsWith({ all: null })).toEqual([
      [{ path: ['context'], explanation: "'DiscountContextInput' requires exactly one argument, but 'all' was `null`." }],
    ]);
  });

  it('when a DateTime variable is not a date, refuses it', async () => {
    const result = await gql(
      emulator,
      `mutation Move($id: ID!, $at: DateTime!) {
        subscriptionContractSetNextBillingDate(contractId: $id, date: $at) { userErrors { message } }
      }`,
      { id: 'gid://shopify/SubscriptionContract/20100000001', at: 'yesterday' },
    );
    expect(result.errors?.[0]?.message).toBe('Variable $at of type DateTime! was provided invalid value');
  });
});

describe('operations', () => {
  const twoOperations = 'query A { shop { name } } query B { shop { currencyCode } }';

  it('when operationName is given, runs that operation', async () => {
    const result = await gql<{ shop: { currencyCode: string } }>(emulator, twoOperations, undefined, { operationName: 'B' });
    expect(result.data).toEqual({ shop: { currencyCode: 'USD' } });
  });

  it('when several operations are sent without operationName, refuses the request', async () => {
    const result = await gql(emulator, twoOperations);
    expect(result.errors).toEqual([{ message: 'An operation name is required' }]);
  });

  it('when operationName names no operation, refuses the request', async () => {
    const result = await gql(emulator, twoOperations, undefined, { operationName: 'C' });
    expect(result.errors).toEqual([{ message: 'No operation named "C"' }]);
  });

  it('when the document has no operation, refuses it', async () => {
    const result = await gql(emulator, 'fragment F on Shop { name }');
    expect(result.errors).toEqual([
      {
        message: 'Fragment F was defined, but not used',
        locations: [{ line: 1, column: 1 }],
        path: ['fragment F'],
        extensions: { code: 'useAndDefineFragment', fragmentName: 'F' },
      },
    ]);
    expect(result.data).toBeUndefined();
  });

  it('when the query parameter is missing, answers 400 as Shopify does', async () => {
    const response = await fetch(emulator.adminGraphqlUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': DEMO_ACCESS_TOKEN },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { query: 'Required parameter missing or invalid' } });
  });

  it('when a valid field has no emulator resolver, fails loudly naming it instead of returning data', async () => {
    const result = await gql(emulator, '{ shop { name resourceLimits { maxProductVariants } } }');
    expect(result.errors?.[0]).toMatchObject({
      message: 'emulator: Shop.resourceLimits not implemented',
      path: ['shop', 'resourceLimits'],
      extensions: { code: 'EMULATOR_NOT_IMPLEMENTED' },
    });
  });
});

describe('authentication', () => {
  it('when the access token is wrong, answers 401 with Shopify body', async () => {
    const result = await gql(emulator, '{ shop { name } }', undefined, { token: 'shpat_nope' });
    expect(result.status).toBe(401);
    expect(result.errors).toBe('[API] Invalid API key or access token (unrecognized login or wrong password)');
  });

  it('when the token lacks a scope, answers ACCESS_DENIED for that field', async () => {
    const token = emulator.issueAccessToken(emulator.store.domain, { scopes: ['read_products'] });
    const result = await gql(emulator, '{ orders(first: 1) { nodes { id } } }', undefined, { token });
    expect(result.errors?.[0]).toMatchObject({
      message: 'Access denied for orders field. Required access: `read_orders` access scope.',
      extensions: { code: 'ACCESS_DENIED', requiredAccess: '`read_orders` access scope.' },
    });
  });

  it('when another API version is requested, answers 404', async () => {
    const response = await fetch(`${emulator.url}/admin/api/2024-01/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': DEMO_ACCESS_TOKEN },
      body: JSON.stringify({ query: '{ shop { name } }' }),
    });
    expect(response.status).toBe(404);
    expect(ADMIN_API_VERSION).toBe('2026-07');
  });
});
