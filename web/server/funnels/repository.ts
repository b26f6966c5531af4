// Funnel and library-offer rows of one shop. Every query names the shop, so one shop can never read or change
// another's rows; deleted rows (deletedAt set) are invisible. Each write bumps `version`, which serves both
// optimistic concurrency (a write names the version it edited) and the active-funnels cache (see fingerprint).
import type { Db, Prisma } from '../db/client.js';
import { AppError, NotFoundError } from '../errors.js';
import type { Surface } from '../offers/index.js';
import { type FunnelDocument, FunnelDocumentSchema, type LibraryOfferDefinition, LibraryOfferDefinitionSchema } from './documents.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
/** `version` is an Int column: PostgreSQL refuses anything past 32 bits, even in a WHERE. */
export const MAX_VERSION = 2_147_483_647;

export interface FunnelRow {
  id: string;
  shopId: string;
  version: number;
  name: string;
  surface: Surface;
  enabled: boolean;
  priority: number;
  experimentKey: string | null;
  document: FunnelDocument;
  createdAt: Date;
  updatedAt: Date;
}

export interface OfferRow {
  id: string;
  shopId: string;
  version: number;
  name: string;
  enabled: boolean;
  definition: LibraryOfferDefinition;
  createdAt: Date;
  updatedAt: Date;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface FunnelFilter extends PageRequest {
  surface?: Surface;
  enabled?: boolean;
}

export interface OfferFilter extends PageRequest {
  enabled?: boolean;
}

/** The stored version differs from the one the client edited. Carries the current one so the UI can reload. */
export class VersionConflictError extends AppError {
  override name = 'VersionConflictError';
  constructor(what: string, currentVersion: number) {
    super(
      409,
      'version_conflict',
      `${what} was changed by someone else since you loaded it (now version ${currentVersion}). Reload it and apply your changes again.`,
      {
        currentVersion,
      },
    );
  }
}

type FunnelModel = Awaited<ReturnType<Db['prisma']['funnel']['findFirstOrThrow']>>;
type OfferModel = Awaited<ReturnType<Db['prisma']['offer']['findFirstOrThrow']>>;

function toFunnelRow(row: FunnelModel): FunnelRow {
  // Stored documents were validated on the way in; parsing again fills defaults added since and catches corruption.
  const document = FunnelDocumentSchema.parse(row.definition);
  return {
    id: row.id,
    shopId: row.shopId,
    version: row.version,
    // The columns win over the document: enable/disable only writes the column.
    name: row.name,
    surface: row.surface as Surface,
    enabled: row.enabled,
    priority: row.priority,
    experimentKey: row.experimentKey,
    document: { ...document, name: row.name, surface: row.surface as Surface, enabled: row.enabled, priority: row.priority },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toOfferRow(row: OfferModel): OfferRow {
  return {
    id: row.id,
    shopId: row.shopId,
    version: row.version,
    name: row.name,
    enabled: row.enabled,
    definition: LibraryOfferDefinitionSchema.parse(row.definition),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function funnelColumns(document: FunnelDocument) {
  return {
    name: document.name,
    surface: document.surface,
    enabled: document.enabled,
    priority: document.priority,
    experimentKey: document.experiment?.key ?? null,
    definition: document as unknown as Prisma.InputJsonValue,
  };
}

function pageSize(limit: number | undefined): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit ?? DEFAULT_PAGE_SIZE)));
}

function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

export interface FunnelRepository {
  find(shopId: string, id: string): Promise<FunnelRow | null>;
  list(shopId: string, filter?: FunnelFilter): Promise<Page<FunnelRow>>;
  /** Every live funnel of the shop (funnel counts per shop are small), optionally of one surface. */
  all(shopId: string, surface?: Surface): Promise<FunnelRow[]>;
  insert(shopId: string, document: FunnelDocument): Promise<FunnelRow>;
  /** Replaces the document; `expectedVersion` must match. */
  replace(shopId: string, id: string, expectedVersion: number, document: FunnelDocument): Promise<FunnelRow>;
  setEnabled(shopId: string, id: string, enabled: boolean, expectedVersion?: number): Promise<FunnelRow>;
  softDelete(shopId: string, id: string, at: Date, expectedVersion?: number): Promise<void>;
}

export interface OfferRepository {
  find(shopId: string, id: string): Promise<OfferRow | null>;
  list(shopId: string, filter?: OfferFilter): Promise<Page<OfferRow>>;
  all(shopId: string): Promise<OfferRow[]>;
  insert(shopId: string, offer: { name: string; enabled: boolean; definition: LibraryOfferDefinition }): Promise<OfferRow>;
  replace(
    shopId: string,
    id: string,
    expectedVersion: number,
    offer: { name: string; enabled: boolean; definition: LibraryOfferDefinition },
  ): Promise<OfferRow>;
  setEnabled(shopId: string, id: string, enabled: boolean, expectedVersion?: number): Promise<OfferRow>;
  softDelete(shopId: string, id: string, at: Date, expectedVersion?: number): Promise<void>;
}

export function createFunnelRepository(db: Db): FunnelRepository {
  const funnels = db.prisma.funnel;
  const live = (shopId: string, id: string) => ({ id, shopId, deletedAt: null });

  const find = async (shopId: string, id: string) => {
    const row = await funnels.findFirst({ where: live(shopId, id) });
    return row ? toFunnelRow(row) : null;
  };

  /** An update guarded by version; a miss is either "gone" (404) or "changed meanwhile" (409). */
  const guardedUpdate = async (
    shopId: string,
    id: string,
    expectedVersion: number | undefined,
    data: Prisma.FunnelUpdateManyMutationInput,
  ) => {
    const { count } = await funnels.updateMany({
      where: { ...live(shopId, id), ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) },
      data: { ...data, version: { increment: 1 } },
    });
    if (count === 1) return;
    const current = await funnels.findFirst({ where: live(shopId, id), select: { version: true } });
    if (!current) throw new NotFoundError(`No funnel ${id} in this shop.`);
    throw new VersionConflictError('This funnel', current.version);
  };

  return {
    find,
    async list(shopId, filter = {}) {
      const limit = pageSize(filter.limit);
      const rows = await funnels.findMany({
        where: {
          shopId,
          deletedAt: null,
          ...(filter.surface !== undefined ? { surface: filter.surface } : {}),
          ...(filter.enabled !== undefined ? { enabled: filter.enabled } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        ...(filter.cursor !== undefined ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
      });
      return toPage(rows.map(toFunnelRow), limit);
    },
    async all(shopId, surface) {
      const rows = await funnels.findMany({
        where: { shopId, deletedAt: null, ...(surface !== undefined ? { surface } : {}) },
        orderBy: { id: 'asc' },
      });
      return rows.map(toFunnelRow);
    },
    async insert(shopId, document) {
      return toFunnelRow(await funnels.create({ data: { shopId, ...funnelColumns(document) } }));
    },
    async replace(shopId, id, expectedVersion, document) {
      await guardedUpdate(shopId, id, expectedVersion, funnelColumns(document));
      return (await find(shopId, id)) ?? notFound('funnel', id);
    },
    async setEnabled(shopId, id, enabled, expectedVersion) {
      await guardedUpdate(shopId, id, expectedVersion, { enabled });
      return (await find(shopId, id)) ?? notFound('funnel', id);
    },
    async softDelete(shopId, id, at, expectedVersion) {
      await guardedUpdate(shopId, id, expectedVersion, { deletedAt: at });
    },
  };
}

export function createOfferRepository(db: Db): OfferRepository {
  const offers = db.prisma.offer;
  const live = (shopId: string, id: string) => ({ id, shopId, deletedAt: null });

  const find = async (shopId: string, id: string) => {
    const row = await offers.findFirst({ where: live(shopId, id) });
    return row ? toOfferRow(row) : null;
  };

  const guardedUpdate = async (
    shopId: string,
    id: string,
    expectedVersion: number | undefined,
    data: Prisma.OfferUpdateManyMutationInput,
  ) => {
    const { count } = await offers.updateMany({
      where: { ...live(shopId, id), ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) },
      data: { ...data, version: { increment: 1 } },
    });
    if (count === 1) return;
    const current = await offers.findFirst({ where: live(shopId, id), select: { version: true } });
    if (!current) throw new NotFoundError(`No library offer ${id} in this shop.`);
    throw new VersionConflictError('This offer', current.version);
  };

  const columns = (offer: { name: string; enabled: boolean; definition: LibraryOfferDefinition }) => ({
    name: offer.name,
    enabled: offer.enabled,
    definition: offer.definition as unknown as Prisma.InputJsonValue,
  });

  return {
    find,
    async list(shopId, filter = {}) {
      const limit = pageSize(filter.limit);
      const rows = await offers.findMany({
        where: { shopId, deletedAt: null, ...(filter.enabled !== undefined ? { enabled: filter.enabled } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        ...(filter.cursor !== undefined ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
      });
      return toPage(rows.map(toOfferRow), limit);
    },
    async all(shopId) {
      const rows = await offers.findMany({ where: { shopId, deletedAt: null }, orderBy: { id: 'asc' } });
      return rows.map(toOfferRow);
    },
    async insert(shopId, offer) {
      return toOfferRow(await offers.create({ data: { shopId, ...columns(offer) } }));
    },
    async replace(shopId, id, expectedVersion, offer) {
      await guardedUpdate(shopId, id, expectedVersion, columns(offer));
      return (await find(shopId, id)) ?? notFound('library offer', id);
    },
    async setEnabled(shopId, id, enabled, expectedVersion) {
      await guardedUpdate(shopId, id, expectedVersion, { enabled });
      return (await find(shopId, id)) ?? notFound('library offer', id);
    },
    async softDelete(shopId, id, at, expectedVersion) {
      await guardedUpdate(shopId, id, expectedVersion, { deletedAt: at });
    },
  };
}

function notFound(what: string, id: string): never {
  throw new NotFoundError(`No ${what} ${id} in this shop.`);
}

/**
 * A value that changes whenever any funnel or library offer of the shop is created, changed or deleted: row
 * counts, version sums (every write bumps a version) and the latest updatedAt. One indexed aggregate per table.
 */
export async function shopDefinitionsFingerprint(db: Db, shopId: string): Promise<string> {
  const [funnels, offers] = await Promise.all([
    db.prisma.funnel.aggregate({ where: { shopId }, _count: { _all: true }, _sum: { version: true }, _max: { updatedAt: true } }),
    db.prisma.offer.aggregate({ where: { shopId }, _count: { _all: true }, _sum: { version: true }, _max: { updatedAt: true } }),
  ]);
  const part = (a: typeof funnels) => `${a._count._all}.${a._sum.version ?? 0}.${a._max.updatedAt?.getTime() ?? 0}`;
  return `${part(funnels)}|${part(offers)}`;
}
