// Moving queued jobs later without running them: a capability that learns its due jobs must wait (for a shop's
// Admin API budget, say) gives each its own later runAt in a few statements, instead of letting every one be
// claimed, run and rescheduled just to learn it has to wait.
import type { Db, SqlValue } from '../db/client.js';
import { sqlDialect } from '../db/sql-dialect.js';
import { decodeSqlRow } from './records.js';
import type { JobPayload } from './types.js';

export interface DueJob {
  id: string;
  payload: JobPayload;
}

/** Queued jobs named `name` for `shopDomain` that are due at `now`, oldest first (at most `limit`). */
export async function dueQueuedJobs(db: Db, query: { name: string; shopDomain: string; now: Date; limit: number }): Promise<DueJob[]> {
  const { p, timestamp, integer } = sqlDialect(db);
  const rows = await db.sql.query(
    `SELECT "id", "payload" FROM "Job"
     WHERE "status" = 'queued' AND "name" = ${p(1)} AND "shopDomain" = ${p(2)} AND "runAt" <= ${timestamp(3)}
     ORDER BY "runAt" ASC, "id" ASC
     LIMIT ${integer(4)}`,
    [query.name, query.shopDomain, query.now, query.limit],
  );
  return rows.map((row) => {
    const decoded = decodeSqlRow(db, row);
    return { id: String(decoded.id), payload: decoded.payload as JobPayload };
  });
}

/** Jobs per UPDATE (3 parameters each, well under both databases' limits). */
const MOVES_PER_STATEMENT = 500;

/**
 * Gives each job its runAt; only jobs still queued move (one claimed meanwhile runs now, as it would have).
 * Resolves with how many moved. Each statement is its own transaction: a crash between two leaves the rest due,
 * which is only the old behaviour for them.
 */
export async function deferQueuedJobs(db: Db, moves: ReadonlyArray<{ id: string; runAt: Date }>, now: Date): Promise<number> {
  const { p, timestamp } = sqlDialect(db);
  let moved = 0;
  for (let i = 0; i < moves.length; i += MOVES_PER_STATEMENT) {
    const chunk = moves.slice(i, i + MOVES_PER_STATEMENT);
    const params: SqlValue[] = [now];
    const cases = chunk.map((move) => {
      params.push(move.id, move.runAt);
      return `WHEN ${p(params.length - 1)} THEN ${timestamp(params.length)}`;
    });
    const ids = chunk.map((_, j) => p(3 + 2 * j - 1));
    moved += await db.sql.execute(
      `UPDATE "Job" SET "runAt" = CASE "id" ${cases.join(' ')} END, "updatedAt" = ${timestamp(1)}
       WHERE "status" = 'queued' AND "id" IN (${ids.join(', ')})`,
      params,
    );
  }
  return moved;
}
