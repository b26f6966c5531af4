// Metafield objects, metafieldsSet / metafieldsDelete, and metafield definitions (needed for `$app` namespaces).

import { type Args, argObject, argObjects, argString, type ResolverContext, type TypeResolvers } from '../graphql/resolver-kit.js';
import { gid } from '../store/ids.js';
import { compareDigestOf, deleteMetafield, resolveNamespace, setMetafields } from '../store/metafields.js';
import type { MetafieldDefinitionRecord } from '../store/records.js';
import { type MetafieldView, metafieldView } from './common.js';
import { findNode } from './nodes.js';

const OWNER_TYPES: Record<string, string> = {
  Shop: 'SHOP',
  Product: 'PRODUCT',
  ProductVariant: 'PRODUCTVARIANT',
  Customer: 'CUSTOMER',
  Order: 'ORDER',
  Collection: 'COLLECTION',
  AppInstallation: 'API_PERMISSION',
  SellingPlan: 'SELLING_PLAN',
  DiscountCodeNode: 'DISCOUNT',
};

const Metafield: TypeResolvers<MetafieldView> = {
  id: ({ record }) => gid('Metafield', record.id),
  legacyResourceId: ({ record }) => String(record.id),
  namespace: ({ record }) => record.namespace,
  key: ({ record }) => record.key,
  type: ({ record }) => record.type,
  value: ({ record }) => record.value,
  jsonValue: ({ record }) => {
    if (
      record.type === 'json' ||
      record.type.startsWith('list.') ||
      ['money', 'dimension', 'weight', 'volume', 'rating', 'link'].includes(record.type)
    )
      return JSON.parse(record.value);
    if (record.type === 'number_integer') return Number(record.value);
    if (record.type === 'number_decimal') return record.value;
    if (record.type === 'boolean') return record.value === 'true';
    return record.value;
  },
  createdAt: ({ record }) => record.createdAt,
  updatedAt: ({ record }) => record.updatedAt,
  compareDigest: ({ record }) => compareDigestOf(record),
  sizeInBytes: ({ record }) => Buffer.byteLength(record.value),
  ownerType: ({ record }) => OWNER_TYPES[record.ownerGid.split('/')[3] ?? ''] ?? 'SHOP',
  owner: ({ record }, _args, ctx) => findNode(ctx.store, record.ownerGid),
  definition: ({ record }, _args, ctx) =>
    [...ctx.store.metafieldDefinitions.values()].find((d) => d.namespace === record.namespace && d.key === record.key) ?? null,
  reference: ({ record }, _args, ctx) =>
    record.type.endsWith('_reference') && !record.type.startsWith('list.') ? findNode(ctx.store, record.value) : null,
};

const MetafieldDefinition: TypeResolvers<MetafieldDefinitionRecord> = {
  id: (d) => gid('MetafieldDefinition', d.id),
  name: (d) => d.name,
  namespace: (d) => d.namespace,
  key: (d) => d.key,
  description: (d) => d.description,
  ownerType: (d) => d.ownerType,
  type: (d) => ({
    name: d.type,
    category: d.type.startsWith('list.') ? 'LIST' : 'TEXT',
    supportsDefinitionMigrations: true,
    valueType: 'STRING',
  }),
  pinnedPosition: () => null,
  useAsCollectionCondition: () => false,
  validations: () => [],
  validationStatus: () => 'ALL_VALID',
};

function metafieldsSet(_s: unknown, args: Args, ctx: ResolverContext) {
  const inputs = argObjects(args, 'metafields').map((m) => ({
    ownerId: argString(m, 'ownerId') ?? '',
    namespace: argString(m, 'namespace'),
    key: argString(m, 'key') ?? '',
    type: argString(m, 'type'),
    value: argString(m, 'value') ?? '',
    // Absent and explicit null mean different things here, so keep the difference.
    ...('compareDigest' in m ? { compareDigest: argString(m, 'compareDigest') } : {}),
  }));
  const result = setMetafields(ctx.store, inputs);
  if (result.problems.length > 0) return { metafields: null, userErrors: result.problems };
  return { metafields: result.metafields.map(metafieldView), userErrors: [] };
}

function metafieldsDelete(_s: unknown, args: Args, ctx: ResolverContext) {
  const deleted = argObjects(args, 'metafields').map((m) => {
    const ownerId = argString(m, 'ownerId') ?? '';
    const namespace = argString(m, 'namespace');
    const key = argString(m, 'key') ?? '';
    // Shopify answers null for an identifier that named no metafield.
    return deleteMetafield(ctx.store, ownerId, namespace, key) ? { ownerId, namespace: resolveNamespace(ctx.store, namespace), key } : null;
  });
  return { deletedMetafields: deleted, userErrors: [] };
}

function metafieldDefinitionCreate(_s: unknown, args: Args, ctx: ResolverContext) {
  const input = argObject(args, 'definition') ?? {};
  const namespace = resolveNamespace(ctx.store, argString(input, 'namespace'));
  const key = argString(input, 'key') ?? '';
  const ownerType = argString(input, 'ownerType') ?? '';
  const type = argString(input, 'type') ?? '';
  const name = argString(input, 'name') ?? '';
  const errors = [];
  if (name.trim() === '')
    errors.push({ field: ['definition', 'name'], message: "Name can't be blank", code: 'BLANK', elementIndex: null, elementKey: null });
  if (key.length < 2)
    errors.push({
      field: ['definition', 'key'],
      message: 'Key is too short (minimum is 2 characters)',
      code: 'TOO_SHORT',
      elementIndex: null,
      elementKey: null,
    });
  if ([...ctx.store.metafieldDefinitions.values()].some((d) => d.namespace === namespace && d.key === key && d.ownerType === ownerType)) {
    errors.push({
      field: ['definition', 'key'],
      message: `Key is in use for ${ownerType} metafields on the '${namespace}' namespace.`,
      code: 'TAKEN',
      elementIndex: null,
      elementKey: null,
    });
  }
  if (errors.length > 0) return { createdDefinition: null, userErrors: errors };
  const definition: MetafieldDefinitionRecord = {
    id: ctx.store.newId(),
    name,
    namespace,
    key,
    type,
    ownerType,
    description: argString(input, 'description'),
    createdAt: ctx.store.nowIso(),
  };
  ctx.store.metafieldDefinitions.set(definition.id, definition);
  return { createdDefinition: definition, userErrors: [] };
}

export const metafieldResolvers = {
  Metafield,
  MetafieldDefinition,
  Mutation: { metafieldsSet, metafieldsDelete, metafieldDefinitionCreate },
};
