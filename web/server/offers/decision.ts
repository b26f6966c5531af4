// The engine's output. Plain JSON throughout: the post-purchase endpoint stores a Decision and later re-derives
// steps and prices from it server-side, without the catalog and without trusting anything the client sends.
import type { Discount, Locale, Surface } from './definitions.js';
import type { PriceQuote, ResolvedDiscount } from './pricing.js';
import type { TraceEntry } from './trace.js';

export type StepKind = 'product' | 'choice' | 'tiers' | 'plans';

export interface PresentedVariant {
  id: string;
  title: string;
  imageUrl: string | null;
  /** Units that can be sold; null when unlimited (untracked or sold when out of stock). */
  available: number | null;
  /** Prices at the option's default quantity. */
  price: { presentment: PriceQuote; shop: PriceQuote };
  /** Presentment-currency strings in the step's locale. */
  display: { unitPrice: string; total: string; compareAtTotal: string | null };
}

export interface PresentedOption {
  /** "product:<gid>", "tier:<qty>", "plan:<gid>" or "one_time". */
  id: string;
  productId: string;
  productTitle: string;
  productHandle: string;
  imageUrl: string | null;
  /** What the option is called: the product title, a plan name, "One-time purchase", "3 × <title>". */
  label: string;
  sellingPlan: {
    id: string;
    name: string;
    billing: { interval: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR'; intervalCount: number };
    delivery: { interval: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR'; intervalCount: number };
  } | null;
  quantity: { min: number; max: number; default: number };
  /** The merchant's discount, as configured. */
  discount: Discount | null;
  /** The discount resolved per currency (percent, or a per-unit amount in that currency's minor units). */
  resolvedDiscount: { shop: ResolvedDiscount | null; presentment: ResolvedDiscount | null };
  discountLabel: string | null;
  variants: PresentedVariant[];
}

export interface PresentedStep {
  funnelId: string;
  stepId: string;
  /** The ledger key for "declined this offer". */
  offerId: string;
  kind: StepKind;
  locale: Locale;
  content: { headline: string; body: string; button: string; declineButton: string | null };
  countdownSeconds: number | null;
  /** True when at least one option adds a subscription. */
  subscription: boolean;
  options: PresentedOption[];
}

export type StepState =
  | { status: 'ready'; step: PresentedStep; accept: string | null; decline: string | null }
  | { status: 'skipped'; reason: string; message: string; accept: string | null; decline: string | null };

export interface PathEntry {
  stepId: string;
  accepted: boolean;
  /** The option taken on accept, when known. */
  optionId: string | null;
  /** Whether the accepted option added a subscription. */
  subscription: boolean;
}

export interface Decision {
  version: 1;
  surface: Surface;
  orderKey: string;
  decidedAt: string;
  outcome: 'offer' | 'no_offer' | 'holdout';
  funnelId: string | null;
  /** The arm to store with the order: "holdout", the chosen funnel's A/B arm, or null. */
  arm: string | null;
  /** The A/B test the chosen funnel belongs to. */
  experiment: { key: string; arm: string } | null;
  /** Every A/B assignment made while evaluating (also for tests whose funnel was not chosen). */
  assignments: Array<{ experimentKey: string; arm: string }>;
  holdout: boolean;
  /** For holdout orders: the funnel that would have been shown (for incrementality reports). */
  counterfactualFunnelId: string | null;
  locale: Locale;
  currency: { shop: string; presentment: string };
  /** The step to show now; null when the funnel ended or nothing was offered. */
  step: PresentedStep | null;
  /** Every step of the chosen funnel reachable from its root, prepared at decision time. */
  steps: Record<string, StepState>;
  path: PathEntry[];
  trace: TraceEntry[];
}
