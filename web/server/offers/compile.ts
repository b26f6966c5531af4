// Funnel definitions compiled against a catalog, once per change of either: targeting becomes a predicate,
// templates become ranked sources, funnels are grouped by surface in evaluation order, and the trace entries that
// do not depend on the order are built ahead so decide() only pushes references.
import type { Catalog } from './catalog.js';
import type { FunnelDefinition, Step, Surface } from './definitions.js';
import { SURFACES } from './definitions.js';
import { type CompiledTargeting, compileTargeting, type ListFact, type TargetingMiss } from './targeting.js';
import { compileTemplate, type RankedSource } from './templates.js';
import type { TraceEntry } from './trace.js';

export interface CompiledStep {
  definition: Step;
  /** The ledger key for "declined this offer". */
  offerKey: string;
  /** Present when the step's products come from a template. */
  source: RankedSource | null;
  /** True when one of the step's options is a selling plan (a subscription). */
  subscription: boolean;
}

export interface CompiledFunnel {
  id: string;
  name: string;
  surface: Surface;
  enabled: boolean;
  priority: number;
  experiment: { key: string; arm: string; weight: number } | null;
  /** Key into CompiledFunnels.experiments (experiments are per surface). */
  experimentId: string | null;
  rootStepId: string;
  steps: ReadonlyMap<string, CompiledStep>;
  targeting: CompiledTargeting;
  /** Prebuilt trace entries. */
  traces: {
    disabled: TraceEntry;
    notAssigned: TraceEntry;
    noStep: TraceEntry;
    selected: TraceEntry;
    targeting(miss: TargetingMiss): TraceEntry;
  };
}

export interface CompiledExperiment {
  key: string;
  /** Enabled arms sorted by name, with weights. */
  arms: ReadonlyArray<{ name: string; weight: number }>;
  totalWeight: number;
}

/**
 * Per surface, for funnels whose targeting requires "the order contains one of ...": fact value -> positions of
 * those funnels in bySurface. decide() marks the funnels the order can possibly match and reports the rest
 * without evaluating them.
 */
export interface GateIndex {
  /** One map per ListFact kind that some gate uses. */
  byKind: ReadonlyArray<{ kind: ListFact; positions: ReadonlyMap<string, Int32Array> }>;
  /** 1 for funnels without a gate (always evaluated), 0 for gated ones. */
  ungated: Uint8Array;
}

export interface CompiledFunnels {
  /** Per surface, in evaluation order: priority high to low, then id. */
  bySurface: Readonly<Record<Surface, readonly CompiledFunnel[]>>;
  gates: Readonly<Record<Surface, GateIndex>>;
  byId: ReadonlyMap<string, CompiledFunnel>;
  experiments: ReadonlyMap<string, CompiledExperiment>;
  catalog: Catalog;
}

export interface CompileOptions {
  /** Skip funnels through the gate index (default). Off, every funnel's targeting is evaluated; tests compare both. */
  useGateIndex?: boolean;
}

export function compileFunnels(definitions: readonly FunnelDefinition[], catalog: Catalog, options: CompileOptions = {}): CompiledFunnels {
  const byId = new Map<string, CompiledFunnel>();
  for (const definition of definitions) {
    if (byId.has(definition.id)) throw new RangeError(`duplicate funnel id "${definition.id}"`);
    byId.set(definition.id, compileFunnel(definition, catalog));
  }
  const bySurface = Object.fromEntries(SURFACES.map((surface) => [surface, [] as CompiledFunnel[]])) as Record<Surface, CompiledFunnel[]>;
  for (const funnel of byId.values()) bySurface[funnel.surface].push(funnel);
  for (const list of Object.values(bySurface)) list.sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const useGates = options.useGateIndex ?? true;
  const gates = Object.fromEntries(
    SURFACES.map((surface) => [
      surface,
      useGates ? buildGateIndex(bySurface[surface]) : { byKind: [], ungated: new Uint8Array(bySurface[surface].length).fill(1) },
    ]),
  ) as Record<Surface, GateIndex>;

  const experiments = new Map<string, CompiledExperiment>();
  for (const funnel of byId.values()) {
    if (!funnel.experiment || !funnel.enabled) continue;
    const experimentKey = funnel.experimentId!;
    const experiment = experiments.get(experimentKey) ?? { key: funnel.experiment.key, arms: [], totalWeight: 0 };
    const arms = [
      ...experiment.arms.filter((arm) => arm.name !== funnel.experiment!.arm),
      { name: funnel.experiment.arm, weight: funnel.experiment.weight },
    ];
    arms.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    experiments.set(experimentKey, {
      key: experiment.key,
      arms,
      totalWeight: arms.reduce((sum, arm) => sum + arm.weight, 0),
    });
  }
  return { bySurface, gates, byId, experiments, catalog };
}

function buildGateIndex(funnels: readonly CompiledFunnel[]): GateIndex {
  const ungated = new Uint8Array(funnels.length);
  const byKind = new Map<ListFact, Map<string, number[]>>();
  funnels.forEach((funnel, position) => {
    const gate = funnel.targeting.gate;
    if (!gate || !funnel.enabled) {
      ungated[position] = 1;
      return;
    }
    let positions = byKind.get(gate.kind);
    if (!positions) {
      positions = new Map();
      byKind.set(gate.kind, positions);
    }
    for (const value of gate.values) {
      const list = positions.get(value);
      if (list) list.push(position);
      else positions.set(value, [position]);
    }
  });
  return {
    byKind: [...byKind].map(([kind, positions]) => ({
      kind,
      positions: new Map([...positions].map(([value, list]) => [value, Int32Array.from(list)])),
    })),
    ungated,
  };
}

function compileFunnel(definition: FunnelDefinition, catalog: Catalog): CompiledFunnel {
  const steps = new Map<string, CompiledStep>();
  for (const step of definition.steps) {
    const offer = step.offer;
    const template =
      (offer.kind === 'product' || offer.kind === 'choice') && offer.source.type === 'template' ? offer.source.template : null;
    steps.set(step.id, {
      definition: step,
      offerKey: step.offerId ?? step.id,
      source: template ? compileTemplate(template, catalog) : null,
      subscription: offer.kind === 'plans',
    });
  }
  const funnelId = definition.id;
  const quotedName = `"${definition.name}"`;
  const missEntries = new Map<TargetingMiss, TraceEntry>();
  return {
    id: funnelId,
    name: definition.name,
    surface: definition.surface,
    enabled: definition.enabled,
    priority: definition.priority,
    experiment: definition.experiment,
    experimentId: definition.experiment ? `${definition.surface}:${definition.experiment.key}` : null,
    rootStepId: definition.rootStepId,
    steps,
    targeting: compileTargeting(definition.targeting, catalog),
    traces: {
      disabled: {
        funnelId,
        outcome: 'dropped',
        reason: 'funnel_disabled',
        message: `Funnel ${quotedName} is turned off.`,
      },
      notAssigned: {
        funnelId,
        outcome: 'dropped',
        reason: 'ab_not_assigned',
        message: `This order was assigned to another arm of A/B test "${definition.experiment?.key ?? ''}", not to ${quotedName}.`,
      },
      noStep: {
        funnelId,
        outcome: 'dropped',
        reason: 'no_available_step',
        message: `Funnel ${quotedName} matched, but none of its steps had anything to offer this order.`,
      },
      selected: {
        funnelId,
        outcome: 'kept',
        reason: 'selected',
        message: `Funnel ${quotedName} was chosen for this order.`,
      },
      targeting(miss) {
        let entry = missEntries.get(miss);
        if (!entry) {
          entry = {
            funnelId,
            outcome: 'dropped',
            reason: 'targeting_failed',
            message: `${quotedName}: ${miss.message}`,
          };
          missEntries.set(miss, entry);
        }
        return entry;
      },
    },
  };
}
