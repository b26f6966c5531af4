// The merchant's funnels and library offers: create, read, list, update (optimistic concurrency), enable/disable,
// delete (soft). Every input goes through the engine's validator (see validation.ts); every change tells the
// active-funnels cache. Services return API-ready records; routes only parse and respond.
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import { AppError, type FieldProblem, NotFoundError, UnprocessableError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Catalog, Surface } from '../offers/index.js';
import type { SettingsStore } from '../settings/index.js';
import { type FunnelDocument, isOfferRefStep, type LibraryOfferDefinition, type LibraryOfferRef, referencedOfferIds } from './documents.js';
import {
  createFunnelRepository,
  createOfferRepository,
  type FunnelFilter,
  type FunnelRow,
  MAX_VERSION,
  type OfferFilter,
  type OfferRow,
} from './repository.js';
import { armKey, type Checked, checkFunnel, checkLibraryOffer, type ValidationEnv } from './validation.js';

/** The catalog port: the shop's current catalog, or null while none has been built. */
export type CatalogFor = (shopId: string) => Promise<Catalog | null>;

export type FunnelRecord = { id: string; version: number; createdAt: string; updatedAt: string } & FunnelDocument;

export interface FunnelSummary {
  id: string;
  version: number;
  name: string;
  surface: Surface;
  enabled: boolean;
  priority: number;
  experiment: FunnelDocument['experiment'];
  stepCount: number;
  /** Library offers the funnel's steps use. */
  offerRefs: string[];
  createdAt: string;
  updatedAt: string;
}

export type OfferRecord = {
  id: string;
  version: number;
  name: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
} & LibraryOfferDefinition;

export interface SaveResult<T> {
  record: T;
  warnings: FieldProblem[];
  notices: string[];
}

export interface DryRunResult {
  valid: boolean;
  problems: FieldProblem[];
  warnings: FieldProblem[];
  notices: string[];
}

export interface FunnelService {
  list(shopId: string, filter?: FunnelFilter): Promise<{ funnels: FunnelSummary[]; nextCursor: string | null }>;
  /** The funnel and what is worth knowing about its references (offers turned off or gone). */
  get(shopId: string, id: string): Promise<{ record: FunnelRecord; warnings: FieldProblem[] }>;
  create(shopId: string, input: Record<string, unknown>): Promise<SaveResult<FunnelRecord>>;
  /** `input.version` must be the version being edited (409 otherwise). */
  update(shopId: string, id: string, input: Record<string, unknown>): Promise<SaveResult<FunnelRecord>>;
  /** Checks without saving; `funnelId` names the funnel being edited (its own A/B arm is not a clash). */
  validate(shopId: string, input: Record<string, unknown>, funnelId?: string): Promise<DryRunResult>;
  setEnabled(shopId: string, id: string, enabled: boolean, expectedVersion?: number): Promise<FunnelRecord>;
  remove(shopId: string, id: string, expectedVersion?: number): Promise<void>;
}

export interface OfferLibraryService {
  list(shopId: string, filter?: OfferFilter): Promise<{ offers: OfferRecord[]; nextCursor: string | null }>;
  get(shopId: string, id: string): Promise<{ record: OfferRecord; usedBy: FunnelUse[] }>;
  create(shopId: string, input: Record<string, unknown>): Promise<SaveResult<OfferRecord>>;
  update(shopId: string, id: string, input: Record<string, unknown>): Promise<SaveResult<OfferRecord> & { usedBy: FunnelUse[] }>;
  validate(shopId: string, input: Record<string, unknown>): Promise<DryRunResult>;
  setEnabled(shopId: string, id: string, enabled: boolean, expectedVersion?: number): Promise<OfferRecord & { usedBy: FunnelUse[] }>;
  /** Refused (409) while a funnel still uses the offer. */
  remove(shopId: string, id: string, expectedVersion?: number): Promise<void>;
}

export interface FunnelUse {
  id: string;
  name: string;
  enabled: boolean;
}

export interface FunnelServicesDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  catalogFor: CatalogFor;
  settings: SettingsStore;
  /** Called after every change of a shop's funnels or offers (the active-funnels cache listens). */
  onChange?: (shopId: string) => void;
}

export function toFunnelRecord(row: FunnelRow): FunnelRecord {
  return {
    id: row.id,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...row.document,
  };
}

export function toOfferRecord(row: OfferRow): OfferRecord {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...row.definition,
  };
}

function toSummary(row: FunnelRow): FunnelSummary {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    surface: row.surface,
    enabled: row.enabled,
    priority: row.priority,
    experiment: row.document.experiment,
    stepCount: row.document.steps.length,
    offerRefs: referencedOfferIds(row.document),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function libraryRefs(rows: readonly OfferRow[]): Map<string, LibraryOfferRef> {
  return new Map(rows.map((row) => [row.id, { id: row.id, name: row.name, enabled: row.enabled, definition: row.definition }]));
}

/** The version a write says it edited: required for updates, so a stale editor cannot overwrite newer work. */
function editedVersion(body: Record<string, unknown>): number {
  const version = body.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
    throw new UnprocessableError('Say which version you edited.', [
      { field: 'version', message: 'Send the "version" you loaded (a whole number), so a newer change is never overwritten by accident.' },
    ]);
  }
  return version;
}

function rejectProblems<T>(checked: Checked<T>, what: string): T {
  if (checked.value === null || checked.problems.length > 0) {
    const count = checked.problems.length;
    throw new UnprocessableError(`The ${what} has ${count} problem${count === 1 ? '' : 's'}; see each field.`, checked.problems);
  }
  return checked.value;
}

export function createFunnelServices(deps: FunnelServicesDeps): { funnels: FunnelService; offers: OfferLibraryService } {
  const funnelRepo = createFunnelRepository(deps.db);
  const offerRepo = createOfferRepository(deps.db);
  const changed = (shopId: string) => deps.onChange?.(shopId);
  const log = deps.logger.child({ module: 'funnels' });

  const baseEnv = async (shopId: string) => {
    const [{ settings, shopCurrency }, catalog] = await Promise.all([deps.settings.read(shopId), deps.catalogFor(shopId)]);
    return { settings, shopCurrency, catalog };
  };

  const funnelEnv = async (shopId: string, editing?: string): Promise<ValidationEnv> => {
    const [base, offers, funnels] = await Promise.all([baseEnv(shopId), offerRepo.all(shopId), funnelRepo.all(shopId)]);
    const takenArms = new Map<string, string>();
    for (const funnel of funnels) {
      const experiment = funnel.document.experiment;
      if (funnel.id !== editing && experiment) takenArms.set(armKey(funnel.surface, experiment.key, experiment.arm), funnel.name);
    }
    return { ...base, offers: libraryRefs(offers), takenArms };
  };

  const referenceWarnings = (document: FunnelDocument, offers: ReadonlyMap<string, LibraryOfferRef>): FieldProblem[] => {
    const warnings: FieldProblem[] = [];
    document.steps.forEach((step, index) => {
      if (!isOfferRefStep(step)) return;
      const library = offers.get(step.offerRef);
      const field = `steps.${index}.offerRef`;
      if (!library) {
        warnings.push({
          field,
          stepId: step.id,
          message: `Step "${step.id}" uses library offer "${step.offerRef}", which was deleted; shoppers skip this step.`,
        });
      } else if (!library.enabled) {
        warnings.push({
          field,
          stepId: step.id,
          message: `Step "${step.id}" uses library offer "${library.name}", which is turned off; shoppers skip this step.`,
        });
      }
    });
    return warnings;
  };

  const funnelUses = async (shopId: string, offerId: string): Promise<FunnelUse[]> =>
    (await funnelRepo.all(shopId))
      .filter((funnel) => referencedOfferIds(funnel.document).includes(offerId))
      .map((funnel) => ({ id: funnel.id, name: funnel.name, enabled: funnel.enabled }));

  const funnels: FunnelService = {
    async list(shopId, filter) {
      const page = await funnelRepo.list(shopId, filter);
      return { funnels: page.items.map(toSummary), nextCursor: page.nextCursor };
    },

    async get(shopId, id) {
      const row = await funnelRepo.find(shopId, id);
      if (!row) throw new NotFoundError(`No funnel ${id} in this shop.`);
      const offers = referencedOfferIds(row.document).length > 0 ? libraryRefs(await offerRepo.all(shopId)) : new Map();
      return { record: toFunnelRecord(row), warnings: referenceWarnings(row.document, offers) };
    },

    async create(shopId, input) {
      const checked = checkFunnel(input, await funnelEnv(shopId));
      const document = rejectProblems(checked, 'funnel');
      const row = await funnelRepo.insert(shopId, document);
      changed(shopId);
      log.info({ shopId, funnelId: row.id, surface: row.surface }, 'funnel created');
      return { record: toFunnelRecord(row), warnings: checked.warnings, notices: checked.notices };
    },

    async update(shopId, id, input) {
      const version = editedVersion(input);
      if (!(await funnelRepo.find(shopId, id))) throw new NotFoundError(`No funnel ${id} in this shop.`);
      const checked = checkFunnel(input, await funnelEnv(shopId, id));
      const document = rejectProblems(checked, 'funnel');
      const row = await funnelRepo.replace(shopId, id, version, document);
      changed(shopId);
      log.info({ shopId, funnelId: id, version: row.version }, 'funnel updated');
      return { record: toFunnelRecord(row), warnings: checked.warnings, notices: checked.notices };
    },

    async validate(shopId, input, funnelId) {
      const checked = checkFunnel(input, await funnelEnv(shopId, funnelId));
      return { valid: checked.problems.length === 0, problems: checked.problems, warnings: checked.warnings, notices: checked.notices };
    },

    async setEnabled(shopId, id, enabled, expectedVersion) {
      const row = await funnelRepo.setEnabled(shopId, id, enabled, expectedVersion);
      changed(shopId);
      log.info({ shopId, funnelId: id, enabled }, enabled ? 'funnel enabled' : 'funnel disabled');
      return toFunnelRecord(row);
    },

    async remove(shopId, id, expectedVersion) {
      await funnelRepo.softDelete(shopId, id, deps.clock.now(), expectedVersion);
      changed(shopId);
      log.info({ shopId, funnelId: id }, 'funnel deleted');
    },
  };

  const offers: OfferLibraryService = {
    async list(shopId, filter) {
      const page = await offerRepo.list(shopId, filter);
      return { offers: page.items.map(toOfferRecord), nextCursor: page.nextCursor };
    },

    async get(shopId, id) {
      const row = await offerRepo.find(shopId, id);
      if (!row) throw new NotFoundError(`No library offer ${id} in this shop.`);
      return { record: toOfferRecord(row), usedBy: await funnelUses(shopId, id) };
    },

    async create(shopId, input) {
      const checked = checkLibraryOffer(input, await baseEnv(shopId));
      const offer = rejectProblems(checked, 'offer');
      const row = await offerRepo.insert(shopId, offer);
      changed(shopId);
      log.info({ shopId, offerId: row.id }, 'library offer created');
      return { record: toOfferRecord(row), warnings: checked.warnings, notices: checked.notices };
    },

    async update(shopId, id, input) {
      const version = editedVersion(input);
      if (!(await offerRepo.find(shopId, id))) throw new NotFoundError(`No library offer ${id} in this shop.`);
      const checked = checkLibraryOffer(input, await baseEnv(shopId));
      const offer = rejectProblems(checked, 'offer');
      const row = await offerRepo.replace(shopId, id, version, offer);
      changed(shopId);
      log.info({ shopId, offerId: id, version: row.version }, 'library offer updated');
      return { record: toOfferRecord(row), warnings: checked.warnings, notices: checked.notices, usedBy: await funnelUses(shopId, id) };
    },

    async validate(shopId, input) {
      const checked = checkLibraryOffer(input, await baseEnv(shopId));
      return { valid: checked.problems.length === 0, problems: checked.problems, warnings: checked.warnings, notices: checked.notices };
    },

    async setEnabled(shopId, id, enabled, expectedVersion) {
      const row = await offerRepo.setEnabled(shopId, id, enabled, expectedVersion);
      changed(shopId);
      log.info({ shopId, offerId: id, enabled }, enabled ? 'library offer enabled' : 'library offer disabled');
      return { ...toOfferRecord(row), usedBy: await funnelUses(shopId, id) };
    },

    async remove(shopId, id, expectedVersion) {
      const row = await offerRepo.find(shopId, id);
      if (!row) throw new NotFoundError(`No library offer ${id} in this shop.`);
      const usedBy = await funnelUses(shopId, id);
      if (usedBy.length > 0) {
        const names = usedBy.map((f) => `"${f.name}"`).join(', ');
        const those = usedBy.length === 1 ? 'that funnel' : 'those funnels';
        throw new AppError(
          409,
          'offer_in_use',
          `Library offer "${row.name}" is used by ${names}. Remove it from ${those} first, or turn the offer off.`,
          { usedBy },
        );
      }
      await offerRepo.softDelete(shopId, id, deps.clock.now(), expectedVersion);
      changed(shopId);
      log.info({ shopId, offerId: id }, 'library offer deleted');
    },
  };

  return { funnels, offers };
}
