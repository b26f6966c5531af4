import type { PostPurchaseRenderApi } from '@shopify/post-purchase-ui-extensions-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type BackendOptions, postEvents, purchaseOf } from '../api.js';
import { backendUrl } from '../backend-url.js';
import { firstShowable, nextStep, type Progress, START } from '../funnel.js';
import { readStoredFunnel, type StepEvent, type StepView } from '../offer.js';
import { type AcceptedStep, StepPage } from './StepPage.js';

const SIGN_TIMEOUT_MS = 10_000;
const EVENTS_TIMEOUT_MS = 5_000;
/** At the end, how long pending events may delay the Thank-you page. */
const FLUSH_EVENTS_MS = 800;

export interface Backend {
  send(event: StepEvent): void;
  options: BackendOptions;
}

/** The post-purchase page: one step at a time along the funnel ShouldRender stored, then `done()`. */
export function FunnelPage({ input }: { input: PostPurchaseRenderApi }) {
  const funnel = useMemo(() => readStoredFunnel(input.storage.initialData), [input]);
  const [at, setAt] = useState<{ step: StepView | null; progress: Progress }>(() => ({
    step: funnel ? firstShowable(funnel, funnel.firstStepId, START) : null,
    progress: START,
  }));
  const backend = useBackend(input);

  // The step only becomes null once: at the start without a funnel, or at the end of the walk.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the walk ends; backend and input live as long as the page
  useEffect(() => {
    if (at.step === null) void backend.flush(FLUSH_EVENTS_MS).then(() => input.done());
  }, [at.step]);

  if (!funnel || !at.step) return null;
  const step = at.step;
  const afterDecline = nextStep(funnel, step, false, at.progress);

  const accepted = (result: AcceptedStep) => {
    const progress: Progress = {
      accepted: at.progress.accepted + 1,
      subscriptionTaken: at.progress.subscriptionTaken || result.subscription,
      remaining: result.remaining,
    };
    setAt({ step: nextStep(funnel, step, true, progress), progress });
  };
  const declined = () => {
    backend.send({ type: 'declined', stepId: step.stepId });
    setAt({ step: afterDecline, progress: at.progress });
  };

  return (
    <StepPage
      key={step.stepId}
      input={input}
      step={step}
      endsOnDecline={afterDecline === null}
      progress={at.progress}
      backend={backend}
      onAccepted={accepted}
      onDeclined={declined}
    />
  );
}

/**
 * The backend as the page talks to it. Events go out one request each, fire-and-forget; `flush` waits a little
 * for the last ones at the end.
 */
function useBackend(input: PostPurchaseRenderApi): Backend & { flush(maxMs: number): Promise<void> } {
  const pending = useRef(new Set<Promise<void>>());
  return useMemo(() => {
    const purchase = input.inputData.initialPurchase;
    const send = (event: StepEvent) => {
      const request = {
        ...purchaseOf(input.inputData),
        ...(purchase.customerId ? { customerId: purchase.customerId } : {}),
        events: [event],
      };
      const sent = postEvents(request, input.inputData.token, { backendUrl: backendUrl(), timeoutMs: EVENTS_TIMEOUT_MS });
      pending.current.add(sent);
      void sent.finally(() => pending.current.delete(sent));
    };
    const flush = (maxMs: number) =>
      Promise.race([Promise.all([...pending.current]).then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, maxMs))]);
    return { send, flush, options: { backendUrl: backendUrl(), timeoutMs: SIGN_TIMEOUT_MS } };
  }, [input]);
}
