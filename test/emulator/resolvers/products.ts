// Catalog: products, variants, collections, images/media, productUpdate and the REST payload of products/update.
import type { GraphQLResolveInfo } from 'graphql';
import { NotImplementedError } from '../graphql/errors.js';
import {
  type Args,
  argBoolean,
  argObject,
  argObjects,
  argString,
  argStrings,
  connectionArgs,
  pass,
  type ResolverContext,
  type TypeResolvers,
  typed,
  userError,
} from '../graphql/resolver-kit.js';
import { connection } from '../store/connection.js';
import { gid, numericIdOf } from '../store/ids.js';
import { setMetafields } from '../store/metafields.js';
import { formatCents, moneyV2 } from '../store/money.js';
import type { CollectionRecord, ProductRecord, VariantRecord } from '../store/records.js';
import { search } from '../store/search-query.js';
import { collectionSearch, productSearch, variantSearch } from '../store/search-schemas.js';
import type { ShopStore } from '../store/shop-store.js';
import { count, imageView, mediaImageView, metafieldFields, searchConnection, shopMoney } from './common.js';

export function productOf(store: ShopStore, variant: VariantRecord): ProductRecord {
  return store.products.get(variant.productId)!;
}

export function availableForSale(store: ShopStore, variant: VariantRecord): boolean {
  const product = productOf(store, variant);
  if (product.status !== 'ACTIVE' || product.publishedAt === null) return false;
  return variant.inventoryPolicy === 'CONTINUE' || variant.inventoryQuantity > 0;
}

/** ProductSortKeys; RELEVANCE (search ranking) is not emulated and fails loudly rather than answer in another order. */
function sortProducts(store: ShopStore, items: ProductRecord[], sortKey: string | null): ProductRecord[] {
  const sorted = [...items];
  switch (sortKey) {
    case null:
    case 'ID':
      return sorted.sort((a, b) => a.id - b.id);
    case 'TITLE':
      return sorted.sort((a, b) => a.title.localeCompare(b.title));
    case 'CREATED_AT':
      return sorted.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    case 'UPDATED_AT':
      return sorted.sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
    case 'PUBLISHED_AT':
      return sorted.sort((a, b) => Date.parse(a.publishedAt ?? a.createdAt) - Date.parse(b.publishedAt ?? b.createdAt));
    case 'PRODUCT_TYPE':
      return sorted.sort((a, b) => a.productType.localeCompare(b.productType));
    case 'VENDOR':
      return sorted.sort((a, b) => a.vendor.localeCompare(b.vendor));
    case 'INVENTORY_TOTAL': {
      const total = (p: ProductRecord) => store.variantsOf(p).reduce((sum, v) => sum + v.inventoryQuantity, 0);
      return sorted.sort((a, b) => total(a) - total(b) || a.id - b.id);
    }
    default:
      throw new NotImplementedError(`products(sortKey: ${sortKey})`);
  }
}

/** CollectionSortKeys, RELEVANCE excepted (as for products). */
function sortCollections(items: CollectionRecord[], sortKey: string | null): CollectionRecord[] {
  const sorted = [...items];
  switch (sortKey) {
    case null:
    case 'ID':
      return sorted.sort((a, b) => a.id - b.id);
    case 'TITLE':
      return sorted.sort((a, b) => a.title.localeCompare(b.title) || a.id - b.id);
    case 'UPDATED_AT':
      return sorted.sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.id - b.id);
    default:
      throw new NotImplementedError(`collections(sortKey: ${sortKey})`);
  }
}

/**
 * The 2026-07 schema's `Product.sellingPlanGroups`: "all selling plan groups that are associated with the product
 * either directly, or through the product's variants".
 */
export function sellingPlanGroupsOfProduct(store: ShopStore, product: ProductRecord) {
  return [...store.sellingPlanGroups.values()].filter(
    (g) => g.productIds.includes(product.id) || g.variantIds.some((id) => product.variantIds.includes(id)),
  );
}

export function sellingPlanGroupsOfVariant(store: ShopStore, variant: VariantRecord) {
  return [...store.sellingPlanGroups.values()].filter((g) => g.variantIds.includes(variant.id) || g.productIds.includes(variant.productId));
}

const Product: TypeResolvers<ProductRecord> = {
  ...pass<ProductRecord>(
    'title',
    'handle',
    'descriptionHtml',
    'status',
    'vendor',
    'productType',
    'tags',
    'isGiftCard',
    'createdAt',
    'updatedAt',
    'publishedAt',
    'requiresSellingPlan',
  ),
  id: (p) => gid('Product', p.id),
  legacyResourceId: (p) => String(p.id),
  description: (p, args) => {
    const text = p.descriptionHtml.replace(/<[^>]+>/g, '').trim();
    const truncateAt = typeof args.truncateAt === 'number' ? args.truncateAt : null;
    return truncateAt !== null && text.length > truncateAt ? `${text.slice(0, truncateAt)}...` : text;
  },
  onlineStoreUrl: (p, _args, ctx) =>
    p.status === 'ACTIVE' && p.publishedAt ? `https://${ctx.store.shop.primaryDomainHost}/products/${p.handle}` : null,
  onlineStorePreviewUrl: (p, _args, ctx) => `https://${ctx.store.shop.primaryDomainHost}/products/${p.handle}`,
  templateSuffix: () => null,
  seo: (p) => ({ title: null, description: null, id: p.id }),
  tracksInventory: () => true,
  totalInventory: (p, _args, ctx) => ctx.store.variantsOf(p).reduce((sum, v) => sum + v.inventoryQuantity, 0),
  totalVariants: (p) => p.variantIds.length,
  variantsCount: (p) => count(p.variantIds.length),
  hasOnlyDefaultVariant: (p, _args, ctx) => p.variantIds.length === 1 && ctx.store.variantsOf(p)[0]?.title === 'Default Title',
  hasOutOfStockVariants: (p, _args, ctx) => ctx.store.variantsOf(p).some((v) => v.inventoryQuantity <= 0),
  options: (p, args) => {
    const first = typeof args.first === 'number' ? args.first : p.options.length;
    return p.options.slice(0, first).map((option) => ({
      id: gid('ProductOption', option.id),
      name: option.name,
      position: option.position,
      values: option.values,
      optionValues: option.values.map((value, index) => ({
        id: gid('ProductOptionValue', option.id * 100 + index),
        name: value,
        hasVariants: true,
        swatch: null,
        linkedMetafieldValue: null,
      })),
      linkedMetafield: null,
    }));
  },
  featuredImage: (p) => imageView(p.images[0]),
  images: (p, args) =>
    connection(
      p.images.map((image) => imageView(image)!),
      connectionArgs(args),
      (image) => String(image.id),
    ),
  featuredMedia: (p) => (p.images[0] ? mediaImageView(p.images[0]) : null),
  media: (p, args) => connection(p.images.map(mediaImageView), connectionArgs(args), (m) => String(m.id)),
  mediaCount: (p) => count(p.images.length),
  variants: (p, args, ctx) => {
    // ProductVariantSortKeys: POSITION is the default; other orders are not emulated and fail loudly.
    const sortKey = argString(args, 'sortKey') ?? 'POSITION';
    const list = ctx.store.variantsOf(p);
    if (sortKey === 'ID') list.sort((a, b) => a.id - b.id);
    else if (sortKey !== 'POSITION') throw new NotImplementedError(`Product.variants(sortKey: ${sortKey})`);
    return connection(list, connectionArgs(args), (v) => v.id);
  },
  collections: (p, args, ctx, info) => {
    const list = p.collectionIds.map((id) => ctx.store.collections.get(id)).filter((c): c is CollectionRecord => c !== undefined);
    return searchConnection(ctx, info, sortCollections(list, argString(args, 'sortKey')), args, collectionSearch(), (c) => c.id);
  },
  inCollection: (p, args) => {
    const id = numericIdOf(argString(args, 'id') ?? '', 'Collection');
    return id !== null && p.collectionIds.includes(id);
  },
  priceRangeV2: (p, _args, ctx) => priceRange(ctx.store, p),
  priceRange: (p, _args, ctx) => priceRange(ctx.store, p),
  compareAtPriceRange: (p, _args, ctx) => {
    const prices = ctx.store
      .variantsOf(p)
      .map((v) => v.compareAtPrice)
      .filter((c): c is number => c !== null);
    if (prices.length === 0) return null;
    return {
      minVariantCompareAtPrice: shopMoney(ctx.store, Math.min(...prices)),
      maxVariantCompareAtPrice: shopMoney(ctx.store, Math.max(...prices)),
    };
  },
  sellingPlanGroups: (p, args, ctx) => connection(sellingPlanGroupsOfProduct(ctx.store, p), connectionArgs(args), (g) => g.id),
  sellingPlanGroupsCount: (p, _args, ctx) => count(sellingPlanGroupsOfProduct(ctx.store, p).length),
  sellingPlanGroupCount: (p, _args, ctx) => sellingPlanGroupsOfProduct(ctx.store, p).length,
  ...metafieldFields<ProductRecord>((p) => gid('Product', p.id)),
};

function priceRange(store: ShopStore, product: ProductRecord) {
  const prices = store.variantsOf(product).map((v) => v.price);
  const min = prices.length ? Math.min(...prices) : 0;
  const max = prices.length ? Math.max(...prices) : 0;
  return { minVariantPrice: moneyV2(min, store.shop.currencyCode), maxVariantPrice: moneyV2(max, store.shop.currencyCode) };
}

const ProductVariant: TypeResolvers<VariantRecord> = {
  ...pass<VariantRecord>('title', 'sku', 'inventoryQuantity', 'inventoryPolicy', 'taxable', 'position', 'createdAt', 'updatedAt'),
  id: (v) => gid('ProductVariant', v.id),
  legacyResourceId: (v) => String(v.id),
  displayName: (v, _args, ctx) => `${productOf(ctx.store, v).title} - ${v.title}`,
  price: (v) => formatCents(v.price),
  compareAtPrice: (v) => (v.compareAtPrice === null ? null : formatCents(v.compareAtPrice)),
  barcode: () => null,
  availableForSale: (v, _args, ctx) => availableForSale(ctx.store, v),
  sellableOnlineQuantity: (v) => Math.max(0, v.inventoryQuantity),
  selectedOptions: (v) =>
    v.selectedOptions.map((o) => ({
      name: o.name,
      value: o.value,
      optionValue: { id: gid('ProductOptionValue', v.id), name: o.value, hasVariants: true, swatch: null, linkedMetafieldValue: null },
    })),
  image: (v, _args, ctx) => imageView(productOf(ctx.store, v).images.find((i) => i.id === v.imageId) ?? null),
  media: (v, args, ctx) => {
    const image = productOf(ctx.store, v).images.find((i) => i.id === v.imageId);
    return connection(image ? [mediaImageView(image)] : [], connectionArgs(args), (m) => String(m.id));
  },
  product: (v, _args, ctx) => productOf(ctx.store, v),
  inventoryItem: (v) => ({
    id: gid('InventoryItem', v.inventoryItemId),
    legacyResourceId: String(v.inventoryItemId),
    tracked: true,
    sku: v.sku,
    requiresShipping: v.requiresShipping,
    measurement: { weight: { value: v.weightGrams, unit: 'GRAMS' } },
  }),
  requiresComponents: () => false,
  showUnitPrice: () => false,
  unitPrice: () => null,
  sellingPlanGroups: (v, args, ctx) => connection(sellingPlanGroupsOfVariant(ctx.store, v), connectionArgs(args), (g) => g.id),
  sellingPlanGroupsCount: (v, _args, ctx) => count(sellingPlanGroupsOfVariant(ctx.store, v).length),
  sellingPlanGroupCount: (v, _args, ctx) => sellingPlanGroupsOfVariant(ctx.store, v).length,
  ...metafieldFields<VariantRecord>((v) => gid('ProductVariant', v.id)),
};

const Collection: TypeResolvers<CollectionRecord> = {
  ...pass<CollectionRecord>('title', 'handle', 'descriptionHtml', 'updatedAt'),
  id: (c) => gid('Collection', c.id),
  legacyResourceId: (c) => String(c.id),
  description: (c) => c.descriptionHtml.replace(/<[^>]+>/g, '').trim(),
  image: () => null,
  sortOrder: () => 'BEST_SELLING',
  ruleSet: () => null,
  templateSuffix: () => null,
  seo: () => ({ title: null, description: null }),
  products: (c, args, ctx) => {
    const list = [...ctx.store.products.values()].filter((p) => p.collectionIds.includes(c.id)).sort((a, b) => a.id - b.id);
    return connection(list, connectionArgs(args), (p) => p.id);
  },
  productsCount: (c, _args, ctx) => count([...ctx.store.products.values()].filter((p) => p.collectionIds.includes(c.id)).length),
  hasProduct: (c, args, ctx) => {
    const id = numericIdOf(argString(args, 'id') ?? '', 'Product');
    return id !== null && (ctx.store.products.get(id)?.collectionIds.includes(c.id) ?? false);
  },
  ...metafieldFields<CollectionRecord>((c) => gid('Collection', c.id)),
};

function productById(ctx: ResolverContext, id: string | null): ProductRecord | null {
  const numeric = numericIdOf(id ?? '', 'Product');
  return numeric === null ? null : (ctx.store.products.get(numeric) ?? null);
}

// ---------------------------------------------------------------------------------------------------------------
// products/update payload (REST style)

export function productPayload(store: ShopStore, product: ProductRecord): Record<string, unknown> {
  const variants = store.variantsOf(product);
  return {
    id: product.id,
    admin_graphql_api_id: gid('Product', product.id),
    title: product.title,
    body_html: product.descriptionHtml,
    vendor: product.vendor,
    product_type: product.productType,
    handle: product.handle,
    status: product.status.toLowerCase(),
    tags: product.tags.join(', '),
    created_at: product.createdAt,
    updated_at: product.updatedAt,
    published_at: product.publishedAt,
    published_scope: 'global',
    template_suffix: null,
    variants: variants.map((v) => ({
      id: v.id,
      admin_graphql_api_id: gid('ProductVariant', v.id),
      product_id: product.id,
      title: v.title,
      price: formatCents(v.price),
      compare_at_price: v.compareAtPrice === null ? null : formatCents(v.compareAtPrice),
      sku: v.sku,
      position: v.position,
      inventory_policy: v.inventoryPolicy.toLowerCase(),
      inventory_quantity: v.inventoryQuantity,
      inventory_item_id: v.inventoryItemId,
      option1: v.selectedOptions[0]?.value ?? null,
      option2: v.selectedOptions[1]?.value ?? null,
      option3: v.selectedOptions[2]?.value ?? null,
      taxable: v.taxable,
      image_id: v.imageId,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
    })),
    options: product.options.map((o) => ({ id: o.id, product_id: product.id, name: o.name, position: o.position, values: o.values })),
    images: product.images.map((image, index) => ({
      id: image.id,
      product_id: product.id,
      position: index + 1,
      src: image.url,
      alt: image.altText,
      width: image.width,
      height: image.height,
    })),
    image: product.images[0]
      ? { id: product.images[0].id, product_id: product.id, position: 1, src: product.images[0].url, alt: product.images[0].altText }
      : null,
  };
}

export function touchProduct(store: ShopStore, product: ProductRecord): void {
  product.updatedAt = store.nowIso();
  store.emit('products/update', productPayload(store, product));
}

function productUpdate(_source: unknown, args: Args, ctx: ResolverContext) {
  const input = argObject(args, 'product') ?? argObject(args, 'input');
  const identifier = argObject(args, 'identifier');
  const id = (input && argString(input, 'id')) ?? (identifier && argString(identifier, 'id'));
  if (!input) return { product: null, userErrors: [userError(['product'], 'Product input is required')] };
  const product = productById(ctx, id);
  if (!product) return { product: null, userErrors: [userError(['id'], 'Product does not exist')] };
  const errors = [];
  const title = argString(input, 'title');
  if (title !== null && title.trim() === '') errors.push(userError(['title'], "Title can't be blank"));
  const handle = argString(input, 'handle');
  if (handle !== null && [...ctx.store.products.values()].some((p) => p.id !== product.id && p.handle === handle)) {
    errors.push(userError(['handle'], `Handle '${handle}' already in use. Please provide a new handle.`));
  }
  const metafieldInputs = argObjects(input, 'metafields');
  if (errors.length > 0) return { product: null, userErrors: errors };
  if (metafieldInputs.length > 0) {
    const result = setMetafields(
      ctx.store,
      metafieldInputs.map((m) => ({
        ownerId: gid('Product', product.id),
        namespace: argString(m, 'namespace'),
        key: argString(m, 'key') ?? '',
        type: argString(m, 'type'),
        value: argString(m, 'value') ?? '',
      })),
    );
    if (result.problems.length > 0)
      return { product: null, userErrors: result.problems.map((p) => userError(['metafields', ...p.field.slice(1)], p.message)) };
  }
  if (title !== null) product.title = title;
  if (handle !== null) product.handle = handle;
  const description = argString(input, 'descriptionHtml');
  if (description !== null) product.descriptionHtml = description;
  const vendor = argString(input, 'vendor');
  if (vendor !== null) product.vendor = vendor;
  const productType = argString(input, 'productType');
  if (productType !== null) product.productType = productType;
  if (Array.isArray(input.tags)) product.tags = splitTags(argStrings(input, 'tags'));
  const status = argString(input, 'status');
  if (status === 'ACTIVE' || status === 'DRAFT' || status === 'ARCHIVED') product.status = status;
  const requiresSellingPlan = argBoolean(input, 'requiresSellingPlan');
  if (requiresSellingPlan !== null) product.requiresSellingPlan = requiresSellingPlan;
  for (const collectionId of argStrings(input, 'collectionsToJoin')) {
    const numeric = numericIdOf(collectionId, 'Collection');
    if (numeric !== null && ctx.store.collections.has(numeric) && !product.collectionIds.includes(numeric))
      product.collectionIds.push(numeric);
  }
  for (const collectionId of argStrings(input, 'collectionsToLeave')) {
    const numeric = numericIdOf(collectionId, 'Collection');
    product.collectionIds = product.collectionIds.filter((c) => c !== numeric);
  }
  touchProduct(ctx.store, product);
  return { product, userErrors: [] };
}

/** Shopify splits comma-separated tags and trims them. */
export function splitTags(tags: string[]): string[] {
  const out: string[] = [];
  for (const tag of tags.flatMap((t) => t.split(','))) {
    const trimmed = tag.trim();
    if (trimmed && !out.some((t) => t.toLowerCase() === trimmed.toLowerCase())) out.push(trimmed);
  }
  return out;
}

export const productResolvers = {
  Product,
  ProductVariant,
  Collection,
  QueryRoot: {
    product: (_s: unknown, args: Args, ctx: ResolverContext) => productById(ctx, argString(args, 'id')),
    productByHandle: (_s: unknown, args: Args, ctx: ResolverContext) =>
      [...ctx.store.products.values()].find((p) => p.handle === argString(args, 'handle')) ?? null,
    productByIdentifier: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const identifier = argObject(args, 'identifier') ?? {};
      const id = argString(identifier, 'id');
      if (id) return productById(ctx, id);
      const handle = argString(identifier, 'handle');
      return [...ctx.store.products.values()].find((p) => p.handle === handle) ?? null;
    },
    products: (_s: unknown, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) =>
      searchConnection(
        ctx,
        info,
        sortProducts(ctx.store, [...ctx.store.products.values()], argString(args, 'sortKey')),
        args,
        productSearch(ctx.store),
        (p) => p.id,
      ),
    productsCount: (_s: unknown, args: Args, ctx: ResolverContext) =>
      count(search([...ctx.store.products.values()], argString(args, 'query'), productSearch(ctx.store), ctx.store.now()).items.length),
    productVariant: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const id = numericIdOf(argString(args, 'id') ?? '', 'ProductVariant');
      return id === null ? null : (ctx.store.variants.get(id) ?? null);
    },
    productVariants: (_s: unknown, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) =>
      searchConnection(
        ctx,
        info,
        [...ctx.store.variants.values()].sort((a, b) => a.id - b.id),
        args,
        variantSearch(ctx.store),
        (v) => v.id,
      ),
    collection: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const id = numericIdOf(argString(args, 'id') ?? '', 'Collection');
      return id === null ? null : (ctx.store.collections.get(id) ?? null);
    },
    collectionByHandle: (_s: unknown, args: Args, ctx: ResolverContext) =>
      [...ctx.store.collections.values()].find((c) => c.handle === argString(args, 'handle')) ?? null,
    collections: (_s: unknown, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) =>
      searchConnection(
        ctx,
        info,
        sortCollections([...ctx.store.collections.values()], argString(args, 'sortKey')),
        args,
        collectionSearch(),
        (c) => c.id,
      ),
  },
  Mutation: { productUpdate },
};

export function typedProduct(product: ProductRecord): ProductRecord {
  return typed(product, 'Product');
}
