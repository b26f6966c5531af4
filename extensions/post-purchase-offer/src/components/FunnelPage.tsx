import type { PostPurchaseRenderApi } from '@shopify/post-purchase-ui-extensions-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { postEvents } from '../api.js';
import { backendUrl } from '../backend-url.js';
import { firstShowable, nextStep, START, type Progress } from '../funnel.js';
import { readStoredFunnel, type StepEvent, type StepView } from '../offer.js';
import { StepPage, type AcceptedStep } from './StepPage.js';

export const SIGN_TIMEOUT_MS = 10_000;
export const EVENTS_TIMEOUT_MS = 5_000;
/** At the end, how long pending events may delay the Thank-you page. */
export const FLUSH_EVENTS_MS = 800;

export interface Backend {
  send(event: StepEvent): void;
  options: { backendUrl: string; timeoutMs: number };
}

/** The post-purchase page: one step at a time along the funnel ShouldRender stored, then `done()`. */
export function FunnelPage({ input }: { input: PostPurchaseRenderApi }) {
  const funnel = useMemo(() => readStoredFunnel(input.storage.initialData), [input]);
  const [at, setAt] = useState<{ step: StepView | null; progress: Progress }>(() => ({
    step: funnel ? firstShowable(funnel, funnel.firstStepId, START) : null,
    progress: START,
  }));
  const events = useEvents(input);
  const finished = useRef(false);

  useEffect(() => {
    if (at.step !== null || finished.current) return;
    finished.current = true;
    void events.flush(FLUSH_EVENTS_MS).then(() => input.done());
  }, [at.step]);

  if (!funnel || !at.step) return null;
  const step = at.step;

  const accepted = (result: AcceptedStep) => {
    const progress: Progress = {
      accepted: at.progress.accepted + 1,
      subscriptionTaken: at.progress.subscriptionTaken || result.subscription,
      remaining: result.remaining,
    };
    setAt({ step: nextStep(funnel, step, true, progress), progress });
  };
  const declined = () => {
    events.send({ type: 'declined', stepId: step.stepId });
    setAt({ step: nextStep(funnel, step, false, at.progress), progress: at.progress });
  };

  return (
    <StepPage
      key={step.stepId}
      input={input}
      step={step}
      endsOnDecline={nextStep(funnel, step, false, at.progress) === null}
      progress={at.progress}
      backend={{ send: events.send, options: { backendUrl: backendUrl(), timeoutMs: SIGN_TIMEOUT_MS } }}
      onAccepted={accepted}
      onDeclined={declined}
    />
  );
}

/** Events go out one request each, fire-and-forget; `flush` waits a little for the last ones at the end. */
function useEvents(input: PostPurchaseRenderApi) {
  const pending = useRef(new Set<Promise<void>>());
  return useMemo(() => {
    const purchase = input.inputData.initialPurchase;
    const send = (event: StepEvent) => {
      const request = {
        referenceId: purchase.referenceId,
        shopDomain: input.inputData.shop.domain,
        ...(purchase.customerId ? { customerId: purchase.customerId } : {}),
        events: [event],
      };
      const sent = postEvents(request, input.inputData.token, { backendUrl: backendUrl(), timeoutMs: EVENTS_TIMEOUT_MS });
      pending.current.add(sent);
      void sent.finally(() => pending.current.delete(sent));
    };
    const flush = (maxMs: number) =>
      Promise.race([Promise.all([...pending.current]).then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, maxMs))]);
    return { send, flush };
  }, [input]);
}
