// Checks what a merchant submits, with the engine's own validator, and says what is wrong field by field.
// Pure: the shop's catalog, settings and library offers come in as arguments.
//
// - Library offer references are resolved first, so a referenced offer is checked exactly as an inline one would
//   be; its problems point at the step's `offerRef`. A missing reference is a problem, a disabled one a warning
//   (the funnel still saves; at runtime the step is passed over).
// - Without a catalog (not synced yet) the checks that need one are skipped and a notice says so.
import { z } from 'zod';
import { type FieldProblem, zodProblems } from '../errors.js';
import {
  buildCatalog,
  type Catalog,
  FunnelSchema,
  type ProblemCode,
  type ShopSettings,
  type ValidationProblem,
  validateFunnel,
} from '../offers/index.js';
import {
  type FunnelDocument,
  FunnelDocumentSchema,
  type LibraryOfferDefinition,
  LibraryOfferDefinitionSchema,
  type LibraryOfferRef,
  looksLikeOfferRef,
  OfferRefStepSchema,
  type StoredStep,
} from './documents.js';

/** Problem codes that depend on the catalog: meaningless (and skipped) while no catalog is available. */
const CATALOG_CODES: ReadonlySet<ProblemCode> = new Set([
  'unknown_product',
  'product_not_active',
  'unknown_variant',
  'unknown_selling_plan',
  'no_selling_plans',
  'unknown_collection',
]);

export const CATALOG_MISSING_NOTICE =
  "The shop's product catalog has not been loaded yet, so products, variants, selling plans and collections were not checked.";

/** Fields the API returns that a client may send back unchanged; they are not part of the definition. */
const READ_ONLY_KEYS = ['id', 'version', 'createdAt', 'updatedAt', 'warnings', 'usedBy'] as const;

export interface ValidationEnv {
  /** null when the shop's catalog is not available yet. */
  catalog: Catalog | null;
  shopCurrency: string;
  settings: Pick<ShopSettings, 'locales' | 'defaultLocale'>;
  /** The shop's library offers (not deleted), by id. */
  offers: ReadonlyMap<string, LibraryOfferRef>;
  /** Experiment arms already taken by the shop's other funnels: "surface|key|arm" -> funnel name. */
  takenArms?: ReadonlyMap<string, string>;
}

export interface Checked<T> {
  /** Present when there are no problems. */
  value: T | null;
  problems: FieldProblem[];
  /** Worth telling, not blocking. */
  warnings: FieldProblem[];
  notices: string[];
}

export function withoutReadOnlyKeys(input: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...input };
  for (const key of READ_ONLY_KEYS) delete copy[key];
  return copy;
}

export function armKey(surface: string, experimentKey: string, arm: string): string {
  return `${surface}|${experimentKey}|${arm}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Funnels

interface RefState {
  index: number;
  /** The library offer, when the reference could be read and points at one. */
  library: LibraryOfferRef | null;
}

const PLACEHOLDER_OFFER = { kind: 'product', source: { type: 'product', productId: 'gid://shopify/Product/1', variantIds: null } } as const;
const PLACEHOLDER_TEXT = { headline: 'x', body: 'x', button: 'x' };

/** Validates a funnel as submitted (the definition without id), returning the document to store. */
export function checkFunnel(input: Record<string, unknown>, env: ValidationEnv): Checked<FunnelDocument> {
  const problems: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const notices = env.catalog ? [] : [CATALOG_MISSING_NOTICE];
  const body = withoutReadOnlyKeys(input);
  const refs = new Map<number, RefState>();

  // Reference steps are checked here; inline steps are left to the engine's validator.
  const rawSteps = Array.isArray(body.steps) ? (body.steps as unknown[]) : null;
  const resolvedSteps = rawSteps?.map((raw, index) => {
    if (!looksLikeOfferRef(raw)) return raw;
    const parsed = OfferRefStepSchema.safeParse(raw);
    const state: RefState = { index, library: null };
    refs.set(index, state);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error.issues, `steps.${index}`).map((p) => withStep(p, raw.id)));
      return placeholderStep(raw);
    }
    const step = parsed.data;
    const library = env.offers.get(step.offerRef);
    if (!library) {
      problems.push({
        field: `steps.${index}.offerRef`,
        stepId: step.id,
        message: `Step "${step.id}" uses library offer "${step.offerRef}", which does not exist (any more).`,
      });
      return placeholderStep(raw);
    }
    if (!library.enabled) {
      warnings.push({
        field: `steps.${index}.offerRef`,
        stepId: step.id,
        message:
          `Step "${step.id}" uses library offer "${library.name}", which is turned off; ` +
          'shoppers skip this step until it is turned on.',
      });
    }
    state.library = library;
    return {
      id: step.id,
      offerId: step.offerId ?? library.id,
      ...library.definition,
      accept: step.accept,
      decline: step.decline,
    };
  });

  const catalog = env.catalog ?? buildCatalog({ shopCurrency: env.shopCurrency, products: [] });
  const resolved = { ...body, id: 'funnel', ...(resolvedSteps ? { steps: resolvedSteps } : {}) };
  const result = validateFunnel(resolved, { catalog, settings: env.settings });
  if (!result.ok) {
    for (const problem of result.problems) {
      const mapped = mapFunnelProblem(problem, refs, env.catalog !== null);
      if (mapped) problems.push(mapped);
    }
  }

  const clash = armClash(body, env.takenArms);
  if (clash) problems.push(clash);

  let document: FunnelDocument | null = null;
  if (problems.length === 0) {
    // Valid, or only problems that were skipped (no catalog yet): the shape itself parsed either way.
    const funnel = result.ok ? result.funnel : FunnelSchema.parse(resolved);
    const steps: StoredStep[] = funnel.steps.map((step, index) => {
      const ref = refs.get(index);
      if (!ref?.library) return step;
      const written = OfferRefStepSchema.parse(rawSteps![index]);
      return { id: step.id, offerId: written.offerId, offerRef: ref.library.id, accept: step.accept, decline: step.decline };
    });
    const { id: _id, ...rest } = funnel;
    document = FunnelDocumentSchema.parse({ ...rest, steps });
  }
  const unique = dedupe(problems);
  return { value: unique.length === 0 ? document : null, problems: unique, warnings, notices };
}

/** Two funnels of one A/B test on one surface must not claim the same arm (the engine would keep only one). */
function armClash(body: Record<string, unknown>, takenArms: ValidationEnv['takenArms']): FieldProblem | null {
  const experiment = body.experiment;
  if (!takenArms || typeof body.surface !== 'string' || typeof experiment !== 'object' || experiment === null) return null;
  const { key, arm } = experiment as { key?: unknown; arm?: unknown };
  if (typeof key !== 'string' || typeof arm !== 'string') return null;
  const taken = takenArms.get(armKey(body.surface, key, arm));
  if (taken === undefined) return null;
  return {
    field: 'experiment.arm',
    message: `Funnel "${taken}" is already arm "${arm}" of A/B test "${key}"; give each arm its own name.`,
  };
}

function placeholderStep(raw: Record<string, unknown>): Record<string, unknown> {
  return {
    id: raw.id,
    offer: PLACEHOLDER_OFFER,
    content: { en: PLACEHOLDER_TEXT, fr: PLACEHOLDER_TEXT, es: PLACEHOLDER_TEXT, de: PLACEHOLDER_TEXT, sv: PLACEHOLDER_TEXT },
    accept: raw.accept ?? null,
    decline: raw.decline ?? null,
  };
}

const OFFER_PART = /^steps\.(\d+)\.(offer|content|countdownSeconds)(\.|$)/;

function mapFunnelProblem(problem: ValidationProblem, refs: ReadonlyMap<number, RefState>, haveCatalog: boolean): FieldProblem | null {
  if (!haveCatalog && CATALOG_CODES.has(problem.code)) return null;
  const field = problem.field ?? '';
  const base = { ...(problem.stepId !== undefined ? { stepId: problem.stepId } : {}) };
  const match = OFFER_PART.exec(field);
  const ref = match ? refs.get(Number(match[1])) : undefined;
  if (match && ref) {
    // The referenced offer's own fields are not in this funnel: point at the reference, name the offer.
    if (!ref.library) return null;
    return { ...base, field: `steps.${ref.index}.offerRef`, message: `Library offer "${ref.library.name}": ${problem.message}` };
  }
  return { ...base, field, message: problem.message };
}

function withStep(problem: FieldProblem, stepId: unknown): FieldProblem {
  return typeof stepId === 'string' ? { ...problem, stepId } : problem;
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Library offers

export const LibraryOfferInputSchema = z
  .object({
    name: z.string().trim().min(1, { message: 'Name the offer' }).max(120),
    enabled: z.boolean().default(true),
    ...LibraryOfferDefinitionSchema.shape,
  })
  .strict();
export type LibraryOfferInput = z.output<typeof LibraryOfferInputSchema>;

export interface CheckedOffer {
  name: string;
  enabled: boolean;
  definition: LibraryOfferDefinition;
}

/** Codes about funnel structure or a surface: not about an offer on its own. */
const FUNNEL_ONLY_CODES: ReadonlySet<ProblemCode> = new Set([
  'duplicate_step_id',
  'unknown_step',
  'cycle',
  'multiple_parents',
  'unreachable_step',
  'too_deep',
  'too_many_accepts',
  'multiple_subscriptions',
  'subscription_on_subscription_order',
  'subscription_not_supported',
]);

/** Validates a library offer: its shape, then (as a one-step funnel) texts, catalog references and prices. */
export function checkLibraryOffer(input: Record<string, unknown>, env: Omit<ValidationEnv, 'offers' | 'takenArms'>): Checked<CheckedOffer> {
  const notices = env.catalog ? [] : [CATALOG_MISSING_NOTICE];
  const parsed = LibraryOfferInputSchema.safeParse(withoutReadOnlyKeys(input));
  if (!parsed.success) return { value: null, problems: zodProblems(parsed.error.issues), warnings: [], notices };
  const { name, enabled, ...definition } = parsed.data;
  const catalog = env.catalog ?? buildCatalog({ shopCurrency: env.shopCurrency, products: [] });
  const result = validateFunnel(
    { id: 'offer', name, surface: 'checkout', rootStepId: 'offer', steps: [{ id: 'offer', ...definition }] },
    { catalog, settings: env.settings },
  );
  const problems: FieldProblem[] = [];
  if (!result.ok) {
    for (const problem of result.problems) {
      if (FUNNEL_ONLY_CODES.has(problem.code)) continue;
      if (env.catalog === null && CATALOG_CODES.has(problem.code)) continue;
      problems.push({ field: (problem.field ?? '').replace(/^steps\.0\./, ''), message: asOfferMessage(problem.message) });
    }
  }
  return { value: problems.length === 0 ? { name, enabled, definition } : null, problems, warnings: [], notices };
}

/** The engine words problems for a step; a library offer is not one yet. */
function asOfferMessage(message: string): string {
  return message.replace(/\b([Ss])tep "offer"/g, (_m, s: string) => (s === 'S' ? 'This offer' : 'this offer'));
}
