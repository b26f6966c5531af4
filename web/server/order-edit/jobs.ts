// The background half of the flow: finishing accepts Shopify delayed, settling paid balances, closing windows,
// ending offers nobody accepted, marking orders safe to fulfil. Every handler is safe to run twice (docs/jobs.md).
import { z } from 'zod';
import { defineJobHandler } from '../jobs/define.js';
import { RetriableJobError } from '../jobs/errors.js';
import type { JobHandlers } from '../jobs/types.js';
import { shopifyJobError } from '../shopify/job-errors.js';
import { runAcceptJob } from './accept.js';
import {
  ACCEPT_JOB,
  CLOSE_JOB,
  HOLD_UNTIL_READY_JOB,
  MARK_READY_JOB,
  type OrderEditDeps,
  PERSISTENT_JOB_ATTEMPTS,
  SETTLE_JOB,
  WINDOW_END_JOB,
} from './deps.js';
import { holdUntilReady, markReadyIfSettled } from './ready.js';
import { closeWindow, endOfferWindow, type SettleOutcome, settleIfPaid } from './settle.js';

const editPayload = z.object({ editId: z.string().min(1) });
const orderPayload = z.object({ shopId: z.string().min(1), orderId: z.string().min(1) });
const BUSY_RETRY_MS = 5_000;
const PENDING_ACCEPT_RETRY_MS = 60_000;

async function shopifyErrorsAsJobErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw shopifyJobError(error);
  }
}

function settled(outcome: SettleOutcome): { outcome: SettleOutcome } {
  if (outcome === 'busy') throw new RetriableJobError('the order is being edited by another attempt', BUSY_RETRY_MS);
  return { outcome };
}

export function orderEditJobHandlers(deps: OrderEditDeps): JobHandlers {
  return {
    [ACCEPT_JOB]: defineJobHandler(editPayload, async ({ editId }) => ({ outcome: (await runAcceptJob(deps, editId)).kind })),
    [SETTLE_JOB]: defineJobHandler(editPayload, async ({ editId }) =>
      settled(await shopifyErrorsAsJobErrors(() => settleIfPaid(deps, editId))),
    ),
    [CLOSE_JOB]: defineJobHandler(editPayload, async ({ editId }) =>
      settled(await shopifyErrorsAsJobErrors(() => closeWindow(deps, editId))),
    ),
    [WINDOW_END_JOB]: defineJobHandler(z.object({ emailOfferId: z.string().min(1) }), async ({ emailOfferId }) => {
      const outcome = await endOfferWindow(deps, emailOfferId);
      if (outcome === 'pending') throw new RetriableJobError('an accept of this offer is still being completed', PENDING_ACCEPT_RETRY_MS);
      return { outcome };
    }),
    [MARK_READY_JOB]: defineJobHandler(orderPayload, async ({ shopId, orderId }) => ({
      outcome: await shopifyErrorsAsJobErrors(() => markReadyIfSettled(deps, shopId, orderId)),
    })),
    [HOLD_UNTIL_READY_JOB]: defineJobHandler(orderPayload, async ({ shopId, orderId }) => ({
      outcome: await shopifyErrorsAsJobErrors(() => holdUntilReady(deps, shopId, orderId)),
    })),
  };
}

/**
 * For the email module, once an offer email is sent: at the offer's end, an offer nobody accepted is marked expired
 * and its order may become ready to fulfil. (An accepted offer has its own window-end job, from the accept.)
 */
export async function scheduleOfferWindowEnd(
  deps: Pick<OrderEditDeps, 'jobs'>,
  offer: { id: string; shopDomain: string; expiresAt: Date },
): Promise<void> {
  await deps.jobs.enqueue(
    WINDOW_END_JOB,
    { emailOfferId: offer.id },
    {
      runAt: offer.expiresAt,
      idempotencyKey: `${WINDOW_END_JOB}:${offer.id}`,
      shopDomain: offer.shopDomain,
      maxAttempts: PERSISTENT_JOB_ATTEMPTS,
    },
  );
}
