// What the post-purchase page reports about a step, as ledger events: shown, declined, and applyChangeset's
// outcome (applied: the changeset's appliedAt and an `accepted` event with or without revenue). Idempotent: each
// event has one key per purchase and step.
import type { Clock } from '../clock.js';
import type { Ledger } from '../ledger/index.js';
import type { Logger } from '../logger.js';
import { type PresentedStep, toGid } from '../offers/index.js';
import type { ChangesetRecord, ChangesetStore } from './changesets.js';
import { PostPurchaseRefusedError } from './refusals.js';
import type { StepEvent } from './wire.js';

/** Who the events are about: the purchase, its funnel and step, as every ledger event of the step carries them. */
export interface StepEventContext {
  shopId: string;
  orderKey: string;
  customerId: string | null;
  surface: 'post_purchase';
  funnelId: string | null;
  stepId: string;
  offerId: string;
  arm: string | null;
}

export interface StepEventDeps {
  ledger: Pick<Ledger, 'recordEvent'>;
  changesets: Pick<ChangesetStore, 'markApplied'>;
  clock: Clock;
  log: Logger;
}

/** One event of a step, with what the ledger needs around it. */
export interface StepEventInput {
  event: StepEvent;
  step: PresentedStep;
  context: StepEventContext;
  /** The purchase's changesets (needed for `applied`). */
  rows: ReadonlyArray<ChangesetRecord>;
}

/** Records one event; true when it was new (not a replay). An outcome for a step never signed is a 409. */
export async function recordStepEvent(deps: StepEventDeps, { event, step, context, rows }: StepEventInput): Promise<boolean> {
  switch (event.type) {
    case 'shown':
      return (await deps.ledger.recordEvent({ ...context, kind: 'shown', idempotencyKey: eventKey('shown', context) })).recorded;
    case 'declined':
      return (
        await deps.ledger.recordEvent({
          ...context,
          kind: 'declined',
          productIds: [...new Set(step.options.map((option) => option.productId))],
          idempotencyKey: eventKey('declined', context),
        })
      ).recorded;
    case 'applied': {
      const row = rows.find((candidate) => candidate.stepId === event.stepId);
      if (!row) throw new PostPurchaseRefusedError(409, 'not_signed', `No changeset was signed for step "${event.stepId}".`);
      return recordApplied(deps, event, row, context);
    }
  }
}

function eventKey(kind: string, context: StepEventContext): string {
  return `${kind}:${context.surface}:${context.orderKey}:${context.stepId}`;
}

/** applyChangeset's answer: `unprocessed` is only logged; otherwise the change counts as accepted. */
async function recordApplied(
  deps: StepEventDeps,
  event: Extract<StepEvent, { type: 'applied' }>,
  row: ChangesetRecord,
  context: StepEventContext,
): Promise<boolean> {
  if (event.status === 'unprocessed') {
    deps.log.info(
      { shop: context.shopId, referenceId: context.orderKey, stepId: event.stepId, errorCodes: event.errorCodes },
      'changeset not applied',
    );
    return false;
  }
  await deps.changesets.markApplied(row.id, deps.clock.now());
  const change = row.changes[0];
  // partially_processed: Shopify added the item but the payment failed, so no money is counted yet.
  const paid = event.status === 'processed';
  const recorded = await deps.ledger.recordEvent({
    ...context,
    kind: 'accepted',
    variantId: change ? toGid('ProductVariant', change.variantId) : null,
    quantity: change?.quantity ?? null,
    amount: paid ? { minor: row.amountMinor, currencyCode: row.currencyCode } : null,
    detail: {
      jti: row.jti,
      status: event.status,
      changeType: change?.type ?? null,
      ...(paid ? {} : { pendingMinor: row.amountMinor }),
      ...(event.changesetApplicationsRemaining !== undefined && event.changesetApplicationsRemaining !== null
        ? { changesetApplicationsRemaining: event.changesetApplicationsRemaining }
        : {}),
    },
    idempotencyKey: eventKey('accepted', context),
  });
  return recorded.recorded;
}
