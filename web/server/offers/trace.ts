// The "why no offer" a merchant reads per order: one entry per funnel, step or candidate that was kept or
// dropped, each with a stable code (for filters and analytics) and a sentence (for people).

export type TraceReason =
  // decision-wide (funnelId null)
  | 'no_funnels_for_surface'
  | 'frequency_capped'
  | 'holdout'
  | 'lower_priority'
  // email surface: the order itself is not eligible (decided before the engine runs, or re-checked at send time)
  | 'email_disabled'
  | 'order_cancelled'
  | 'order_test'
  | 'order_fulfilled'
  | 'order_not_editable'
  | 'order_edited'
  | 'no_email_address'
  | 'offered_after_checkout'
  | 'order_tagged'
  | 'no_catalog'
  | 'all_out_of_stock'
  // funnel
  | 'funnel_disabled'
  | 'ab_not_assigned'
  | 'ab_assigned'
  | 'targeting_failed'
  | 'no_available_step'
  | 'selected'
  // step
  | 'step_ready'
  | 'step_declined_earlier'
  | 'step_empty'
  | 'candidates_summarised'
  // candidate
  | 'candidate_kept'
  | 'product_unavailable'
  | 'in_order'
  | 'bought_before'
  | 'declined_earlier'
  | 'out_of_stock'
  | 'no_price_in_currency'
  | 'price_not_positive'
  | 'plan_unavailable'
  | 'subscription_not_allowed'
  | 'template_no_match';

export interface TraceEntry {
  /** null for entries about the whole decision (holdout, frequency cap). */
  funnelId: string | null;
  stepId?: string;
  /** A product GID, or "plan:<gid>", "one_time", "tier:<qty>" for options of one product. */
  candidate?: string;
  outcome: 'kept' | 'dropped';
  reason: TraceReason;
  message: string;
}

/** Candidate-level entries per step are capped so a template scan over a big catalog stays readable. */
export const MAX_CANDIDATE_ENTRIES_PER_STEP = 12;
