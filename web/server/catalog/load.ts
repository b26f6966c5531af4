// Reads a shop's catalog from the Admin API: active products (with every variant, collection and selling plan
// group, page by page), the shop's collections, the selling plan groups' plans and attachments, and the units
// sold per product over a recent window. Then assemble.ts turns it into the engine's CatalogInput.
//
// Cost: Shopify prices a query before running it (a connection costs 2 + first x node cost) and refuses one above
// 1000 points. Every page here is sized to a budget (500 by default) from the nested page sizes, and shrunk if
// Shopify reports a higher requested cost than estimated. Between pages the loader paces itself so that a share of
// the bucket stays free for interactive calls (order edits, post-purchase signing) of the same shop; THROTTLED
// answers are still waited out by the AdminClient.

import type { Logger } from '../logger.js';
import { type CatalogInput, isKnownCurrency, UnknownCurrencyError } from '../offers/index.js';
import type { AdminClient, QueryCost } from '../shopify/admin-client.js';
import { CatalogCollectionsQuery } from '../shopify/graphql/CatalogCollectionsQuery.js';
import { type CatalogProductNode, CatalogProductsQuery } from '../shopify/graphql/CatalogProductsQuery.js';
import { OrderLineItemsPageQuery } from '../shopify/graphql/OrderLineItemsPageQuery.js';
import type { GraphqlOperation } from '../shopify/graphql/operation.js';
import type { PageInfoFields } from '../shopify/graphql/PageInfoFieldsFragment.js';
import { ProductCollectionIdsQuery } from '../shopify/graphql/ProductCollectionIdsQuery.js';
import { ProductSellingPlanGroupIdsQuery } from '../shopify/graphql/ProductSellingPlanGroupIdsQuery.js';
import { ProductVariantsPageQuery } from '../shopify/graphql/ProductVariantsPageQuery.js';
import { RecentOrderLinesQuery } from '../shopify/graphql/RecentOrderLinesQuery.js';
import type { SellingPlanNode } from '../shopify/graphql/SellingPlanFieldsFragment.js';
import { SellingPlanGroupPlansQuery } from '../shopify/graphql/SellingPlanGroupPlansQuery.js';
import { SellingPlanGroupProductIdsQuery } from '../shopify/graphql/SellingPlanGroupProductIdsQuery.js';
import { SellingPlanGroupVariantIdsQuery } from '../shopify/graphql/SellingPlanGroupVariantIdsQuery.js';
import { ShopCurrencyQuery } from '../shopify/graphql/ShopCurrencyQuery.js';
import type { SoldLineNode } from '../shopify/graphql/SoldLineFieldsFragment.js';
import { type AssemblyProblem, assembleCatalogInput, type SourceProduct, type SourceSellingPlanGroup } from './assemble.js';

export const DEFAULT_RECENT_SALES_DAYS = 30;
export const DEFAULT_METAFIELD_KEYS: readonly string[] = ['custom.expiry_date'];
/** Requested cost of one request. Shopify's ceiling is 1000; staying at half leaves room for estimate errors. */
export const DEFAULT_COST_BUDGET = 500;
/** Share of the bucket the loader leaves to other calls of the same shop. */
export const DEFAULT_BUCKET_RESERVE = 0.25;

/** Only active, non-gift-card products can be offered. */
export const CATALOG_PRODUCTS_QUERY = 'status:active AND gift_card:false';

const DAY_MS = 86_400_000;
const MAX_LOGGED_PROBLEMS = 20;
const MAX_FIRST = 250;

/**
 * First-page sizes of the nested connections: enough for most products and orders; follow-up queries fetch the
 * rest of the few that have more.
 */
export interface NestedPageSizes {
  variants: number;
  collections: number;
  sellingPlanGroups: number;
  orderLines: number;
  /** Plans per page of a selling plan group (a group holds at most 31 today). */
  sellingPlans: number;
}

export const DEFAULT_NESTED_PAGE_SIZES: Readonly<NestedPageSizes> = Object.freeze({
  variants: 10,
  collections: 10,
  sellingPlanGroups: 3,
  orderLines: 10,
  sellingPlans: 31,
});

export interface LoadCatalogOptions {
  /** Start of the recent-sales window is `now - recentSalesDays`. */
  now: Date;
  recentSalesDays?: number;
  /** Product metafields to keep, "namespace.key" (date metafields feed the "expiring soon" template). */
  metafieldKeys?: readonly string[];
  logger?: Logger;
  costBudget?: number;
  bucketReserve?: number;
  /** Waits between pages; tests replace it. */
  sleep?: (ms: number) => Promise<void>;
  /** Stops between requests (a job that lost its lease). */
  signal?: AbortSignal;
  /** Overrides of the nested first-page sizes (tests use tiny ones to exercise the follow-up queries). */
  pageSizes?: Partial<NestedPageSizes>;
}

export interface CatalogLoadReport {
  requests: number;
  /** Sum of Shopify's requested and actual query costs over the load. */
  requestedCost: number;
  actualCost: number;
  /** Highest requested cost of a single request. */
  maxRequestedCost: number;
  /** Time spent waiting for the bucket before requests. */
  pacedMs: number;
  products: number;
  ordersCounted: number;
  sellingPlanGroups: number;
  problems: AssemblyProblem[];
}

export interface LoadedCatalog {
  input: CatalogInput;
  report: CatalogLoadReport;
}

/** The catalog of the shop behind `admin`, as the engine's CatalogInput. */
export async function loadCatalogFromShopify(admin: AdminClient, options: LoadCatalogOptions): Promise<CatalogInput> {
  return (await loadCatalog(admin, options)).input;
}

/** Same as loadCatalogFromShopify, with what it cost and what had to be left out. */
export async function loadCatalog(admin: AdminClient, options: LoadCatalogOptions): Promise<LoadedCatalog> {
  const pager = new Pager(admin, options);
  const metafieldKeys = [...(options.metafieldKeys ?? DEFAULT_METAFIELD_KEYS)];
  const log = options.logger?.child({ shop: admin.shop, component: 'catalog' });

  const { shop } = await pager.request(ShopCurrencyQuery, {}, 1);
  // Without the currency's exponent no price can be stored exactly: fail rather than store an empty catalog.
  if (!isKnownCurrency(shop.currencyCode)) throw new UnknownCurrencyError(shop.currencyCode);
  const collections = await loadCollections(pager);
  const sizes = { ...DEFAULT_NESTED_PAGE_SIZES, ...options.pageSizes };
  const products = await loadProducts(pager, metafieldKeys, sizes);
  const groups = await loadSellingPlanGroups(pager, products, sizes.sellingPlans);
  const since = new Date(options.now.getTime() - (options.recentSalesDays ?? DEFAULT_RECENT_SALES_DAYS) * DAY_MS);
  const { unitsSold, ordersCounted } = await loadUnitsSold(pager, since, sizes.orderLines);

  const { input, problems } = assembleCatalogInput({
    shopCurrency: shop.currencyCode,
    products,
    collections,
    sellingPlanGroups: groups,
    unitsSold,
  });
  // Every problem is in the report; the log gets the first few and a count, not one line per plan of a big shop.
  for (const problem of problems.slice(0, MAX_LOGGED_PROBLEMS)) log?.warn({ problem }, 'catalog item left out');
  if (problems.length > MAX_LOGGED_PROBLEMS) log?.warn({ count: problems.length }, 'more catalog items left out');
  return {
    input,
    report: { ...pager.stats, products: input.products.length, ordersCounted, sellingPlanGroups: groups.length, problems },
  };
}

// ---------------------------------------------------------------------------------------------------------------

class Pager {
  readonly stats = { requests: 0, requestedCost: 0, actualCost: 0, maxRequestedCost: 0, pacedMs: 0 };
  readonly budget: number;
  private readonly reserve: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private lastCostAt = 0;

  constructor(
    private readonly admin: AdminClient,
    private readonly options: LoadCatalogOptions,
  ) {
    this.budget = Math.min(1000, Math.max(50, options.costBudget ?? DEFAULT_COST_BUDGET));
    this.reserve = Math.min(0.9, Math.max(0, options.bucketReserve ?? DEFAULT_BUCKET_RESERVE));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** How many nodes of `nodeCost` fit in one request next to `fixedCost` (the parents, connection overheads). */
  fit(nodeCost: number, fixedCost = 3, max = MAX_FIRST): number {
    return Math.max(1, Math.min(max, Math.floor((this.budget - fixedCost) / nodeCost)));
  }

  lastCost(): QueryCost | undefined {
    return this.admin.lastCost();
  }

  async request<TData, TVariables>(
    operation: GraphqlOperation<TData, TVariables>,
    variables: TVariables,
    estimatedCost: number,
  ): Promise<TData> {
    this.options.signal?.throwIfAborted();
    await this.pace(estimatedCost);
    const data = await this.admin.request(operation, variables);
    this.lastCostAt = Date.now();
    this.stats.requests += 1;
    const cost = this.admin.lastCost();
    if (cost) {
      this.stats.requestedCost += cost.requestedQueryCost;
      this.stats.actualCost += cost.actualQueryCost ?? cost.requestedQueryCost;
      this.stats.maxRequestedCost = Math.max(this.stats.maxRequestedCost, cost.requestedQueryCost);
    }
    return data;
  }

  /** Waits until the bucket (as of the last answer, plus what it restored since) holds the next request and the reserve. */
  private async pace(estimatedCost: number): Promise<void> {
    const cost = this.admin.lastCost();
    if (!cost || this.lastCostAt === 0) return;
    const { maximumAvailable, currentlyAvailable, restoreRate } = cost.throttleStatus;
    if (!(restoreRate > 0)) return;
    const wanted = Math.min(maximumAvailable, estimatedCost + Math.floor(maximumAvailable * this.reserve));
    const restored = ((Date.now() - this.lastCostAt) / 1000) * restoreRate;
    const missing = wanted - (currentlyAvailable + restored);
    if (missing <= 0) return;
    const waitMs = Math.ceil((missing / restoreRate) * 1000);
    this.stats.pacedMs += waitMs;
    await this.sleep(waitMs);
  }
}

async function loadCollections(pager: Pager): Promise<{ id: string; title: string }[]> {
  const collections: { id: string; title: string }[] = [];
  const first = pager.fit(1);
  let after: string | null = null;
  do {
    const data = await pager.request(CatalogCollectionsQuery, { first, after }, 2 + first);
    collections.push(...data.collections.nodes);
    after = nextCursor(data.collections.pageInfo);
  } while (after);
  return collections;
}

/** Requested cost of one product of CatalogProducts (each object 1, each connection 2 + first x node). */
export function catalogProductNodeCost(metafieldCount: number, sizes: NestedPageSizes = DEFAULT_NESTED_PAGE_SIZES): number {
  const featuredImage = 3; // featuredMedia -> preview -> image
  const metafields = 2 + metafieldCount;
  const collections = 2 + sizes.collections;
  const groups = 2 + sizes.sellingPlanGroups;
  const variants = 2 + sizes.variants * 2; // variant + inventoryItem
  return 1 + featuredImage + metafields + collections + groups + variants;
}

async function loadProducts(pager: Pager, metafieldKeys: string[], sizes: NestedPageSizes): Promise<SourceProduct[]> {
  const nodeCost = catalogProductNodeCost(metafieldKeys.length, sizes);
  let first = pager.fit(nodeCost, 2, 50);
  const products: SourceProduct[] = [];
  let after: string | null = null;
  do {
    const data = await pager.request(
      CatalogProductsQuery,
      {
        first,
        after,
        query: CATALOG_PRODUCTS_QUERY,
        metafieldKeys,
        metafieldsFirst: Math.max(1, metafieldKeys.length),
        variantsFirst: sizes.variants,
        collectionsFirst: sizes.collections,
        sellingPlanGroupsFirst: sizes.sellingPlanGroups,
      },
      2 + first * nodeCost,
    );
    for (const node of data.products.nodes) products.push(await completeProduct(pager, node));
    after = nextCursor(data.products.pageInfo);
    // Our estimate was low (Shopify counts something we do not): shrink the next pages to the budget.
    const requested = pager.lastCost()?.requestedQueryCost;
    if (requested !== undefined && requested > pager.budget) first = Math.max(1, Math.floor((first * pager.budget) / requested));
  } while (after);
  return products;
}

/** Fetches the pages of variants, collections and plan groups the product page did not hold. */
async function completeProduct(pager: Pager, node: CatalogProductNode): Promise<SourceProduct> {
  const variants = [...node.variants.nodes];
  let after = nextCursor(node.variants.pageInfo);
  while (after) {
    const first = pager.fit(2);
    const data = await pager.request(ProductVariantsPageQuery, { id: node.id, first, after }, 3 + first * 2);
    if (!data.product) break; // deleted meanwhile: what we have is all there will be
    variants.push(...data.product.variants.nodes);
    after = nextCursor(data.product.variants.pageInfo);
  }

  const collectionIds = node.collections.nodes.map((c) => c.id);
  after = nextCursor(node.collections.pageInfo);
  while (after) {
    const first = pager.fit(1);
    const data = await pager.request(ProductCollectionIdsQuery, { id: node.id, first, after }, 3 + first);
    if (!data.product) break;
    collectionIds.push(...data.product.collections.nodes.map((c) => c.id));
    after = nextCursor(data.product.collections.pageInfo);
  }

  const sellingPlanGroupIds = node.sellingPlanGroups.nodes.map((g) => g.id);
  after = nextCursor(node.sellingPlanGroups.pageInfo);
  while (after) {
    const first = pager.fit(1, 3, 50);
    const data = await pager.request(ProductSellingPlanGroupIdsQuery, { id: node.id, first, after }, 3 + first);
    if (!data.product) break;
    sellingPlanGroupIds.push(...data.product.sellingPlanGroups.nodes.map((g) => g.id));
    after = nextCursor(data.product.sellingPlanGroups.pageInfo);
  }

  return {
    id: node.id,
    title: node.title,
    handle: node.handle,
    status: node.status,
    vendor: node.vendor,
    productType: node.productType,
    tags: node.tags,
    createdAt: node.createdAt,
    imageUrl: node.featuredMedia?.preview?.image?.url ?? null,
    metafields: node.metafields.nodes,
    collectionIds,
    sellingPlanGroupIds,
    variants,
  };
}

// A plan: the plan, its two policies, the pricing policy list and its adjustment value.
const SELLING_PLAN_NODE_COST = 5;

async function loadSellingPlanGroups(
  pager: Pager,
  products: readonly SourceProduct[],
  plansFirst: number,
): Promise<SourceSellingPlanGroup[]> {
  const ids = [...new Set(products.flatMap((p) => p.sellingPlanGroupIds))];
  const groups: SourceSellingPlanGroup[] = [];
  for (const id of ids) {
    const plans: SellingPlanNode[] = [];
    let name = '';
    let attachedVariantCount = 0;
    let found = true;
    let after: string | null = null;
    do {
      const first = pager.fit(SELLING_PLAN_NODE_COST, 5, plansFirst);
      const data = await pager.request(SellingPlanGroupPlansQuery, { id, first, after }, 4 + first * SELLING_PLAN_NODE_COST);
      const group = data.sellingPlanGroup;
      if (!group) {
        found = false;
        break;
      }
      name = group.name;
      attachedVariantCount = group.productVariantsCount?.count ?? 0;
      plans.push(...group.sellingPlans.nodes);
      after = nextCursor(group.sellingPlans.pageInfo);
    } while (after);
    if (!found) continue; // deleted since the products were read
    const attachments = attachedVariantCount > 0 ? await loadGroupAttachments(pager, id) : null;
    groups.push({ id, name, plans, attachments });
  }
  return groups;
}

async function loadGroupAttachments(pager: Pager, id: string): Promise<{ productIds: string[]; variantIds: string[] }> {
  const productIds: string[] = [];
  let after: string | null = null;
  do {
    const first = pager.fit(1);
    const data = await pager.request(SellingPlanGroupProductIdsQuery, { id, first, after }, 3 + first);
    if (!data.sellingPlanGroup) break;
    productIds.push(...data.sellingPlanGroup.products.nodes.map((p) => p.id));
    after = nextCursor(data.sellingPlanGroup.products.pageInfo);
  } while (after);

  const variantIds: string[] = [];
  after = null;
  do {
    const first = pager.fit(2);
    const data = await pager.request(SellingPlanGroupVariantIdsQuery, { id, first, after }, 3 + first * 2);
    if (!data.sellingPlanGroup) break;
    variantIds.push(...data.sellingPlanGroup.productVariants.nodes.map((v) => v.id));
    after = nextCursor(data.sellingPlanGroup.productVariants.pageInfo);
  } while (after);
  return { productIds, variantIds };
}

/** Search syntax for the orders of the window; test orders are not sales. */
export function recentOrdersQuery(since: Date): string {
  return `created_at:>='${since.toISOString()}' test:false`;
}

async function loadUnitsSold(
  pager: Pager,
  since: Date,
  linesFirst: number,
): Promise<{ unitsSold: Map<string, number>; ordersCounted: number }> {
  const unitsSold = new Map<string, number>();
  const count = (lines: readonly SoldLineNode[]) => {
    for (const line of lines) {
      if (!line.product || line.currentQuantity <= 0) continue;
      unitsSold.set(line.product.id, (unitsSold.get(line.product.id) ?? 0) + line.currentQuantity);
    }
  };
  const orderNodeCost = 1 + 2 + linesFirst * 2; // order + lineItems(first) x (line + product)
  const first = pager.fit(orderNodeCost, 2, 50);
  let ordersCounted = 0;
  let after: string | null = null;
  do {
    const data = await pager.request(
      RecentOrderLinesQuery,
      { first, after, query: recentOrdersQuery(since), linesFirst },
      2 + first * orderNodeCost,
    );
    for (const order of data.orders.nodes) {
      if (order.cancelledAt !== null) continue;
      ordersCounted += 1;
      count(order.lineItems.nodes);
      let linesAfter = nextCursor(order.lineItems.pageInfo);
      while (linesAfter) {
        const pageFirst = pager.fit(2);
        const page = await pager.request(OrderLineItemsPageQuery, { id: order.id, first: pageFirst, after: linesAfter }, 3 + pageFirst * 2);
        if (!page.order) break;
        count(page.order.lineItems.nodes);
        linesAfter = nextCursor(page.order.lineItems.pageInfo);
      }
    }
    after = nextCursor(data.orders.pageInfo);
  } while (after);
  return { unitsSold, ordersCounted };
}

function nextCursor(pageInfo: PageInfoFields): string | null {
  return pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null;
}
