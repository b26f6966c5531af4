// Shapes shared by several domains: money, addresses, images, counts, metafield fields on any owner, and the
// `query:` search helper that also reports ignored fields the way Shopify does (extensions.search).
import type { GraphQLResolveInfo } from 'graphql';
import {
  type Args,
  argString,
  argStrings,
  connectionArgs,
  type ResolverContext,
  type TypeResolvers,
  typed,
} from '../graphql/resolver-kit.js';
import { type Connection, connection } from '../store/connection.js';
import { gid } from '../store/ids.js';
import { findMetafield, resolveNamespace } from '../store/metafields.js';
import { type Cents, type MoneyBag, type MoneyV2, moneyBag, moneyV2 } from '../store/money.js';
import type { Address, ImageRecord, MetafieldRecord, OrderRecord } from '../store/records.js';
import { type SearchSchema, search } from '../store/search-query.js';
import type { ShopStore } from '../store/shop-store.js';

export function shopMoney(store: ShopStore, cents: Cents): MoneyV2 {
  return moneyV2(cents, store.shop.currencyCode);
}

export function orderMoney(order: OrderRecord, cents: Cents): MoneyBag {
  return moneyBag(cents, order.currencyCode, order.presentmentCurrencyCode, order.exchangeRate);
}

/** A MoneyBag for amounts that are not tied to an order (presentment = shop currency). */
export function shopMoneyBag(store: ShopStore, cents: Cents): MoneyBag {
  return moneyBag(cents, store.shop.currencyCode, store.shop.currencyCode, 1);
}

export function count(n: number): { count: number; precision: 'EXACT' } {
  return { count: n, precision: 'EXACT' };
}

export interface MailingAddressView {
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  country: string | null;
  countryCodeV2: string | null;
  phone: string | null;
  company: string | null;
  formatted: string[];
  formattedArea: string;
  coordinatesValidated: boolean;
  latitude: null;
  longitude: null;
}

export function mailingAddress(address: Address | null, id: number): MailingAddressView | null {
  if (!address) return null;
  const area = [address.city, address.provinceCode ?? address.province, address.country].filter(Boolean).join(', ');
  return {
    id: `${gid('MailingAddress', id)}?model_name=Address`,
    firstName: address.firstName,
    lastName: address.lastName,
    name: `${address.firstName} ${address.lastName}`.trim(),
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    provinceCode: address.provinceCode,
    zip: address.zip,
    country: address.country,
    countryCodeV2: address.countryCode,
    phone: address.phone,
    company: address.company,
    formatted: [
      address.address1,
      address.address2,
      `${address.city} ${address.provinceCode ?? ''} ${address.zip}`.replace(/\s+/g, ' ').trim(),
      address.country,
    ].filter((line): line is string => !!line),
    formattedArea: area,
    coordinatesValidated: false,
    latitude: null,
    longitude: null,
  };
}

export function imageView(image: ImageRecord | undefined | null): Record<string, unknown> | null {
  if (!image) return null;
  return {
    id: gid('ProductImage', image.id),
    url: image.url,
    src: image.url,
    originalSrc: image.url,
    transformedSrc: image.url,
    altText: image.altText,
    width: image.width,
    height: image.height,
  };
}

export function mediaImageView(image: ImageRecord): Record<string, unknown> {
  const view = imageView(image)!;
  return typed(
    {
      id: gid('MediaImage', image.id),
      alt: image.altText,
      mediaContentType: 'IMAGE',
      status: 'READY',
      image: view,
      preview: { image: view, status: 'READY' },
      mediaErrors: [],
      mediaWarnings: [],
    },
    'MediaImage',
  );
}

/** Filters by `query:`, records Shopify-style warnings for ignored fields, and pages the result. */
export function searchConnection<T>(
  ctx: ResolverContext,
  info: GraphQLResolveInfo,
  items: readonly T[],
  args: Args,
  schema: SearchSchema<T> | null,
  keyOf: (item: T) => string | number,
): Connection<T> {
  const query = argString(args, 'query');
  let filtered: readonly T[] = items;
  if (schema && query) {
    const result = search(items, query, schema, ctx.store.now());
    filtered = result.items;
    if (result.warnings.length > 0) ctx.searchWarnings.push({ path: pathOf(info), query, warnings: result.warnings });
  }
  return connection(filtered, connectionArgs(args), keyOf);
}

export function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const path: (string | number)[] = [];
  let current: GraphQLResolveInfo['path'] | undefined = info.path;
  while (current) {
    path.unshift(current.key);
    current = current.prev;
  }
  return path;
}

export function byCreatedAt<T extends { createdAt: string; id: number }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
}

export interface MetafieldOwnerSource {
  ownerGid: string;
}

/** `metafield(namespace, key)` and `metafields(...)` for an owner identified by GID. */
export function metafieldFields<S>(ownerGidOf: (source: S, ctx: ResolverContext) => string): TypeResolvers<S> {
  return {
    metafield: (source: S, args: Args, ctx: ResolverContext) => {
      const ownerGid = ownerGidOf(source, ctx);
      let namespace = argString(args, 'namespace');
      let key = argString(args, 'key') ?? '';
      if (!namespace && key.includes('.')) {
        // `metafield(key: "custom.expiry_date")` names namespace and key together.
        const dot = key.lastIndexOf('.');
        namespace = key.slice(0, dot);
        key = key.slice(dot + 1);
      }
      const record = findMetafield(ctx.store, ownerGid, namespace, key);
      return record ? metafieldView(record) : null;
    },
    metafields: (source: S, args: Args, ctx: ResolverContext) => {
      const ownerGid = ownerGidOf(source, ctx);
      const namespaceArg = argString(args, 'namespace');
      const namespace = namespaceArg === null ? null : resolveNamespace(ctx.store, namespaceArg);
      const keys = argStrings(args, 'keys').map((k) => {
        const dot = k.lastIndexOf('.');
        return { namespace: resolveNamespace(ctx.store, k.slice(0, dot)), key: k.slice(dot + 1) };
      });
      const list = ctx.store
        .metafieldsOf(ownerGid)
        .filter((m) => namespace === null || m.namespace === namespace)
        .filter((m) => keys.length === 0 || keys.some((k) => k.namespace === m.namespace && k.key === m.key));
      return connection(list.map(metafieldView), connectionArgs(args), (m) => m.record.id);
    },
  };
}

export interface MetafieldView {
  record: MetafieldRecord;
}

export function metafieldView(record: MetafieldRecord): MetafieldView {
  return typed({ record }, 'Metafield');
}
