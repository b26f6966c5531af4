// The CatalogSnapshot rows: one per shop, the engine's CatalogInput as JSON plus a version that every rebuild
// increments (other instances compare versions to know their in-memory copy is old) and a stale mark set by
// product webhooks. Only rebuildCatalog talks to Shopify; everything else here is database only.
import type { Clock } from '../clock.js';
import { type Db, isUniqueViolation, type Prisma } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { CatalogInput } from '../offers/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { type CatalogLoadReport, type LoadCatalogOptions, loadCatalog } from './load.js';

/** A shop as the catalog needs it: the snapshot key (Shop.id) and the domain to call Shopify with. */
export interface ShopRef {
  id: string;
  domain: string;
}

export interface SnapshotMeta {
  shopId: string;
  version: number;
  products: number;
  builtAt: Date;
  /** When a product change made the snapshot out of date; null when it is current. */
  staleAt: Date | null;
}

export interface Snapshot extends SnapshotMeta {
  input: CatalogInput;
}

export interface RebuildDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  adminFor(shop: string): Promise<AdminClient>;
}

export type RebuildOptions = Omit<LoadCatalogOptions, 'now' | 'logger'>;

export type RebuildResult =
  | { outcome: 'built'; version: number; products: number; builtAt: Date; report: CatalogLoadReport }
  /** A rebuild that started later finished first; ours was older and was not written. */
  | { outcome: 'superseded'; products: number; builtAt: Date; report: CatalogLoadReport };

const META_SELECT = { shopId: true, version: true, products: true, builtAt: true, staleAt: true } as const;

export async function readSnapshotMeta(db: Db, shopId: string): Promise<SnapshotMeta | null> {
  return db.prisma.catalogSnapshot.findUnique({ where: { shopId }, select: META_SELECT });
}

/** The stored snapshot, or null when there is none or its data is not a CatalogInput (then it must be rebuilt). */
export async function readSnapshot(db: Db, shopId: string): Promise<Snapshot | null> {
  const row = await db.prisma.catalogSnapshot.findUnique({ where: { shopId }, select: { ...META_SELECT, data: true } });
  if (!row || !looksLikeCatalogInput(row.data)) return null;
  const { data, ...meta } = row;
  return { ...meta, input: data };
}

// A shallow check: the data is our own output, but a row written by an older release must not crash the engine.
function looksLikeCatalogInput(data: unknown): data is CatalogInput {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as { shopCurrency?: unknown; products?: unknown };
  return typeof candidate.shopCurrency === 'string' && Array.isArray(candidate.products);
}

/**
 * Loads the catalog from Shopify and stores it as the shop's snapshot with version + 1. The stale mark is cleared
 * only if no product changed after the load began (a change during the load keeps it stale for the next rebuild),
 * and a load that began before the stored snapshot's is dropped rather than written over a newer one.
 */
export async function rebuildCatalog(deps: RebuildDeps, shop: ShopRef, options: RebuildOptions = {}): Promise<RebuildResult> {
  const log = deps.logger.child({ component: 'catalog', shop: shop.domain });
  const startedAt = deps.clock.now();
  const started = Date.now();
  const admin = await deps.adminFor(shop.domain);
  const { input, report } = await loadCatalog(admin, { ...options, now: startedAt, logger: deps.logger });
  const written = await storeSnapshot(deps.db, shop.id, input, startedAt);
  const durationMs = Date.now() - started;
  const summary = {
    products: input.products.length,
    requests: report.requests,
    actualCost: report.actualCost,
    maxRequestedCost: report.maxRequestedCost,
    pacedMs: report.pacedMs,
    leftOut: report.problems.length,
    durationMs,
  };
  if (written === null) {
    log.info(summary, 'catalog rebuilt, but a newer snapshot was stored meanwhile; kept the newer one');
    return { outcome: 'superseded', products: input.products.length, builtAt: startedAt, report };
  }
  log.info({ ...summary, version: written.version, stillStale: written.staleAt !== null }, 'catalog rebuilt');
  return { outcome: 'built', version: written.version, products: input.products.length, builtAt: startedAt, report };
}

/** Writes the snapshot built from a load that began at `builtAt`; null when a newer one is already stored. */
export async function storeSnapshot(db: Db, shopId: string, input: CatalogInput, builtAt: Date): Promise<SnapshotMeta | null> {
  const snapshots = db.prisma.catalogSnapshot;
  const data = input as unknown as Prisma.InputJsonValue;
  const fields = { data, products: input.products.length, builtAt, version: { increment: 1 } };
  const notNewer = { shopId, builtAt: { lte: builtAt } };
  // Single-row updates with conditions, not updateMany: on SQLite, Prisma's updateMany from two connections at
  // once makes one of them time out, and several instances may write the same shop's snapshot.
  for (let attempt = 0; attempt < 3; attempt++) {
    const written =
      (await unlessMissing(
        snapshots.update({
          where: { ...notNewer, OR: [{ staleAt: null }, { staleAt: { lt: builtAt } }] },
          data: { ...fields, staleAt: null },
          select: META_SELECT,
        }),
      )) ?? (await unlessMissing(snapshots.update({ where: notNewer, data: fields, select: META_SELECT })));
    if (written) return written;
    const existing = await snapshots.findUnique({ where: { shopId }, select: { builtAt: true } });
    if (existing) {
      if (existing.builtAt.getTime() > builtAt.getTime()) return null;
      continue; // created by another instance between our update and this read: update it now
    }
    try {
      return await snapshots.create({ data: { shopId, version: 1, data, products: input.products.length, builtAt }, select: META_SELECT });
    } catch (error) {
      // Another instance created the first snapshot at the same moment: update theirs (or yield to it).
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`catalog snapshot of shop ${shopId} kept changing under concurrent writes; not stored`);
}

/**
 * Marks the snapshot out of date as of `at` (a product changed). Keeps the latest mark, so a rebuild that began
 * before this change cannot clear it. False when there is no snapshot or it was already marked later.
 */
export async function markCatalogStale(db: Db, shopId: string, at: Date): Promise<boolean> {
  const marked = await unlessMissing(
    db.prisma.catalogSnapshot.update({
      where: { shopId, OR: [{ staleAt: null }, { staleAt: { lt: at } }] },
      data: { staleAt: at },
      select: { shopId: true },
    }),
  );
  return marked !== null;
}

/** The result, or null when Prisma found no row matching the update's conditions (P2025). */
async function unlessMissing<T>(operation: Promise<T>): Promise<T | null> {
  try {
    return await operation;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'P2025') return null;
    throw error;
  }
}

export async function deleteSnapshot(db: Db, shopId: string): Promise<void> {
  await db.prisma.catalogSnapshot.deleteMany({ where: { shopId } });
}
