// The per-process catalog cache the hot paths read. It never calls Shopify: it serves the engine Catalog built
// from the shop's CatalogSnapshot, built once per snapshot version. At most every `versionCheckMs` it re-reads
// the snapshot's version (a primary-key read) in the background, so a rebuild by another instance is picked up
// without any request waiting for it. A snapshot that is too old or stale for too long is still served while a
// rebuild job is requested (stale-while-revalidate); only a shop's very first request waits for the database.
import { BoundedCache } from '../bounded-cache.js';
import { type Clock, systemClock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/queue.js';
import { createLogger, type Logger } from '../logger.js';
import { buildCatalog, type Catalog, type CatalogInput } from '../offers/index.js';
import { installedShop } from '../shops/index.js';
import { CATALOG_REBUILD_JOB, requestCatalogRebuild } from './rebuild-jobs.js';
import { type CatalogSettings, catalogSettings } from './settings.js';
import { readSnapshot, readSnapshotMeta, type Snapshot } from './snapshots.js';

export interface CachedCatalog {
  catalog: Catalog;
  version: number;
  products: number;
  builtAt: Date;
  staleAt: Date | null;
}

export interface CatalogCacheDeps {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue' | 'list'>;
  clock?: Clock;
  logger?: Logger;
}

export interface CatalogCacheOptions
  extends Partial<Pick<CatalogSettings, 'ttlMs' | 'versionCheckMs' | 'staleGraceMs' | 'changeDebounceMs'>> {
  /** Shops kept in memory; the least recently read is dropped first. */
  maxShops?: number;
}

export const DEFAULT_MAX_CACHED_SHOPS = 500;

interface Entry {
  shopId: string;
  /** null: the shop has no usable snapshot (yet). */
  current: CachedCatalog | null;
  checkedAtMs: number;
  refreshing: Promise<void> | null;
  /** TTL bucket in which this process last asked for a refresh, so it asks once per bucket, not per request. */
  refreshRequestedBucket: number | null;
}

export class CatalogCache {
  private readonly db: Db;
  private readonly jobs: Pick<JobQueue, 'enqueue' | 'list'>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly settings: CatalogSettings;
  /** The least recently read shop is dropped first. */
  private readonly entries: BoundedCache<string, Entry>;
  private readonly coldLoads = new Map<string, Promise<Entry>>();
  private readonly background = new Set<Promise<unknown>>();

  constructor(deps: CatalogCacheDeps, options: CatalogCacheOptions = {}) {
    this.db = deps.db;
    this.jobs = deps.jobs;
    this.clock = deps.clock ?? systemClock;
    this.logger = (deps.logger ?? createLogger()).child({ component: 'catalog-cache' });
    const { maxShops, ...timings } = options;
    this.settings = catalogSettings(timings);
    const shops = maxShops ?? DEFAULT_MAX_CACHED_SHOPS;
    if (!(Number.isInteger(shops) && shops >= 1)) throw new RangeError('CatalogCache: maxShops must be an integer >= 1');
    this.entries = new BoundedCache({ maxEntries: shops });
  }

  /** The engine Catalog of a shop (Shop.id), or null when it has no snapshot yet (a build is then requested). */
  async get(shopId: string): Promise<Catalog | null> {
    return (await this.lookup(shopId))?.catalog ?? null;
  }

  /** The catalog with its snapshot facts (version, build time, stale mark), for diagnostics and admin pages. */
  async lookup(shopId: string): Promise<CachedCatalog | null> {
    const now = this.clock.now().getTime();
    let entry = this.entries.get(shopId);
    if (!entry) {
      entry = await this.loadCold(shopId);
    } else {
      if (now - entry.checkedAtMs >= this.settings.versionCheckMs) {
        const refresh = entry.refreshing ?? this.startRefresh(entry);
        // With nothing to serve there is nothing to gain by not waiting.
        if (entry.current === null) await refresh;
      }
    }
    this.requestRebuildIfDue(entry, now);
    return entry.current;
  }

  /** Puts a catalog in memory as if read from the database (tests, previews). */
  prime(shopId: string, input: CatalogInput, meta: { version?: number; builtAt?: Date; staleAt?: Date | null } = {}): CachedCatalog {
    const now = this.clock.now();
    const current: CachedCatalog = {
      catalog: buildCatalog(input),
      version: meta.version ?? 0,
      products: input.products.length,
      builtAt: meta.builtAt ?? now,
      staleAt: meta.staleAt ?? null,
    };
    this.store({ shopId, current, checkedAtMs: now.getTime(), refreshing: null, refreshRequestedBucket: null });
    return current;
  }

  /** Forgets one shop (or every shop): the next read goes to the database. */
  invalidate(shopId?: string): void {
    if (shopId === undefined) this.entries.clear();
    else this.entries.delete(shopId);
  }

  /** Shops held in memory now. */
  get size(): number {
    return this.entries.size;
  }

  /** Resolves once background version checks and rebuild requests have finished (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  // -------------------------------------------------------------------------------------------------------------

  private loadCold(shopId: string): Promise<Entry> {
    let pending = this.coldLoads.get(shopId);
    if (!pending) {
      pending = (async () => {
        const checkedAtMs = this.clock.now().getTime();
        const current = this.toCached(shopId, await readSnapshot(this.db, shopId));
        const entry: Entry = { shopId, current, checkedAtMs, refreshing: null, refreshRequestedBucket: null };
        this.store(entry);
        return entry;
      })().finally(() => this.coldLoads.delete(shopId));
      this.coldLoads.set(shopId, pending);
    }
    return pending;
  }

  private startRefresh(entry: Entry): Promise<void> {
    const refresh = this.refresh(entry).finally(() => {
      entry.refreshing = null;
    });
    entry.refreshing = refresh;
    this.track(refresh);
    return refresh;
  }

  private async refresh(entry: Entry): Promise<void> {
    const checkedAtMs = this.clock.now().getTime();
    try {
      const meta = await readSnapshotMeta(this.db, entry.shopId);
      if (meta && entry.current && meta.version === entry.current.version) {
        entry.current = { ...entry.current, products: meta.products, builtAt: meta.builtAt, staleAt: meta.staleAt };
      } else if (!meta) {
        entry.current = null;
      } else {
        const previous = entry.current?.version;
        entry.current = this.toCached(entry.shopId, await readSnapshot(this.db, entry.shopId));
        this.logger.info(
          { shopId: entry.shopId, from: previous ?? null, to: entry.current?.version ?? null },
          'catalog version changed; rebuilt in memory',
        );
      }
    } catch (error) {
      // Keep serving what we have; the next check is one interval away.
      this.logger.warn({ shopId: entry.shopId, err: error }, 'catalog version check failed');
    }
    entry.checkedAtMs = checkedAtMs;
  }

  private toCached(shopId: string, snapshot: Snapshot | null): CachedCatalog | null {
    if (!snapshot) return null;
    try {
      return {
        catalog: buildCatalog(snapshot.input),
        version: snapshot.version,
        products: snapshot.products,
        builtAt: snapshot.builtAt,
        staleAt: snapshot.staleAt,
      };
    } catch (error) {
      // A snapshot the engine cannot index is as good as none: serve nothing and have it rebuilt.
      this.logger.error({ shopId, version: snapshot.version, err: error }, 'catalog snapshot could not be indexed');
      return null;
    }
  }

  private requestRebuildIfDue(entry: Entry, nowMs: number): void {
    const current = entry.current;
    let why: 'missing' | 'expired' | 'stale' | null = null;
    if (!current) why = 'missing';
    else if (nowMs - current.builtAt.getTime() >= this.settings.ttlMs) why = 'expired';
    else if (current.staleAt && nowMs - current.staleAt.getTime() >= this.settings.staleGraceMs) why = 'stale';
    if (!why) return;
    const bucket = Math.floor(nowMs / this.settings.ttlMs);
    if (entry.refreshRequestedBucket === bucket) return;
    entry.refreshRequestedBucket = bucket;
    this.track(
      this.requestRefresh(entry.shopId, why).catch((error: unknown) => {
        entry.refreshRequestedBucket = null;
        this.logger.warn({ shopId: entry.shopId, why, err: error }, 'catalog refresh could not be requested; will ask again');
      }),
    );
  }

  private async requestRefresh(shopId: string, why: string): Promise<void> {
    const shop = await installedShop(this.db, { id: shopId });
    if (!shop) return;
    // A rebuild already waiting (a debounced webhook one, the install one, a retry) will do.
    const pending = await this.jobs.list({ name: CATALOG_REBUILD_JOB, shopDomain: shop.domain, status: ['queued', 'running'], limit: 1 });
    if (pending.jobs.length > 0) return;
    const { job, created } = await requestCatalogRebuild({ jobs: this.jobs, clock: this.clock }, shop.domain, 'refresh', this.settings);
    if (created) this.logger.info({ shopId, shop: shop.domain, why, jobId: job.id }, 'catalog refresh requested');
  }

  private store(entry: Entry): void {
    this.entries.set(entry.shopId, entry);
  }

  private track(promise: Promise<unknown>): void {
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise)).catch(() => undefined);
  }
}
