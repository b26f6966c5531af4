// A/B arms and holdout, read from the ledger's per-funnel analytics: pure arithmetic, no I/O.
//
// Confidence is that of a two-sided two-proportion z-test on accept rates (orders that accepted / orders shown),
// each arm against its experiment's control (the arm with the alphabetically first label): 1 - p. Below about 30
// shown orders per arm the normal approximation is poor, so no figure is given (null) and the admin says "too
// early".
import type { AnalyticsMetrics } from '../ledger/index.js';

export const MIN_ORDERS_FOR_CONFIDENCE = 30;

export interface ArmInput {
  experimentKey: string;
  arm: string;
  funnelId: string;
  funnelName: string;
  metrics: AnalyticsMetrics;
}

export interface ArmResult extends ArmInput {
  control: boolean;
  /** Accept-rate difference against the control, in percentage points; null for the control or without data. */
  liftPoints: number | null;
  /** 0..1, null for the control or while either arm has too few shown orders. */
  confidence: number | null;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 for erf; error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** 1 - p of the two-sided test that two proportions differ; null when it cannot be computed. */
export function twoProportionConfidence(successA: number, totalA: number, successB: number, totalB: number): number | null {
  if (totalA < MIN_ORDERS_FOR_CONFIDENCE || totalB < MIN_ORDERS_FOR_CONFIDENCE) return null;
  const pooled = (successA + successB) / (totalA + totalB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / totalA + 1 / totalB));
  if (se === 0) return successA / totalA === successB / totalB ? 0 : 1;
  const z = (successA / totalA - successB / totalB) / se;
  return 1 - 2 * (1 - normalCdf(Math.abs(z)));
}

export function compareArms(arms: readonly ArmInput[]): ArmResult[] {
  const byExperiment = new Map<string, ArmInput[]>();
  for (const arm of arms) byExperiment.set(arm.experimentKey, [...(byExperiment.get(arm.experimentKey) ?? []), arm]);
  const out: ArmResult[] = [];
  for (const [, group] of [...byExperiment].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...group].sort((a, b) => a.arm.localeCompare(b.arm));
    const control = sorted[0];
    for (const arm of sorted) {
      if (!control || arm === control) {
        out.push({ ...arm, control: true, liftPoints: null, confidence: null });
        continue;
      }
      const rate = (m: AnalyticsMetrics) => (m.shownOrders === 0 ? null : m.acceptedOrders / m.shownOrders);
      const a = rate(arm.metrics);
      const c = rate(control.metrics);
      out.push({
        ...arm,
        control: false,
        liftPoints: a === null || c === null ? null : Math.round((a - c) * 10_000) / 100,
        confidence: twoProportionConfidence(
          arm.metrics.acceptedOrders,
          arm.metrics.shownOrders,
          control.metrics.acceptedOrders,
          control.metrics.shownOrders,
        ),
      });
    }
  }
  return out;
}

export interface HoldoutReport {
  treatedOrders: number;
  holdoutOrders: number;
  /** Gross and net revenue added per order that could see an offer, shop currency minor units. */
  revenuePerTreatedOrderMinor: number | null;
  netRevenuePerTreatedOrderMinor: number | null;
}

/**
 * Holdout orders see no offer, so they add no revenue through Encore: the uplift per order is what a treated order
 * added. (Whether offers changed what shoppers spent otherwise needs the orders' own totals, which the ledger does
 * not hold; see the admin README.)
 */
export function holdoutReport(totals: AnalyticsMetrics): HoldoutReport {
  const treated = totals.decisions?.treated ?? 0;
  return {
    treatedOrders: treated,
    holdoutOrders: totals.decisions?.holdout ?? 0,
    revenuePerTreatedOrderMinor: treated === 0 ? null : Math.round(totals.revenueMinor / treated),
    netRevenuePerTreatedOrderMinor: treated === 0 ? null : Math.round(totals.netRevenueMinor / treated),
  };
}
