// Accepting an email offer: one order edit, whatever the double clicks, tabs, retries or crashes.
//
//   lock the order -> begin (re-reads the order: still editable? an earlier attempt's line already there?) ->
//   note the order's lines -> add the variant -> its discount -> commit -> record -> hold the added items ->
//   schedule the window's end -> ledger "accepted" -> the shopper goes to Shopify's payment page.
//
// The order's lines are noted BEFORE the commit, so an attempt that dies between orderEditCommit and its record is
// recognised by the next one (a line that was not there, with the offered variant) and recorded instead of added
// again. Budget, measured on the emulator (bench/order-edit): begin + add + discount + commit + hold = 50 points.
import { RetriableJobError } from '../jobs/errors.js';
import { decimalToMinor } from '../offers/index.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { ShopifyUnavailableError } from '../shopify/errors.js';
import { shopifyJobError } from '../shopify/job-errors.js';
import { ACCEPT_JOB, CLOSE_JOB, MIN_PAY_WINDOW_MS, type OrderEditDeps, PERSISTENT_JOB_ATTEMPTS } from './deps.js';
import { editLedgerEvent } from './ledger-events.js';
import { withOrderLock } from './lock.js';
import { type EmailOfferSnapshot, findChoice, readOfferSnapshot } from './offer-snapshot.local.js';
import type { EditRecord, OfferRecord } from './repository.js';
import {
  addDiscount,
  addVariant,
  beginEdit,
  commitEdit,
  discountInput,
  holdHandleOf,
  holdLines,
  linesAddedSince,
  type OrderState,
  readOrderState,
} from './shopify-calls.js';

export type RefusalReason =
  | 'expired'
  | 'gone'
  | 'order_cancelled'
  | 'order_fulfilled'
  | 'not_editable'
  | 'sold_out'
  | 'invalid_choice'
  | 'unavailable';

export type AcceptOutcome =
  | { kind: 'accepted'; paymentUrl: string | null }
  | { kind: 'paid' }
  | { kind: 'processing' }
  | { kind: 'refused'; reason: RefusalReason };

/** runAccept's outcomes, plus "another attempt holds the order right now". */
export type RunOutcome = AcceptOutcome | { kind: 'busy' };

export interface Choice {
  variantId: string;
  quantity: number;
}

const refused = (reason: RefusalReason): AcceptOutcome => ({ kind: 'refused', reason });
const OPEN_OFFER_STATUSES = ['scheduled', 'sent', 'accepted'];

/** Why the order can no longer take the offer, or null when it can. */
export function refusalOf(order: OrderState): RefusalReason | null {
  if (order.cancelledAt) return 'order_cancelled';
  if (['FULFILLED', 'PARTIALLY_FULFILLED', 'RESTOCKED'].includes(order.displayFulfillmentStatus)) return 'order_fulfilled';
  if (!order.merchantEditable) return 'not_editable';
  return null;
}

/** The shopper pressed accept (checked token and form): records the choice, then edits the order or queues it. */
export async function acceptOffer(deps: OrderEditDeps, offer: OfferRecord, choice: Choice): Promise<AcceptOutcome> {
  const existing = await deps.repo.editOfOffer(offer.shopId, offer.id);
  if (existing?.status === 'committed') return { kind: 'accepted', paymentUrl: existing.paymentUrl };
  if (existing?.status === 'paid' || offer.status === 'paid') return { kind: 'paid' };
  if (existing?.status === 'removed' || !OPEN_OFFER_STATUSES.includes(offer.status))
    return refused(offer.status === 'expired' ? 'expired' : 'gone');
  if (deps.clock.now().getTime() >= offer.expiresAt.getTime()) return refused('expired');
  const snapshot = readOfferSnapshot(offer.offer);
  const picked = snapshot ? findChoice(snapshot, choice.variantId) : null;
  if (!snapshot || !picked) return refused(snapshot ? 'invalid_choice' : 'unavailable');
  // Order edits cannot add a selling-plan line: a subscription option goes through route-accept.ts instead.
  if (picked.option.sellingPlan) return refused('invalid_choice');
  const { min, max } = picked.option.quantity;
  if (!Number.isSafeInteger(choice.quantity) || choice.quantity < min || choice.quantity > max) return refused('invalid_choice');
  const edit = await deps.repo.claimEdit(offer, choice);
  try {
    const outcome = await runAccept(deps, edit.id);
    if (outcome.kind !== 'busy') return outcome;
    // Another tab or a retry holds the order: it finishes; a job checks after it.
    await queueAccept(deps, offer, edit.id);
    return { kind: 'processing' };
  } catch (error) {
    // Shopify throttled or down beyond the Admin client's retries, or our own record failing (a database blip after
    // the commit): the job finishes it, and finds a committed line instead of adding another.
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ShopifyUnavailableError)
      deps.logger.warn({ editId: edit.id, error: message }, 'Shopify unavailable during an accept');
    else deps.logger.error({ editId: edit.id, error: message }, 'accept interrupted; completing it in the background');
    await queueAccept(deps, offer, edit.id);
    return { kind: 'processing' };
  }
}

/** Finishes an accept later (Shopify throttled or down, or another attempt held the order). */
export async function queueAccept(deps: OrderEditDeps, offer: Pick<OfferRecord, 'shopDomain'>, editId: string): Promise<void> {
  const { job, created } = await deps.jobs.enqueue(
    ACCEPT_JOB,
    { editId },
    { idempotencyKey: `${ACCEPT_JOB}:${editId}`, shopDomain: offer.shopDomain, maxAttempts: PERSISTENT_JOB_ATTEMPTS },
  );
  if (!created && (job.status === 'failed' || job.status === 'dead' || job.status === 'succeeded')) await deps.jobs.retryNow(job.id);
}

/**
 * Runs (or finishes) the edit of `editId` under the order's lock. Throws ShopifyUnavailableError when Shopify
 * stays throttled or down (the caller queues or retries); every other failure of Shopify's is an outcome.
 */
export async function runAccept(deps: OrderEditDeps, editId: string): Promise<RunOutcome> {
  const first = await deps.repo.edit(editId);
  if (!first?.emailOfferId) return refused('gone');
  const locked = await withOrderLock(deps.db, deps.clock, { shopId: first.shopId, orderId: first.orderId }, deps.lock, async () => {
    const edit = await deps.repo.edit(editId);
    const offer = edit?.emailOfferId ? await deps.repo.offer(edit.emailOfferId) : null;
    if (!edit || !offer) return refused('gone');
    if (edit.status === 'paid') return { kind: 'paid' } as const;
    if (edit.status === 'removed') return refused('gone');
    if (edit.status === 'failed') return refused(reasonOf(edit.error));
    const admin = await deps.adminFor(offer.shopDomain);
    if (edit.status === 'committed') return followUps(deps, admin, offer, edit.id, null);
    return editOrder(deps, admin, offer, edit);
  });
  return locked.acquired ? locked.value : { kind: 'busy' };
}

function reasonOf(error: string | null): RefusalReason {
  const reason = error?.split(':')[0] ?? '';
  const known: RefusalReason[] = ['order_cancelled', 'order_fulfilled', 'not_editable', 'sold_out', 'unavailable', 'gone'];
  return (known as string[]).includes(reason) ? (reason as RefusalReason) : 'unavailable';
}

async function fail(deps: OrderEditDeps, edit: EditRecord, reason: RefusalReason, detail: string[]): Promise<AcceptOutcome> {
  await deps.repo.markFailed(edit.id, `${reason}: ${detail.join('; ')}`);
  deps.logger.info({ editId: edit.id, orderId: edit.orderId, reason, detail }, 'email offer not added to the order');
  return refused(reason);
}

async function editOrder(deps: OrderEditDeps, admin: AdminClient, offer: OfferRecord, edit: EditRecord): Promise<AcceptOutcome> {
  const snapshot = readOfferSnapshot(offer.offer);
  const picked = snapshot && edit.variantId ? findChoice(snapshot, edit.variantId) : null;
  if (!snapshot || !picked || !edit.variantId || !edit.quantity)
    return fail(deps, edit, 'unavailable', ['the offer snapshot no longer matches']);
  const begun = await beginEdit(admin, offer.orderId);
  if (!begun.ok) {
    const state = await readOrderState(admin, offer.orderId);
    return fail(deps, edit, state ? (refusalOf(state) ?? 'not_editable') : 'gone', begun.errors);
  }
  const { order, calculatedOrderId } = begun.value;
  const refusal = refusalOf(order);
  if (refusal) return fail(deps, edit, refusal, order.merchantEditableErrors);
  if (edit.baseLineItemIds) {
    const already = linesAddedSince(order, edit.baseLineItemIds, edit.variantId);
    if (already.length > 0) {
      deps.logger.warn(
        { editId: edit.id, lines: already.map((l) => l.id) },
        'found the line an interrupted attempt committed; recording it',
      );
      const amount = already.reduce((sum, l) => sum + decimalToMinor(l.discountedTotalSet.shopMoney.amount, offer.shopCurrency), 0);
      return recordCommitted(deps, admin, offer, edit, order, { amountMinor: amount, currencyCode: offer.shopCurrency });
    }
  } else {
    edit.baseLineItemIds = order.lineItems.nodes.map((l) => l.id);
    await deps.repo.saveBaseLines(edit.id, edit.baseLineItemIds);
  }
  const added = await addVariant(admin, calculatedOrderId, edit.variantId, edit.quantity);
  if (!added.ok) return fail(deps, edit, 'sold_out', added.errors);
  let line = added.value;
  const discount = picked.option.resolvedDiscount.shop;
  if (discount) {
    const description = picked.option.discountLabel ?? snapshot.content.headline;
    const discounted = await addDiscount(admin, calculatedOrderId, line.lineId, discountInput(discount, offer.shopCurrency, description));
    if (!discounted.ok) return fail(deps, edit, 'unavailable', discounted.errors);
    line = discounted.value;
  }
  const staffNote = `Encore: added from the email offer the customer accepted (edit ${edit.id}); removed if unpaid when the offer ends.`;
  const committed = await commitEdit(admin, calculatedOrderId, staffNote);
  if (!committed.ok) return fail(deps, edit, 'sold_out', committed.errors);
  return recordCommitted(deps, admin, offer, edit, committed.value, { amountMinor: line.subtotalMinor, currencyCode: line.currencyCode });
}

async function recordCommitted(
  deps: OrderEditDeps,
  admin: AdminClient,
  offer: OfferRecord,
  edit: EditRecord,
  order: OrderState,
  amount: { amountMinor: number; currencyCode: string },
): Promise<AcceptOutcome> {
  const now = deps.clock.now();
  await deps.repo.markCommitted(edit.id, {
    addedLineItemIds: linesAddedSince(order, edit.baseLineItemIds ?? [], edit.variantId ?? '').map((l) => l.id),
    ...amount,
    paymentUrl: order.paymentCollectionDetails?.additionalPaymentCollectionUrl ?? null,
    committedAt: now,
    removeAfter: new Date(Math.max(offer.expiresAt.getTime(), now.getTime() + MIN_PAY_WINDOW_MS)),
  });
  return followUps(deps, admin, offer, edit.id, order);
}

/** Everything after the record, each step safe to repeat: hold, window-end job, ledger, offer status. */
async function followUps(
  deps: OrderEditDeps,
  admin: AdminClient,
  offer: OfferRecord,
  editId: string,
  known: OrderState | null,
): Promise<AcceptOutcome> {
  const edit = await deps.repo.edit(editId);
  if (edit?.status !== 'committed') return refused('gone');
  const log = deps.logger.child({ editId, orderId: edit.orderId, shop: offer.shopDomain });
  if (edit.holds.length === 0 && edit.addedLineItemIds.length > 0) {
    const order = known ?? (await readOrderState(admin, offer.orderId));
    if (order) {
      const notes = 'Encore email offer: waiting for the customer to pay the balance';
      const { holds, problems } = await holdLines(admin, order, edit.addedLineItemIds, holdHandleOf(edit.id), notes);
      if (holds.length) await deps.repo.saveHolds(edit.id, holds);
      if (problems.length) log.warn({ problems }, 'could not hold every added item; they may be fulfilled before payment');
    }
  }
  await deps.jobs.enqueue(
    CLOSE_JOB,
    { editId: edit.id },
    {
      runAt: edit.removeAfter ?? deps.clock.now(),
      idempotencyKey: `${CLOSE_JOB}:${edit.id}`,
      shopDomain: offer.shopDomain,
      maxAttempts: PERSISTENT_JOB_ATTEMPTS,
    },
  );
  await recordAccepted(deps, offer, edit);
  await deps.repo.setOfferStatus(offer.id, 'accepted', ['scheduled', 'sent']);
  log.info({ amountMinor: edit.amountMinor, paymentUrl: Boolean(edit.paymentUrl) }, 'email offer added to the order');
  return edit.paymentUrl ? { kind: 'accepted', paymentUrl: edit.paymentUrl } : { kind: 'accepted', paymentUrl: null };
}

async function recordAccepted(deps: OrderEditDeps, offer: OfferRecord, edit: EditRecord): Promise<void> {
  const snapshot: EmailOfferSnapshot | null = readOfferSnapshot(offer.offer);
  const picked = snapshot && edit.variantId ? findChoice(snapshot, edit.variantId) : null;
  // Ledger convention (ledger/events.ts): an email acceptance adds unpaid items, so its amount waits in
  // detail.pendingMinor; the `paid` event carries it once the balance is paid.
  await deps.ledger.recordEvent(
    editLedgerEvent(
      offer,
      edit,
      'accepted',
      {
        productIds: picked ? [picked.option.productId] : null,
        detail: {
          route: 'edited_order',
          pendingMinor: edit.amountMinor ?? 0,
          currencyCode: edit.currencyCode ?? offer.shopCurrency,
          editId: edit.id,
        },
      },
      snapshot,
    ),
  );
}

/** For the accept job: the same run, with Shopify failures turned into job errors. */
export async function runAcceptJob(deps: OrderEditDeps, editId: string): Promise<AcceptOutcome> {
  let outcome: RunOutcome;
  try {
    outcome = await runAccept(deps, editId);
  } catch (error) {
    throw shopifyJobError(error);
  }
  if (outcome.kind === 'busy') throw new RetriableJobError('the order is being edited by another attempt', BUSY_RETRY_MS);
  return outcome;
}

const BUSY_RETRY_MS = 5_000;
