// Shapes of the backend's answers the pages read (web/server/admin/service.ts, ledger/analytics.ts, funnels/).

export interface Metrics {
  shownOrders: number;
  acceptedOrders: number;
  acceptRate: number | null;
  shows: number;
  accepts: number;
  declines: number;
  revenueMinor: number;
  refundedMinor: number;
  netRevenueMinor: number;
  decisions: { treated: number; holdout: number; noOffer: number } | null;
}

export interface Row extends Metrics {
  key: { funnelId?: string | null; stepId?: string | null; surface?: string | null; arm?: string | null };
}

export interface Arm {
  experimentKey: string;
  arm: string;
  funnelId: string;
  funnelName: string;
  metrics: Metrics;
  control: boolean;
  liftPoints: number | null;
  confidence: number | null;
}

export interface HomeReport {
  from: string;
  to: string;
  currencyCode: string;
  totals: Metrics;
  bySurface: Row[];
  byFunnel: Array<Row & { name: string }>;
  byStep: Array<Row & { name: string }>;
  arms: Arm[];
  holdout: {
    treatedOrders: number;
    holdoutOrders: number;
    revenuePerTreatedOrderMinor: number | null;
    netRevenuePerTreatedOrderMinor: number | null;
  };
  daily: Array<{ date: string; grossMinor: number; refundedMinor: number; netMinor: number }>;
}

export interface FunnelSummary {
  id: string;
  version: number;
  name: string;
  surface: string;
  enabled: boolean;
  priority: number;
  experiment: { key: string; arm: string; weight: number } | null;
  stepCount: number;
  updatedAt: string;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface Discount {
  type: 'percentage' | 'fixed_amount';
  percent?: number;
  amountMinor?: number;
}

export interface StepContent {
  headline: string;
  body: string;
  button: string;
  declineButton?: string | null;
}

/** A funnel step as the editor holds it: the engine's step (offer kinds stay loosely typed: the server validates). */
export interface StepDraft {
  id: string;
  offerId?: string | null;
  offer?: { kind: string; [key: string]: Json | undefined };
  offerRef?: string;
  content?: Record<string, StepContent>;
  countdownSeconds?: number | null;
  accept: string | null;
  decline: string | null;
}

export interface FunnelDraft {
  id?: string;
  version?: number;
  name: string;
  surface: string;
  enabled: boolean;
  priority?: number;
  targeting?: { match: 'all' | 'any'; conditions: Json[] };
  experiment?: { key: string; arm: string; weight?: number } | null;
  rootStepId: string;
  steps: StepDraft[];
}

export interface ProductHit {
  id: string;
  title: string;
  imageUrl: string | null;
  status: string;
  variants: Array<{ id: string; title: string; priceMinor: number; inventoryQuantity: number | null }>;
}
