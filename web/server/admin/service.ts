// What the admin pages read beyond the capabilities' own APIs: Home's report in one request, the order search and
// timeline, the product picker's catalog search, the template drafts. Collaborators come in as parameters.
import type { OrderTimelineEmail, OrderTimelineResponse } from '../../../extensions/order-timeline/src/contract.js';
import type { CatalogCache } from '../catalog/index.js';
import type { Clock } from '../clock.js';
import type { FunnelSummary, FunnelsModule } from '../funnels/index.js';
import { type AnalyticsGroup, type AnalyticsReport, type DailyRevenue, LEDGER_SURFACES, type Ledger } from '../ledger/index.js';
import type { CatalogProduct } from '../offers/index.js';
import type { SettingsStore } from '../settings/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { OrderCheckoutTokenQuery } from '../shopify/graphql/OrderCheckoutTokenQuery.js';
import { OrderLookupQuery } from '../shopify/graphql/OrderLookupQuery.js';
import { type ArmResult, compareArms, type HoldoutReport, holdoutReport } from './experiments.js';
import { type FunnelTemplate, funnelTemplates } from './templates.js';
import { type FunnelNames, type OrderTimeline, orderTimeline, orderTimelineView } from './timeline.js';

export interface AdminServiceDeps {
  ledger: Ledger;
  funnels: FunnelsModule;
  settings: SettingsStore;
  catalog: Pick<CatalogCache, 'get'>;
  clock: Clock;
  adminFor(shop: string): Promise<AdminClient>;
  /** The email offer sent for an order (email module); null when none was sent. */
  sentEmail(shopId: string, orderId: string): Promise<OrderTimelineEmail | null>;
}

export interface HomeReport {
  from: string;
  to: string;
  currencyCode: string;
  totals: AnalyticsReport['totals'];
  bySurface: AnalyticsReport['rows'];
  byFunnel: Array<AnalyticsReport['rows'][number] & { name: string }>;
  byStep: Array<AnalyticsReport['rows'][number] & { name: string }>;
  arms: ArmResult[];
  holdout: HoldoutReport;
  daily: DailyRevenue[];
}

export interface ProductHit {
  id: string;
  title: string;
  imageUrl: string | null;
  status: string;
  variants: Array<{ id: string; title: string; priceMinor: number; inventoryQuantity: number | null }>;
}

export interface OrderHit {
  orderId: string;
  name: string;
  createdAt: string;
  financialStatus: string;
  total: { amount: string; currencyCode: string };
  /** The keys the ledger knows this order by: its id, and its checkout's token. */
  orderKeys: string[];
}

/** Order search input: an order number (#1001 or 1001) or an email address; nothing that changes the query's syntax. */
const ORDER_NUMBER = /^#?\d{1,12}$/;
const EMAIL = /^[^\s"'():\\]+@[^\s"'():\\]+$/;

/** Shopify's search query for an order number or email; null for anything else (the route answers 400). */
export function orderSearchQuery(input: string): string | null {
  const text = input.trim();
  if (ORDER_NUMBER.test(text)) return `name:#${text.replace(/^#/, '')}`;
  if (EMAIL.test(text) && text.length <= 254) return `email:${text}`;
  return null;
}

async function allFunnels(funnels: FunnelsModule, shopId: string): Promise<FunnelSummary[]> {
  const out: FunnelSummary[] = [];
  let cursor: string | undefined;
  // Funnel counts per shop are small; 20 pages of 100 is far beyond any real shop.
  for (let page = 0; page < 20; page++) {
    const result = await funnels.funnels.list(shopId, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...result.funnels);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return out;
}

export function createAdminService(deps: AdminServiceDeps) {
  const report = (shopId: string, from: Date, to: Date, groupBy: AnalyticsGroup) => deps.ledger.analytics(shopId, { from, to, groupBy });

  return {
    async home(shopId: string, range: { from: Date; to: Date }): Promise<HomeReport> {
      const [surface, funnel, step, funnels] = await Promise.all([
        report(shopId, range.from, range.to, 'surface'),
        report(shopId, range.from, range.to, 'funnel'),
        report(shopId, range.from, range.to, 'step'),
        allFunnels(deps.funnels, shopId),
      ]);
      const byId = new Map(funnels.map((f) => [f.id, f]));
      const name = (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? 'Deleted funnel') : 'No funnel');
      const arms = funnel.rows.flatMap((row) => {
        const summary = row.key.funnelId ? byId.get(row.key.funnelId) : undefined;
        return summary?.experiment
          ? [
              {
                experimentKey: summary.experiment.key,
                arm: summary.experiment.arm,
                funnelId: summary.id,
                funnelName: summary.name,
                metrics: row,
              },
            ]
          : [];
      });
      const daily = await deps.ledger.dailyRevenue(shopId, { ...range, currencyCode: surface.currencyCode });
      // Every surface appears, with zeros where nothing happened yet (email and subscriptions come later).
      const bySurface = LEDGER_SURFACES.map(
        (key) => surface.rows.find((row) => row.key.surface === key) ?? { ...emptyRow(surface.totals), key: { surface: key } },
      );
      return {
        from: surface.from,
        to: surface.to,
        currencyCode: surface.currencyCode,
        totals: surface.totals,
        bySurface,
        byFunnel: funnel.rows.filter((row) => row.key.funnelId).map((row) => ({ ...row, name: name(row.key.funnelId) })),
        byStep: step.rows.filter((row) => row.key.funnelId).map((row) => ({ ...row, name: name(row.key.funnelId) })),
        arms: compareArms(arms),
        holdout: holdoutReport(surface.totals),
        daily,
      };
    },

    async timeline(shopId: string, orderKeys: string[]): Promise<OrderTimeline> {
      const [events, decisions, funnels] = await Promise.all([
        deps.ledger.eventsForOrder(shopId, orderKeys),
        deps.ledger.decisionsForOrder(shopId, orderKeys),
        allFunnels(deps.funnels, shopId),
      ]);
      const names: FunnelNames = new Map(funnels.map((f) => [f.id, f.name]));
      return orderTimeline(orderKeys, events, decisions, names);
    },

    /**
     * The order block in Shopify's admin: one order by its GID, checked against Shopify (null when the shop has no
     * such order, so another shop's order id reads as unknown), with both ledger keys, its events, decisions and email.
     */
    async orderTimeline(shop: { shopId: string; domain: string }, orderId: string): Promise<OrderTimelineResponse | null> {
      const admin = await deps.adminFor(shop.domain);
      const { order } = await admin.request(OrderCheckoutTokenQuery, { id: orderId });
      if (!order) return null;
      const orderKeys = [order.id, ...(order.checkoutToken ? [order.checkoutToken] : [])];
      const [events, decisions, funnels, email] = await Promise.all([
        deps.ledger.eventsForOrder(shop.shopId, orderKeys),
        deps.ledger.decisionsForOrder(shop.shopId, orderKeys),
        allFunnels(deps.funnels, shop.shopId),
        deps.sentEmail(shop.shopId, order.id),
      ]);
      const names: FunnelNames = new Map(funnels.map((f) => [f.id, f.name]));
      return orderTimelineView({ orderId: order.id, orderKeys, events, decisions, names, email });
    },

    recentOrders(shopId: string) {
      return deps.ledger.recentOrders(shopId, 20);
    },

    async findOrders(shopDomain: string, input: string): Promise<OrderHit[]> {
      const query = orderSearchQuery(input);
      if (query === null) return [];
      const admin = await deps.adminFor(shopDomain);
      const { orders } = await admin.request(OrderLookupQuery, { query });
      return orders.nodes.map((order) => ({
        orderId: order.id,
        name: order.name,
        createdAt: order.createdAt,
        financialStatus: order.displayFinancialStatus ?? 'UNKNOWN',
        total: { amount: order.totalPriceSet.shopMoney.amount, currencyCode: order.totalPriceSet.shopMoney.currencyCode },
        orderKeys: [order.id, ...(order.checkoutToken ? [order.checkoutToken] : [])],
      }));
    },

    async productsById(shopId: string, ids: readonly string[]): Promise<{ products: ProductHit[]; catalogReady: boolean }> {
      const catalog = await deps.catalog.get(shopId);
      if (!catalog) return { products: [], catalogReady: false };
      const products = ids.flatMap((id) => {
        const product = catalog.products.get(id);
        return product ? [productHit(product)] : [];
      });
      return { products, catalogReady: true };
    },

    async searchProducts(shopId: string, input: string, limit: number): Promise<{ products: ProductHit[]; catalogReady: boolean }> {
      const catalog = await deps.catalog.get(shopId);
      if (!catalog) return { products: [], catalogReady: false };
      const words = input.toLowerCase().split(/\s+/).filter(Boolean);
      const products: ProductHit[] = [];
      for (const product of catalog.byOrdinal) {
        if (products.length >= limit) break;
        const haystack = `${product.title} ${product.vendorLower} ${product.productTypeLower} ${product.tagsLower.join(' ')}`.toLowerCase();
        if (!words.every((word) => haystack.includes(word))) continue;
        products.push({
          id: product.id,
          title: product.title,
          imageUrl: product.imageUrl ?? null,
          status: product.status,
          variants: product.variants.map((v) => ({
            id: v.id,
            title: v.title,
            priceMinor: v.priceMinor,
            inventoryQuantity: v.inventoryQuantity,
          })),
        });
      }
      return { products, catalogReady: true };
    },

    async templates(shopId: string, surface: 'post_purchase' | 'checkout' | 'email'): Promise<FunnelTemplate[]> {
      const settings = await deps.settings.get(shopId);
      return funnelTemplates(settings.locales, surface);
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;

function productHit(product: CatalogProduct): ProductHit {
  return {
    id: product.id,
    title: product.title,
    imageUrl: product.imageUrl ?? null,
    status: product.status,
    variants: product.variants.map((v) => ({ id: v.id, title: v.title, priceMinor: v.priceMinor, inventoryQuantity: v.inventoryQuantity })),
  };
}

function emptyRow(like: AnalyticsReport['totals']): AnalyticsReport['totals'] {
  const zero = Object.fromEntries(Object.keys(like).map((key) => [key, 0])) as unknown as AnalyticsReport['totals'];
  return { ...zero, acceptRate: null, decisions: { treated: 0, holdout: 0, noOffer: 0 } };
}
