// Offer analytics from the ledger, by funnel, step, surface or A/B arm, over [from, to). Two aggregate queries
// (the groups, then the totals: distinct counts do not add up across groups), the same SQL on SQLite and
// PostgreSQL. Definitions (README.md has the long form):
// - shownOrders / acceptedOrders: distinct orders with a `shown` / `accepted` event in the group;
// - acceptRate = acceptedOrders / shownOrders (null when nothing was shown);
// - revenueMinor = accepted + paid - removed amounts, in the shop's currency (events in another currency are
//   left out); by the ledger's amount convention each amount is counted once, when the money is secured;
// - treated / holdout / noOffer: decisions (one per order and surface) that made an offer, kept the order in the
//   holdout group (counted under the funnel it would have seen), or found nothing to offer. Decisions belong to
//   funnels, not steps, so step rows leave them out.
import type { Db } from '../db/client.js';
import { sqlDialect } from '../db/sql-dialect.js';
import { NotFoundError } from '../errors.js';
import { findShop } from '../shops/index.js';

export const ANALYTICS_GROUPS = ['funnel', 'step', 'surface', 'arm'] as const;
export type AnalyticsGroup = (typeof ANALYTICS_GROUPS)[number];

export interface AnalyticsQuery {
  from: Date;
  /** Exclusive. */
  to: Date;
  groupBy: AnalyticsGroup;
}

export interface AnalyticsMetrics {
  shownOrders: number;
  acceptedOrders: number;
  acceptRate: number | null;
  shows: number;
  accepts: number;
  declines: number;
  acceptedMinor: number;
  paidMinor: number;
  removedMinor: number;
  revenueMinor: number;
  /** null on step rows. */
  decisions: { treated: number; holdout: number; noOffer: number } | null;
}

export interface AnalyticsRow extends AnalyticsMetrics {
  key: { funnelId?: string | null; stepId?: string | null; surface?: string | null; arm?: string | null };
}

export interface AnalyticsReport {
  from: string;
  to: string;
  groupBy: AnalyticsGroup;
  currencyCode: string;
  rows: AnalyticsRow[];
  totals: AnalyticsMetrics;
}

const GROUP_COLUMNS: Record<AnalyticsGroup, ReadonlyArray<'funnelId' | 'stepId' | 'surface' | 'arm'>> = {
  funnel: ['funnelId'],
  step: ['funnelId', 'stepId'],
  surface: ['surface'],
  arm: ['arm'],
};

function metricsSql(db: Db): string {
  const currency = sqlDialect(db).p(4);
  const count = (condition: string) => `CAST(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS BIGINT)`;
  const amount = (kind: string) =>
    `CAST(SUM(CASE WHEN "kind" = '${kind}' AND "currencyCode" = ${currency} THEN COALESCE("amountMinor", 0) ELSE 0 END) AS BIGINT)`;
  return [
    `COUNT(DISTINCT CASE WHEN "kind" = 'shown' THEN "orderKey" END) AS "shownOrders"`,
    `COUNT(DISTINCT CASE WHEN "kind" = 'accepted' THEN "orderKey" END) AS "acceptedOrders"`,
    `${count(`"kind" = 'shown'`)} AS "shows"`,
    `${count(`"kind" = 'accepted'`)} AS "accepts"`,
    `${count(`"kind" = 'declined'`)} AS "declines"`,
    `${amount('accepted')} AS "acceptedMinor"`,
    `${amount('paid')} AS "paidMinor"`,
    `${amount('removed')} AS "removedMinor"`,
    `${count(`"kind" = 'decided' AND "funnelId" IS NOT NULL AND ("arm" IS NULL OR "arm" <> 'holdout')`)} AS "treated"`,
    `${count(`"kind" = 'decided' AND "arm" = 'holdout'`)} AS "holdout"`,
    `${count(`"kind" = 'decided' AND "funnelId" IS NULL AND ("arm" IS NULL OR "arm" <> 'holdout')`)} AS "noOffer"`,
  ].join(',\n  ');
}

function statement(db: Db, groupBy: AnalyticsGroup | null): string {
  const columns = groupBy ? GROUP_COLUMNS[groupBy].map((c) => `"${c}"`) : [];
  const { p } = sqlDialect(db);
  const notDecided = groupBy === 'step' ? ` AND "kind" <> 'decided'` : '';
  return [
    `SELECT ${[...columns, metricsSql(db)].join(',\n  ')}`,
    `FROM "OfferEvent"`,
    `WHERE "shopId" = ${p(1)} AND "occurredAt" >= ${p(2)} AND "occurredAt" < ${p(3)}${notDecided}`,
    columns.length ? `GROUP BY ${columns.join(', ')}` : '',
  ].join('\n');
}

/** Both drivers return aggregates as number, bigint or numeric strings depending on the type; all are integers here. */
function toInt(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new TypeError(`analytics: unexpected aggregate ${String(value)}`);
}

function toMetrics(row: Record<string, unknown>, withDecisions: boolean): AnalyticsMetrics {
  const shownOrders = toInt(row.shownOrders);
  const acceptedOrders = toInt(row.acceptedOrders);
  const acceptedMinor = toInt(row.acceptedMinor);
  const paidMinor = toInt(row.paidMinor);
  const removedMinor = toInt(row.removedMinor);
  return {
    shownOrders,
    acceptedOrders,
    acceptRate: shownOrders === 0 ? null : acceptedOrders / shownOrders,
    shows: toInt(row.shows),
    accepts: toInt(row.accepts),
    declines: toInt(row.declines),
    acceptedMinor,
    paidMinor,
    removedMinor,
    revenueMinor: acceptedMinor + paidMinor - removedMinor,
    decisions: withDecisions ? { treated: toInt(row.treated), holdout: toInt(row.holdout), noOffer: toInt(row.noOffer) } : null,
  };
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** The providers order NULLs differently; sort here (null first, then by value) so both answer alike. */
function byKey(a: AnalyticsRow, b: AnalyticsRow): number {
  const columns = Object.keys(a.key) as Array<keyof AnalyticsRow['key']>;
  for (const column of columns) {
    const x = a.key[column] ?? null;
    const y = b.key[column] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export async function analyticsReport(db: Db, shopId: string, query: AnalyticsQuery): Promise<AnalyticsReport> {
  const shop = await findShop(db, { id: shopId });
  if (!shop) throw new NotFoundError(`No shop ${shopId}.`);
  const params = [shopId, query.from, query.to, shop.currencyCode];
  const [groups, totals] = await Promise.all([
    db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(statement(db, query.groupBy), ...params),
    db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(statement(db, null), ...params),
  ]);
  const withDecisions = query.groupBy !== 'step';
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    groupBy: query.groupBy,
    currencyCode: shop.currencyCode,
    rows: groups
      .map((row) => ({
        key: Object.fromEntries(GROUP_COLUMNS[query.groupBy].map((column) => [column, text(row[column])])),
        ...toMetrics(row, withDecisions),
      }))
      .sort(byKey),
    totals: toMetrics(totals[0] ?? {}, true),
  };
}
