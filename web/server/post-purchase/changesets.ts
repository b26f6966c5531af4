// Signed changesets (PostPurchaseChangeset): one per purchase and step. Read and written with plain SQL on the
// driver (`db.sql`) for the sign endpoint's hot path (see ledger-fast-path.ts for why), inserts group-committed; the unique keys
// (shop + purchase + step, jti) decide races, so a second signature for a step is never stored. A retry after an
// unprocessed attempt replaces the row's jti and token in place (compare-and-swap on the old jti, never once
// applied), so the row always holds the one token that can still be applied.
import { randomUUID } from 'node:crypto';
import type { Db, SqlValue } from '../db/client.js';
import { dateColumn, jsonColumn, sqlDialect } from '../db/sql-dialect.js';
import { createBatcher } from './batcher.js';
import type { ChangesetChange } from './wire.js';

export interface ChangesetRecord {
  id: string;
  shopId: string;
  referenceId: string;
  stepId: string;
  /** "<variant gid>:<quantity>:<option id>" */
  choiceKey: string;
  jti: string;
  token: string;
  changes: ChangesetChange[];
  /** The line's total in the shop's currency, minor units. */
  amountMinor: number;
  currencyCode: string;
  appliedAt: Date | null;
  createdAt: Date;
}

export type NewChangeset = Omit<ChangesetRecord, 'id' | 'appliedAt' | 'createdAt'>;

export interface ChangesetStore {
  forPurchase(shopId: string, referenceId: string): Promise<ChangesetRecord[]>;
  /** 'conflict' when a changeset for that step (or that jti) was stored first. */
  insert(changeset: NewChangeset): Promise<'inserted' | 'conflict'>;
  /** Records when Shopify applied it (the first report wins). */
  markApplied(id: string, at: Date): Promise<void>;
  /**
   * Replaces the token of a changeset that was not applied, if its jti is still `previousJti`: false when another
   * retry replaced it first or it was applied meanwhile.
   */
  replaceToken(id: string, previousJti: string, next: { jti: string; token: string }): Promise<boolean>;
}

export const MAX_CHANGESETS_PER_BATCH = 64;

export function createChangesetStore(db: Db): ChangesetStore {
  const sql = sqlDialect(db);
  const columns =
    '"id", "shopId", "referenceId", "stepId", "choiceKey", "jti", "token", ' +
    '"changes", "amountMinor", "currencyCode", "appliedAt", "createdAt"';

  const insert = createBatcher<NewChangeset, 'inserted' | 'conflict'>(
    async (items) => {
      const values: string[] = [];
      const params: SqlValue[] = [];
      const now = new Date();
      for (const item of items) {
        const at = params.length;
        const p = (offset: number) => sql.p(at + offset);
        values.push(
          `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${sql.json(at + 8)}, ${p(9)}, ${p(10)}, NULL, ${p(11)})`,
        );
        params.push(
          randomUUID(),
          item.shopId,
          item.referenceId,
          item.stepId,
          item.choiceKey,
          item.jti,
          item.token,
          JSON.stringify(item.changes),
          item.amountMinor,
          item.currencyCode,
          now,
        );
      }
      const inserted = await db.sql.query<{ jti: string }>(
        `INSERT INTO "PostPurchaseChangeset" (${columns}) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING "jti"`,
        params,
      );
      const stored = new Set(inserted.map((row) => row.jti));
      return items.map((item) => (stored.has(item.jti) ? 'inserted' : 'conflict'));
    },
    { maxBatch: MAX_CHANGESETS_PER_BATCH, maxInFlight: 2 },
  );

  return {
    async forPurchase(shopId, referenceId) {
      const rows = await db.sql.query(
        `SELECT ${columns} FROM "PostPurchaseChangeset" WHERE "shopId" = ${sql.p(1)} AND "referenceId" = ${sql.p(2)}`,
        [shopId, referenceId],
      );
      return rows.map(toRecord);
    },
    insert,
    async markApplied(id, at) {
      await db.sql.execute(
        `UPDATE "PostPurchaseChangeset" SET "appliedAt" = ${sql.p(1)} WHERE "id" = ${sql.p(2)} AND "appliedAt" IS NULL`,
        [at, id],
      );
    },
    async replaceToken(id, previousJti, next) {
      const changed = await db.sql.execute(
        `UPDATE "PostPurchaseChangeset" SET "jti" = ${sql.p(1)}, "token" = ${sql.p(2)}
         WHERE "id" = ${sql.p(3)} AND "jti" = ${sql.p(4)} AND "appliedAt" IS NULL`,
        [next.jti, next.token, id, previousJti],
      );
      return changed === 1;
    },
  };
}

function toRecord(row: Record<string, unknown>): ChangesetRecord {
  return {
    id: String(row.id),
    shopId: String(row.shopId),
    referenceId: String(row.referenceId),
    stepId: String(row.stepId),
    choiceKey: String(row.choiceKey),
    jti: String(row.jti),
    token: String(row.token),
    changes: jsonColumn(row.changes) as ChangesetChange[],
    amountMinor: Number(row.amountMinor),
    currencyCode: String(row.currencyCode),
    appliedAt: row.appliedAt === null || row.appliedAt === undefined ? null : dateColumn(row.appliedAt),
    createdAt: dateColumn(row.createdAt),
  };
}
