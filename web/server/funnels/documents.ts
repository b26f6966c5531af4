// The JSON documents stored in Funnel.definition and Offer.definition, and how funnel steps that reference a
// library offer become the engine's plain steps.
//
// A funnel step is either the engine's inline step (`offer` + `content` + `countdownSeconds`) or a reference to
// a library offer: `{ id, offerRef: "<offer id>", accept, decline, offerId? }`. References are stored as written
// and resolved whenever funnels are loaded, so editing a library offer changes every funnel that uses it.
import { z } from 'zod';
import { ContentSchema, type FunnelDefinition, FunnelSchema, LOCALES, OfferSchema, type Step, StepSchema } from '../offers/index.js';

/** What a library offer stores: the part of a step that says what is offered and how it is worded. */
export const LibraryOfferDefinitionSchema = z
  .object({
    offer: OfferSchema,
    content: z.partialRecord(z.enum(LOCALES), ContentSchema),
    countdownSeconds: StepSchema.shape.countdownSeconds,
  })
  .strict();
export type LibraryOfferDefinition = z.output<typeof LibraryOfferDefinitionSchema>;

/** A funnel step that shows a library offer instead of carrying its own. */
export const OfferRefStepSchema = z
  .object({
    id: StepSchema.shape.id,
    /** The ledger's "declined this offer" key; defaults to the library offer's id, shared by every funnel using it. */
    offerId: StepSchema.shape.offerId,
    offerRef: z.string().trim().min(1, { message: 'Name the library offer' }).max(64),
    accept: StepSchema.shape.accept,
    decline: StepSchema.shape.decline,
  })
  .strict();
export type OfferRefStep = z.output<typeof OfferRefStepSchema>;

export type StoredStep = Step | OfferRefStep;

/** Funnel.definition: the engine's FunnelDefinition without its id (the row's id is the funnel id). */
export const FunnelDocumentSchema = FunnelSchema.omit({ id: true, steps: true })
  .extend({
    steps: z
      .array(z.union([OfferRefStepSchema, StepSchema]))
      .min(1)
      .max(63),
  })
  .strict();
export type FunnelDocument = z.output<typeof FunnelDocumentSchema>;

export function isOfferRefStep(step: StoredStep): step is OfferRefStep {
  return 'offerRef' in step;
}

/** True for raw input that means to be a reference step (decides which schema reports its problems). */
export function looksLikeOfferRef(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'offerRef' in raw;
}

/** A library offer as the funnel code needs it. */
export interface LibraryOfferRef {
  id: string;
  name: string;
  enabled: boolean;
  definition: LibraryOfferDefinition;
}

/** The engine step a reference stands for, with the library offer's offer, texts and countdown. */
export function inlineStep(step: OfferRefStep, library: LibraryOfferRef): Step {
  return {
    id: step.id,
    offerId: step.offerId ?? library.id,
    offer: library.definition.offer,
    content: library.definition.content,
    countdownSeconds: library.definition.countdownSeconds,
    accept: step.accept,
    decline: step.decline,
  };
}

export interface RuntimeFunnel {
  /** null when no step is left to show. */
  definition: FunnelDefinition | null;
  /** Steps passed over because their library offer is disabled or gone. */
  bypassedStepIds: string[];
}

/**
 * The funnel the engine runs: references resolved; a step whose library offer is disabled or deleted is passed
 * over along its decline branch, exactly as the engine passes over a step with nothing to offer (so pausing a
 * library offer pauses it in every funnel without breaking the tree).
 */
export function runtimeFunnel(id: string, document: FunnelDocument, offers: ReadonlyMap<string, LibraryOfferRef>): RuntimeFunnel {
  const bypassed = new Map<string, StoredStep>();
  const kept = new Map<string, Step>();
  for (const step of document.steps) {
    if (!isOfferRefStep(step)) {
      kept.set(step.id, step);
      continue;
    }
    const library = offers.get(step.offerRef);
    if (library?.enabled) kept.set(step.id, inlineStep(step, library));
    else bypassed.set(step.id, step);
  }
  const follow = (target: string | null): string | null => {
    const seen = new Set<string>();
    let current = target;
    while (current !== null && bypassed.has(current) && !seen.has(current)) {
      seen.add(current);
      current = bypassed.get(current)!.decline;
    }
    return current !== null && bypassed.has(current) ? null : current;
  };
  const rootStepId = follow(document.rootStepId);
  const bypassedStepIds = [...bypassed.keys()];
  if (rootStepId === null || !kept.has(rootStepId)) return { definition: null, bypassedStepIds };
  const steps = [...kept.values()].map((step) =>
    bypassed.size === 0 ? step : { ...step, accept: follow(step.accept), decline: follow(step.decline) },
  );
  return { definition: { ...document, id, rootStepId, steps }, bypassedStepIds };
}

/** Ids of the library offers a funnel document references. */
export function referencedOfferIds(document: FunnelDocument): string[] {
  return [...new Set(document.steps.filter(isOfferRefStep).map((step) => step.offerRef))];
}
