// The per-order ledger: events (shown, declined, accepted, paid, removed, decided) and the engine's decisions,
// both idempotent, plus the facts the engine reads back (declines of this purchase on any surface, the
// customer's recent offers for the frequency cap).
import type { Clock } from '../clock.js';
import { type Db, isUniqueViolation, type Prisma } from '../db/client.js';
import { UnprocessableError, zodProblems } from '../errors.js';
import type { Logger } from '../logger.js';
import { type Decision, type LedgerFacts, type OfferImpression, type ShopSettings, SURFACES, type Surface } from '../offers/index.js';
import { type AnalyticsQuery, type AnalyticsReport, analyticsReport } from './analytics.js';
import { type JsonValue, type LedgerEvent, type RecordEventInput, RecordEventInputSchema } from './events.js';

export interface StoredDecision {
  id: string;
  surface: string;
  orderKey: string;
  outcome: Decision['outcome'];
  funnelId: string | null;
  arm: string | null;
  createdAt: string;
  /** The engine's Decision as first stored (its `trace` says why there was, or was not, an offer). */
  decision: Decision;
}

export interface FactsQuery {
  shopId: string;
  orderKey: string;
  /**
   * Other keys of the same purchase: post-purchase records under the checkout reference id, email under the
   * order id. Declines under any of them count.
   */
  relatedOrderKeys?: readonly string[];
  /** null for guests: no frequency cap applies. */
  customerId: string | null;
  now: Date;
  settings: Pick<ShopSettings, 'frequencyCap'>;
}

export interface Ledger {
  /** Records an event once per (shop, idempotencyKey); `recorded: false` means it was already there. */
  recordEvent(input: RecordEventInput): Promise<{ recorded: boolean }>;
  /**
   * Stores the decision for (shop, surface, orderKey) unless one exists, and returns the stored one: a repeated
   * request gets the first answer back. Also records a `decided` event (for holdout vs treated counts).
   */
  recordDecision(
    shopId: string,
    decision: Decision,
    options?: { customerId?: string | null },
  ): Promise<StoredDecision & { created: boolean }>;
  decisionFor(shopId: string, surface: string, orderKey: string): Promise<StoredDecision | null>;
  factsFor(query: FactsQuery): Promise<LedgerFacts>;
  /** Events of an order (under any of the keys), oldest first. */
  eventsForOrder(shopId: string, orderKeys: string | readonly string[]): Promise<LedgerEvent[]>;
  decisionsForOrder(shopId: string, orderKeys: string | readonly string[]): Promise<StoredDecision[]>;
  analytics(shopId: string, query: AnalyticsQuery): Promise<AnalyticsReport>;
  /** Money per UTC day in [from, to): gross (accepted + paid - removed) and refunded, shop currency minor units. */
  dailyRevenue(shopId: string, query: { from: Date; to: Date; currencyCode: string }): Promise<DailyRevenue[]>;
  /** The orders with the latest events, newest first: what the admin's order search lists before a query. */
  recentOrders(shopId: string, limit: number): Promise<RecentOrder[]>;
}

export interface DailyRevenue {
  /** YYYY-MM-DD (UTC). */
  date: string;
  grossMinor: number;
  refundedMinor: number;
  netMinor: number;
}

export interface RecentOrder {
  orderKey: string;
  lastEventAt: string;
  events: number;
}

/** Events that carry money, read per day; a bound so a huge range cannot load without limit. */
const MAX_MONEY_EVENTS = 200_000;
const MONEY_SIGN: Readonly<Record<string, number>> = { accepted: 1, paid: 1, removed: -1 };

export interface LedgerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

/** More events than any real order has; a bound so one odd order cannot make the ledger page huge. */
const MAX_EVENTS_PER_ORDER = 1_000;

type EventRow = Awaited<ReturnType<Db['prisma']['offerEvent']['findFirstOrThrow']>>;
type DecisionRow = Awaited<ReturnType<Db['prisma']['offerDecision']['findFirstOrThrow']>>;

function toEvent(row: EventRow): LedgerEvent {
  return {
    id: row.id,
    orderKey: row.orderKey,
    customerId: row.customerId,
    surface: row.surface,
    kind: row.kind,
    funnelId: row.funnelId,
    stepId: row.stepId,
    offerId: row.offerId,
    variantId: row.variantId,
    quantity: row.quantity,
    amountMinor: row.amountMinor,
    currencyCode: row.currencyCode,
    arm: row.arm,
    idempotencyKey: row.idempotencyKey,
    detail: row.detail as JsonValue,
    occurredAt: row.occurredAt.toISOString(),
  };
}

function toStoredDecision(row: DecisionRow): StoredDecision {
  return {
    id: row.id,
    surface: row.surface,
    orderKey: row.orderKey,
    outcome: row.outcome as Decision['outcome'],
    funnelId: row.funnelId,
    arm: row.arm,
    createdAt: row.createdAt.toISOString(),
    // Written by recordDecision from the engine's Decision (plain JSON).
    decision: row.trace as unknown as Decision,
  };
}

function keyList(orderKeys: string | readonly string[]): string[] {
  return [...new Set(typeof orderKeys === 'string' ? [orderKeys] : orderKeys)];
}

function isEngineSurface(surface: string): surface is Surface {
  return (SURFACES as readonly string[]).includes(surface);
}

function productIdsOf(detail: unknown): string[] {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return [];
  const ids = (detail as { productIds?: unknown }).productIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

export function createLedger(deps: LedgerDeps): Ledger {
  const { prisma } = deps.db;
  const log = deps.logger.child({ module: 'ledger' });

  const recordEvent: Ledger['recordEvent'] = async (input) => {
    const parsed = RecordEventInputSchema.safeParse(input);
    if (!parsed.success) throw new UnprocessableError('The ledger event is not valid.', zodProblems(parsed.error.issues));
    const event = parsed.data;
    const detail: Record<string, JsonValue> = { ...(event.detail ?? {}) };
    if (event.productIds?.length) detail.productIds = event.productIds;
    try {
      await prisma.offerEvent.create({
        data: {
          shopId: event.shopId,
          orderKey: event.orderKey,
          customerId: event.customerId ?? null,
          surface: event.surface,
          kind: event.kind,
          funnelId: event.funnelId ?? null,
          stepId: event.stepId ?? null,
          offerId: event.offerId ?? null,
          variantId: event.variantId ?? null,
          quantity: event.quantity ?? null,
          amountMinor: event.amount?.minor ?? null,
          currencyCode: event.amount?.currencyCode ?? null,
          arm: event.arm ?? null,
          idempotencyKey: event.idempotencyKey,
          detail: detail as Prisma.InputJsonValue,
          occurredAt: event.occurredAt ?? deps.clock.now(),
        },
      });
      return { recorded: true };
    } catch (error) {
      if (isUniqueViolation(error)) return { recorded: false };
      throw error;
    }
  };

  const decisionFor: Ledger['decisionFor'] = async (shopId, surface, orderKey) => {
    const row = await prisma.offerDecision.findUnique({ where: { shopId_surface_orderKey: { shopId, surface, orderKey } } });
    return row ? toStoredDecision(row) : null;
  };

  return {
    recordEvent,
    decisionFor,

    async recordDecision(shopId, decision, options = {}) {
      let stored: StoredDecision;
      let created = true;
      try {
        const row = await prisma.offerDecision.create({
          data: {
            shopId,
            orderKey: decision.orderKey,
            surface: decision.surface,
            funnelId: decision.funnelId,
            arm: decision.arm,
            outcome: decision.outcome,
            trace: decision as unknown as Prisma.InputJsonValue,
            createdAt: deps.clock.now(),
          },
        });
        stored = toStoredDecision(row);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await decisionFor(shopId, decision.surface, decision.orderKey);
        if (!existing) throw error;
        stored = existing;
        created = false;
      }
      // Always (re)recorded: idempotent, and heals a crash between the two writes.
      const first = stored.decision;
      await recordEvent({
        shopId,
        orderKey: first.orderKey,
        customerId: options.customerId ?? null,
        surface: first.surface,
        kind: 'decided',
        // A holdout order is counted under the funnel it would have seen.
        funnelId: first.funnelId ?? first.counterfactualFunnelId,
        arm: first.arm,
        idempotencyKey: `decided:${first.surface}:${first.orderKey}`,
        detail: { outcome: first.outcome, ...(first.experiment ? { experimentKey: first.experiment.key } : {}) },
        occurredAt: new Date(first.decidedAt),
      });
      if (created) log.debug({ shopId, orderKey: first.orderKey, surface: first.surface, outcome: first.outcome }, 'decision recorded');
      return { ...stored, created };
    },

    async factsFor(query) {
      const keys = keyList([query.orderKey, ...(query.relatedOrderKeys ?? [])]);
      const cap = query.settings.frequencyCap;
      const windowStart = cap ? new Date(query.now.getTime() - cap.windowHours * 3_600_000) : null;
      const [declines, shown] = await Promise.all([
        prisma.offerEvent.findMany({
          where: { shopId: query.shopId, orderKey: { in: keys }, kind: 'declined' },
          select: { offerId: true, detail: true },
        }),
        windowStart && query.customerId
          ? prisma.offerEvent.groupBy({
              by: ['orderKey', 'surface'],
              where: { shopId: query.shopId, customerId: query.customerId, kind: 'shown', occurredAt: { gt: windowStart, lte: query.now } },
              _min: { occurredAt: true },
            })
          : Promise.resolve([]),
      ]);
      const declinedOfferIds = new Set<string>();
      const declinedProductIds = new Set<string>();
      for (const decline of declines) {
        if (decline.offerId) declinedOfferIds.add(decline.offerId);
        for (const id of productIdsOf(decline.detail)) declinedProductIds.add(id);
      }
      // One impression per order and surface: a funnel of three steps is one offer experience, not three.
      const recentImpressions: OfferImpression[] = [];
      for (const group of shown) {
        const at = group._min.occurredAt;
        if (!at || !isEngineSurface(group.surface)) continue;
        recentImpressions.push({ orderKey: group.orderKey, surface: group.surface, shownAt: at.toISOString() });
      }
      recentImpressions.sort((a, b) => (a.shownAt < b.shownAt ? -1 : a.shownAt > b.shownAt ? 1 : 0));
      return { declinedOfferIds: [...declinedOfferIds], declinedProductIds: [...declinedProductIds], recentImpressions };
    },

    async eventsForOrder(shopId, orderKeys) {
      const rows = await prisma.offerEvent.findMany({
        where: { shopId, orderKey: { in: keyList(orderKeys) } },
        orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
        take: MAX_EVENTS_PER_ORDER,
      });
      return rows.map(toEvent);
    },

    async decisionsForOrder(shopId, orderKeys) {
      const rows = await prisma.offerDecision.findMany({
        where: { shopId, orderKey: { in: keyList(orderKeys) } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toStoredDecision);
    },

    analytics(shopId, query) {
      return analyticsReport(deps.db, shopId, query);
    },

    async dailyRevenue(shopId, query) {
      const rows = await prisma.offerEvent.findMany({
        where: {
          shopId,
          occurredAt: { gte: query.from, lt: query.to },
          kind: { in: ['accepted', 'paid', 'removed', 'refunded'] },
          amountMinor: { not: null },
          currencyCode: query.currencyCode,
        },
        select: { kind: true, amountMinor: true, occurredAt: true },
        take: MAX_MONEY_EVENTS,
      });
      const days = new Map<string, DailyRevenue>();
      for (
        let at = Date.UTC(query.from.getUTCFullYear(), query.from.getUTCMonth(), query.from.getUTCDate());
        at < query.to.getTime();
        at += 86_400_000
      ) {
        const date = new Date(at).toISOString().slice(0, 10);
        days.set(date, { date, grossMinor: 0, refundedMinor: 0, netMinor: 0 });
      }
      for (const row of rows) {
        const day = days.get(row.occurredAt.toISOString().slice(0, 10));
        if (!day) continue;
        const minor = row.amountMinor ?? 0;
        if (row.kind === 'refunded') day.refundedMinor += minor;
        else day.grossMinor += (MONEY_SIGN[row.kind] ?? 0) * minor;
        day.netMinor = day.grossMinor - day.refundedMinor;
      }
      return [...days.values()];
    },

    async recentOrders(shopId, limit) {
      const groups = await prisma.offerEvent.groupBy({
        by: ['orderKey'],
        where: { shopId },
        _max: { occurredAt: true },
        _count: { _all: true },
        orderBy: { _max: { occurredAt: 'desc' } },
        take: limit,
      });
      return groups.map((group) => ({
        orderKey: group.orderKey,
        lastEventAt: (group._max.occurredAt ?? new Date(0)).toISOString(),
        events: group._count._all,
      }));
    },
  };
}
