// Which steps the shopper may be on, given what the server recorded: a step is only signable if it can be
// reached from the first step by accepting steps that have a signed changeset and declining steps whose
// changeset was never applied. The walk uses the engine's own next(), so the accept limit, the "no second
// subscription" rule and the passing over of empty steps are the engine's.
import { type Decision, next } from '../offers/index.js';

/** What the server knows about one step of this purchase: the option signed for it, and whether it was applied. */
export interface RecordedStep {
  optionId: string;
  applied: boolean;
}

/**
 * The decision advanced to `stepId` along a path the records allow, or null when no such path exists. Funnels are
 * at most six levels deep, so trying both branches of each step is at most 2^6 short walks.
 */
export function decisionAtStep(decision: Decision, stepId: string, recorded: ReadonlyMap<string, RecordedStep>): Decision | null {
  if (decision.outcome !== 'offer' || !decision.step) return null;
  const visit = (at: Decision): Decision | null => {
    const current = at.step;
    if (!current) return null;
    if (current.stepId === stepId) return at;
    const record = recorded.get(current.stepId);
    if (record) {
      const accepted = next(at, current.stepId, true, { optionId: record.optionId });
      if (accepted.type === 'step') {
        const found = visit(accepted.decision);
        if (found) return found;
      }
    }
    // An applied changeset means the shopper took the accept branch; otherwise declining is possible.
    if (!record?.applied) {
      const declined = next(at, current.stepId, false);
      if (declined.type === 'step') return visit(declined.decision);
    }
    return null;
  };
  return visit(decision);
}
