// The two ledger operations of the offer endpoint, done the way the ledger does them (same rows, same keys, same
// answers: ledger-fast-path.test.ts compares both on SQLite and PostgreSQL), but cheap enough for the hot path.
//
// Why not ledger.recordDecision / factsFor: through Prisma's query compiler every query costs about 0.7-1 ms of
// CPU here, and writing an 18 KB decision about 3-5 ms, which capped the endpoint near 100 requests per second.
// These are plain SQL statements on the driver (`db.sql`: the same connection or pool Prisma uses, without
// Prisma's per-query work), and decisions are group-committed: all decisions of concurrent requests go into one multi-row INSERT ... ON
// CONFLICT DO NOTHING, so the first decision stored for a purchase still wins, as with the ledger.
import { randomUUID } from 'node:crypto';
import type { Db, SqlValue } from '../db/client.js';
import { dateColumn, jsonColumn, type SqlDialect, sqlDialect } from '../db/sql-dialect.js';
import type { FactsQuery } from '../ledger/index.js';
import type { Decision, LedgerFacts, OfferImpression, Surface } from '../offers/index.js';
import { SURFACES } from '../offers/index.js';
import { createBatcher } from './batcher.js';

export interface RecordedDecision {
  /** The stored decision: this one, or the one an earlier request stored for the same purchase. */
  decision: Decision;
  created: boolean;
}

export interface LedgerFastPath {
  factsFor(query: FactsQuery): Promise<LedgerFacts>;
  recordDecision(shopId: string, decision: Decision, options?: { customerId?: string | null }): Promise<RecordedDecision>;
  /** The stored decision (as ledger.decisionFor(...).decision), or null. */
  decisionFor(shopId: string, surface: Surface, orderKey: string): Promise<Decision | null>;
}

/** Decisions written per statement; a batch larger than this waits for the next one. */
export const MAX_DECISIONS_PER_BATCH = 64;

interface Pending {
  shopId: string;
  decision: Decision;
  customerId: string | null;
}

export function createLedgerFastPath(db: Db): LedgerFastPath {
  const sql = sqlDialect(db);
  const record = createBatcher<Pending, RecordedDecision>((items) => writeDecisions(db, sql, items), {
    maxBatch: MAX_DECISIONS_PER_BATCH,
    maxInFlight: 2,
  });

  return {
    async factsFor(query) {
      const keys = [...new Set([query.orderKey, ...(query.relatedOrderKeys ?? [])])];
      const cap = query.settings.frequencyCap;
      const params: SqlValue[] = [query.shopId, ...keys];
      const orderKeys = keys.map((_, i) => sql.p(i + 2)).join(', ');
      const declined = db.sql.query<{ offerId: string | null; detail: unknown }>(
        `SELECT "offerId", "detail" FROM "OfferEvent"
         WHERE "shopId" = ${sql.p(1)} AND "orderKey" IN (${orderKeys}) AND "kind" = 'declined'`,
        params,
      );
      const shown =
        cap && query.customerId
          ? db.sql.query<{ orderKey: string; surface: string; first: unknown }>(
              `SELECT "orderKey", "surface", MIN("occurredAt") AS "first" FROM "OfferEvent"
               WHERE "shopId" = ${sql.p(1)} AND "customerId" = ${sql.p(2)} AND "kind" = 'shown'
                 AND "occurredAt" > ${sql.p(3)} AND "occurredAt" <= ${sql.p(4)}
               GROUP BY "orderKey", "surface"`,
              [query.shopId, query.customerId, new Date(query.now.getTime() - cap.windowHours * 3_600_000), query.now],
            )
          : Promise.resolve([]);
      const [declines, impressions] = await Promise.all([declined, shown]);
      const declinedOfferIds = new Set<string>();
      const declinedProductIds = new Set<string>();
      for (const decline of declines) {
        if (decline.offerId) declinedOfferIds.add(decline.offerId);
        for (const id of productIdsOf(jsonColumn(decline.detail))) declinedProductIds.add(id);
      }
      const recentImpressions: OfferImpression[] = [];
      for (const group of impressions) {
        if (group.first === null || group.first === undefined || !isSurface(group.surface)) continue;
        recentImpressions.push({ orderKey: group.orderKey, surface: group.surface, shownAt: dateColumn(group.first).toISOString() });
      }
      recentImpressions.sort((a, b) => (a.shownAt < b.shownAt ? -1 : a.shownAt > b.shownAt ? 1 : 0));
      return { declinedOfferIds: [...declinedOfferIds], declinedProductIds: [...declinedProductIds], recentImpressions };
    },

    recordDecision(shopId, decision, options = {}) {
      return record({ shopId, decision, customerId: options.customerId ?? null });
    },

    async decisionFor(shopId, surface, orderKey) {
      const rows = await db.sql.query<{ trace: unknown }>(
        `SELECT "trace" FROM "OfferDecision" WHERE "shopId" = ${sql.p(1)} AND "surface" = ${sql.p(2)} AND "orderKey" = ${sql.p(3)}`,
        [shopId, surface, orderKey],
      );
      return rows[0] ? (jsonColumn(rows[0].trace) as Decision) : null;
    },
  };
}

async function writeDecisions(db: Db, sql: SqlDialect, items: Pending[]): Promise<RecordedDecision[]> {
  // Two requests for one purchase in the same batch: the first one is the candidate, the second gets its answer.
  const keyOf = (item: Pending) => `${item.shopId}\u0000${item.decision.surface}\u0000${item.decision.orderKey}`;
  const candidates = new Map<string, Pending>();
  for (const item of items) if (!candidates.has(keyOf(item))) candidates.set(keyOf(item), item);
  const unique = [...candidates.values()];

  // One transaction (one commit): the decisions, and the `decided` event of each decision this statement stored
  // (a row whose new id is in OfferDecision), as ledger.recordDecision writes it.
  const ids = unique.map(() => randomUUID());
  const values: string[] = [];
  const params: SqlValue[] = [];
  unique.forEach(({ shopId, decision }, index) => {
    const at = params.length;
    values.push(
      `(${sql.p(at + 1)}, ${sql.p(at + 2)}, ${sql.p(at + 3)}, ${sql.p(at + 4)}, ${sql.p(at + 5)}, ` +
        `${sql.p(at + 6)}, ${sql.p(at + 7)}, ${sql.json(at + 8)}, ${sql.p(at + 9)})`,
    );
    params.push(
      ids[index]!,
      shopId,
      decision.orderKey,
      decision.surface,
      decision.funnelId ?? null,
      decision.arm ?? null,
      decision.outcome,
      JSON.stringify(decision),
      new Date(),
    );
  });
  const events = decidedEvents(
    sql,
    unique.map((item, index) => ({ item, decision: item.decision, decisionId: ids[index]! })),
  );
  const [inserted] = await db.sql.batch([
    {
      sql: `INSERT INTO "OfferDecision" ("id", "shopId", "orderKey", "surface", "funnelId", "arm", "outcome", "trace", "createdAt")
     VALUES ${values.join(', ')}
     ON CONFLICT ("shopId", "surface", "orderKey") DO NOTHING RETURNING "shopId", "surface", "orderKey"`,
      params,
    },
    events,
  ]);
  const created = new Set((inserted ?? []).map((row) => `${String(row.shopId)}\u0000${String(row.surface)}\u0000${String(row.orderKey)}`));

  // Purchases decided before (a repeated ShouldRender, another instance): answer with what is stored, and
  // (re)record its `decided` event from the stored decision (idempotent; heals a decision stored without one).
  const stored = new Map<string, Decision>();
  for (const item of unique) if (created.has(keyOf(item))) stored.set(keyOf(item), item.decision);
  const missing = unique.filter((item) => !created.has(keyOf(item)));
  if (missing.length > 0) {
    const conditions = missing.map(
      (_, i) => `("shopId" = ${sql.p(i * 3 + 1)} AND "surface" = ${sql.p(i * 3 + 2)} AND "orderKey" = ${sql.p(i * 3 + 3)})`,
    );
    const rows = await db.sql.query<{ id: string; shopId: string; surface: string; orderKey: string; trace: unknown }>(
      `SELECT "id", "shopId", "surface", "orderKey", "trace" FROM "OfferDecision" WHERE ${conditions.join(' OR ')}`,
      missing.flatMap((item) => [item.shopId, item.decision.surface, item.decision.orderKey]),
    );
    const storedIds = new Map<string, string>();
    for (const row of rows) {
      const key = `${row.shopId}\u0000${row.surface}\u0000${row.orderKey}`;
      stored.set(key, jsonColumn(row.trace) as Decision);
      storedIds.set(key, String(row.id));
    }
    const found = missing.filter((item) => stored.has(keyOf(item)));
    if (found.length > 0) {
      const healing = decidedEvents(
        sql,
        found.map((item) => ({ item, decision: stored.get(keyOf(item))!, decisionId: storedIds.get(keyOf(item))! })),
      );
      await db.sql.execute(healing.sql, healing.params);
    }
  }

  return items.map((item) => {
    const decision = stored.get(keyOf(item));
    if (!decision) throw new Error(`decision for ${item.decision.orderKey} was neither stored nor found`);
    return { decision, created: candidates.get(keyOf(item)) === item && created.has(keyOf(item)) };
  });
}

/**
 * The `decided` events of these decisions, as ledger.recordDecision writes them, each only if its decision row
 * (by id) exists when the statement runs; ON CONFLICT keeps an event already recorded.
 */
function decidedEvents(
  sql: SqlDialect,
  rows: Array<{ item: Pending; decision: Decision; decisionId: string }>,
): { sql: string; params: SqlValue[] } {
  const values: string[] = [];
  const params: SqlValue[] = [];
  for (const { item, decision: first, decisionId } of rows) {
    const at = params.length;
    const p = (offset: number) => sql.p(at + offset);
    values.push(
      `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${sql.json(at + 9)}, ${sql.timestamp(at + 10)}, ${p(11)})`,
    );
    params.push(
      randomUUID(),
      item.shopId,
      first.orderKey,
      item.customerId,
      first.surface,
      // A holdout order is counted under the funnel it would have seen.
      first.funnelId ?? first.counterfactualFunnelId ?? null,
      first.arm ?? null,
      `decided:${first.surface}:${first.orderKey}`,
      JSON.stringify({ outcome: first.outcome, ...(first.experiment ? { experimentKey: first.experiment.key } : {}) }),
      new Date(first.decidedAt),
      decisionId,
    );
  }
  return {
    sql: `INSERT INTO "OfferEvent"
       ("id", "shopId", "orderKey", "customerId", "surface", "kind", "funnelId", "arm", "idempotencyKey", "detail", "occurredAt")
     SELECT v.column1, v.column2, v.column3, v.column4, v.column5, 'decided', v.column6, v.column7, v.column8, v.column9, v.column10
     FROM (VALUES ${values.join(', ')}) AS v
     WHERE EXISTS (SELECT 1 FROM "OfferDecision" AS d WHERE d."id" = v.column11)
     ON CONFLICT ("shopId", "idempotencyKey") DO NOTHING`,
    params,
  };
}

function productIdsOf(detail: unknown): string[] {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return [];
  const ids = (detail as { productIds?: unknown }).productIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

function isSurface(surface: string): surface is Surface {
  return (SURFACES as readonly string[]).includes(surface);
}
