// The renewal hot path's reads and writes as plain statements on the driver (`db.sql`), not Prisma's model API:
// a renewal and its outcome run once per contract and cycle, thousands at the same minute, and Prisma's per-query
// CPU (its query compiler and client, 0.7-1 ms a query on the benchmark machine) was most of their cost. Rows come
// back as the Prisma types the rest of the module uses (ContractRecord, AttemptRecord), decoded the same way on
// SQLite (dates and JSON as text) and PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { Db, SqlRow, SqlStatement, SqlValue } from '../db/client.js';
import { rowReader } from '../db/row-reader.js';
import { jsonColumn, sqlDialect } from '../db/sql-dialect.js';
import type { AttemptRecord, ContractRecord } from './scheduling.js';
import { DEFAULT_SUBSCRIPTION_SETTINGS } from './settings.js';

type Row = SqlRow;

const { text, optionalText, integer, optionalInteger, date, optionalDate } = rowReader('subscription');

/** A SubscriptionContract row read with `db.sql`, as Prisma would return it. */
export function contractFromRow(row: Row): ContractRecord {
  return {
    id: text(row, 'id'),
    shopId: text(row, 'shopId'),
    shopifyId: text(row, 'shopifyId'),
    customerId: optionalText(row, 'customerId'),
    customerEmail: optionalText(row, 'customerEmail'),
    customerLocale: optionalText(row, 'customerLocale'),
    status: text(row, 'status'),
    currencyCode: text(row, 'currencyCode'),
    billingInterval: text(row, 'billingInterval'),
    billingCount: integer(row, 'billingCount'),
    deliveryInterval: optionalText(row, 'deliveryInterval'),
    deliveryCount: optionalInteger(row, 'deliveryCount'),
    deliveryPriceMinor: integer(row, 'deliveryPriceMinor'),
    paymentMethodId: optionalText(row, 'paymentMethodId'),
    nextBillingDate: optionalDate(row, 'nextBillingDate'),
    originOrderId: optionalText(row, 'originOrderId'),
    lines: jsonColumn(row.lines) as ContractRecord['lines'],
    lastPaymentStatus: optionalText(row, 'lastPaymentStatus'),
    currentCycle: integer(row, 'currentCycle'),
    failedAttempts: integer(row, 'failedAttempts'),
    dunningState: text(row, 'dunningState'),
    nextRetryAt: optionalDate(row, 'nextRetryAt'),
    lastErrorCode: optionalText(row, 'lastErrorCode'),
    lastBilledAt: optionalDate(row, 'lastBilledAt'),
    origin: text(row, 'origin'),
    shopifyUpdatedAt: optionalDate(row, 'shopifyUpdatedAt'),
    createdAt: date(row, 'createdAt'),
    updatedAt: date(row, 'updatedAt'),
  };
}

/** A BillingAttempt row read with `db.sql`, as Prisma would return it. */
export function attemptFromRow(row: Row): AttemptRecord {
  return {
    id: text(row, 'id'),
    shopId: text(row, 'shopId'),
    contractId: text(row, 'contractId'),
    cycleIndex: integer(row, 'cycleIndex'),
    attemptNumber: integer(row, 'attemptNumber'),
    idempotencyKey: text(row, 'idempotencyKey'),
    status: text(row, 'status'),
    shopifyAttemptId: optionalText(row, 'shopifyAttemptId'),
    orderId: optionalText(row, 'orderId'),
    errorCode: optionalText(row, 'errorCode'),
    errorMessage: optionalText(row, 'errorMessage'),
    nextActionUrl: optionalText(row, 'nextActionUrl'),
    amountMinor: optionalInteger(row, 'amountMinor'),
    dunningAction: optionalText(row, 'dunningAction'),
    scheduledFor: optionalDate(row, 'scheduledFor'),
    completedAt: optionalDate(row, 'completedAt'),
    createdAt: date(row, 'createdAt'),
    updatedAt: date(row, 'updatedAt'),
  };
}

/** The contract with what a renewal needs to know about its shop, read in one statement. */
export interface ContractInShop {
  contract: ContractRecord;
  /** `installed` as shops/lookup.ts decides it (installState 'installed'). */
  shop: { id: string; domain: string; currencyCode: string; installed: boolean };
  /** The shop's reminder setting (SubscriptionSettings, or the default when it saved none). */
  reminderDays: number;
}

/**
 * One SELECT for the contract, its shop and the shop's reminder setting: what installedShop, the contract's
 * findUnique and readSubscriptionSettings read in three queries.
 */
export async function readContractInShop(db: Db, contractId: string): Promise<ContractInShop | null> {
  const { p } = sqlDialect(db);
  const rows = await db.sql.query(
    `SELECT "c".*, "s"."domain" AS "shop_domain", "s"."currencyCode" AS "shop_currencyCode", "s"."installState" AS "shop_installState",
       "ss"."reminderDays" AS "settings_reminderDays"
     FROM "SubscriptionContract" AS "c"
     JOIN "Shop" AS "s" ON "s"."id" = "c"."shopId"
     LEFT JOIN "SubscriptionSettings" AS "ss" ON "ss"."shopId" = "c"."shopId"
     WHERE "c"."id" = ${p(1)}`,
    [contractId],
  );
  const row = rows[0];
  if (!row) return null;
  const contract = contractFromRow(row);
  return {
    contract,
    shop: {
      id: contract.shopId,
      domain: text(row, 'shop_domain'),
      currencyCode: text(row, 'shop_currencyCode'),
      installed: row.shop_installState === 'installed',
    },
    reminderDays: optionalInteger(row, 'settings_reminderDays') ?? DEFAULT_SUBSCRIPTION_SETTINGS.reminderDays,
  };
}

export interface NewAttempt {
  shopId: string;
  contractId: string;
  cycleIndex: number;
  attemptNumber: number;
  idempotencyKey: string;
  amountMinor: number;
  scheduledFor: Date;
}

/**
 * The attempt's row, inserted unless it exists (unique per contract/cycle/attempt and per key: another worker or
 * instance may have written it first, and then theirs is the attempt), and read back, in one transaction.
 */
export async function ensureAttemptRow(db: Db, attempt: NewAttempt, now: Date): Promise<AttemptRecord> {
  const { p, timestamp, integer: int } = sqlDialect(db);
  const insert: SqlStatement = {
    sql: `INSERT INTO "BillingAttempt"
      ("id", "shopId", "contractId", "cycleIndex", "attemptNumber", "idempotencyKey", "status", "amountMinor", "scheduledFor",
        "createdAt", "updatedAt")
      VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${int(4)}, ${int(5)}, ${p(6)}, 'pending', ${int(7)}, ${timestamp(8)},
        ${timestamp(9)}, ${timestamp(9)})
      ON CONFLICT DO NOTHING`,
    params: [
      randomUUID(),
      attempt.shopId,
      attempt.contractId,
      attempt.cycleIndex,
      attempt.attemptNumber,
      attempt.idempotencyKey,
      attempt.amountMinor,
      attempt.scheduledFor,
      now,
    ],
  };
  const select: SqlStatement = {
    sql: `SELECT * FROM "BillingAttempt" WHERE "contractId" = ${p(1)} AND "cycleIndex" = ${int(2)} AND "attemptNumber" = ${int(3)}`,
    params: [attempt.contractId, attempt.cycleIndex, attempt.attemptNumber],
  };
  const [, rows = []] = await db.sql.batch([insert, select]);
  const row = rows[0];
  if (!row) throw new Error(`billing attempt ${attempt.idempotencyKey} was neither inserted nor found`);
  return attemptFromRow(row);
}

/** Shopify accepted the attempt: pending becomes submitted, and the attempt's Shopify id is kept (first one wins). */
export function submittedStatement(db: Db, attemptId: string, shopifyAttemptId: string, now: Date): SqlStatement {
  const { p, timestamp } = sqlDialect(db);
  return {
    sql: `UPDATE "BillingAttempt"
      SET "status" = CASE WHEN "status" = 'pending' THEN 'submitted' ELSE "status" END,
        "shopifyAttemptId" = COALESCE("shopifyAttemptId", ${p(1)}), "updatedAt" = ${timestamp(2)}
      WHERE "id" = ${p(3)} AND ("status" = 'pending' OR "shopifyAttemptId" IS NULL)`,
    params: [shopifyAttemptId, now, attemptId],
  };
}

/** The columns an outcome sets on its attempt. */
export interface OutcomeColumns {
  status: string;
  shopifyAttemptId?: string;
  orderId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  nextActionUrl?: string | null;
  completedAt?: Date;
}

/**
 * Applies an outcome to the shop's attempt named by its key or Shopify id, only from one of the `from` statuses:
 * the attempt as updated, or null when no attempt changed (unknown, or settled already).
 */
export async function settleAttemptRow(
  db: Db,
  shopId: string,
  ref: { idempotencyKey?: string | null; shopifyAttemptId?: string | null },
  from: readonly string[],
  columns: OutcomeColumns,
  now: Date,
): Promise<AttemptRecord | null> {
  const { p, timestamp } = sqlDialect(db);
  const params: SqlValue[] = [];
  const param = (value: SqlValue) => {
    params.push(value);
    return p(params.length);
  };
  const assignments: string[] = [];
  for (const [column, value] of Object.entries(columns) as Array<[keyof OutcomeColumns, SqlValue | undefined]>) {
    if (value === undefined) continue;
    if (value instanceof Date) {
      params.push(value);
      assignments.push(`"${column}" = ${timestamp(params.length)}`);
    } else assignments.push(`"${column}" = ${param(value)}`);
  }
  params.push(now);
  assignments.push(`"updatedAt" = ${timestamp(params.length)}`);
  const target = attemptIdQuery(shopId, ref, param);
  if (!target) return null;
  const statuses = from.map((status) => param(status)).join(', ');
  const rows = await db.sql.query(
    `UPDATE "BillingAttempt" SET ${assignments.join(', ')}
     WHERE "id" = ${target} AND "status" IN (${statuses})
     RETURNING *`,
    params,
  );
  return rows[0] ? attemptFromRow(rows[0]) : null;
}

/**
 * The id of the shop's attempt with this key, else with this Shopify id, as a scalar subquery: each lookup on its
 * own unique or indexed columns (an OR of the two would scan every attempt of the shop).
 */
function attemptIdQuery(
  shopId: string,
  ref: { idempotencyKey?: string | null; shopifyAttemptId?: string | null },
  param: (value: SqlValue) => string,
): string | null {
  const lookups: string[] = [];
  if (ref.idempotencyKey) {
    lookups.push(
      `(SELECT "id" FROM "BillingAttempt" WHERE "shopId" = ${param(shopId)} AND "idempotencyKey" = ${param(ref.idempotencyKey)})`,
    );
  }
  if (ref.shopifyAttemptId) {
    lookups.push(
      `(SELECT "id" FROM "BillingAttempt"
        WHERE "shopId" = ${param(shopId)} AND "shopifyAttemptId" = ${param(ref.shopifyAttemptId)} LIMIT 1)`,
    );
  }
  if (lookups.length === 0) return null;
  return lookups.length === 1 ? (lookups[0] ?? null) : `COALESCE(${lookups.join(', ')})`;
}

/** Whether the shop has an attempt with this key or Shopify id. */
export async function attemptExists(
  db: Db,
  shopId: string,
  ref: { idempotencyKey?: string | null; shopifyAttemptId?: string | null },
): Promise<boolean> {
  const { p } = sqlDialect(db);
  const params: SqlValue[] = [];
  const target = attemptIdQuery(shopId, ref, (value) => {
    params.push(value);
    return p(params.length);
  });
  if (!target) return false;
  const rows = await db.sql.query(`SELECT ${target} AS "id"`, params);
  return rows[0]?.id !== null && rows[0]?.id !== undefined;
}

/**
 * A successful renewal moves the contract to its next cycle, only if it is still at the billed one: the contract
 * as updated, or null when the cycle had moved on already.
 */
export async function advanceContractRow(
  db: Db,
  contractId: string,
  billedCycle: number,
  nextBillingDate: Date,
  now: Date,
): Promise<ContractRecord | null> {
  const { p, timestamp, integer: int } = sqlDialect(db);
  const rows = await db.sql.query(
    `UPDATE "SubscriptionContract"
     SET "currentCycle" = ${int(1)}, "failedAttempts" = 0, "dunningState" = 'none', "nextRetryAt" = NULL,
       "lastErrorCode" = NULL, "lastPaymentStatus" = 'SUCCEEDED', "lastBilledAt" = ${timestamp(2)},
       "nextBillingDate" = ${timestamp(3)}, "updatedAt" = ${timestamp(2)}
     WHERE "id" = ${p(4)} AND "currentCycle" = ${int(5)}
     RETURNING *`,
    [billedCycle + 1, now, nextBillingDate, contractId, billedCycle],
  );
  return rows[0] ? contractFromRow(rows[0]) : null;
}
