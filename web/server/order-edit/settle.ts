// After an accept: the balance paid (release the hold, ledger "paid"), or the window over with the balance unpaid
// (a second edit sets the added line to 0 with restock, committed without telling the customer; holds released;
// ledger "removed"). Shopify's word is final: the order is read before acting, so a late, duplicated or
// out-of-order webhook cannot mark an unpaid line paid, and a removal interrupted after its commit is recognised.
import { TerminalJobError } from '../jobs/errors.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { enqueueMarkReady, type OrderEditDeps } from './deps.js';
import { editLedgerEvent } from './ledger-events.js';
import { withOrderLock } from './lock.js';
import type { EditRecord, OfferRecord } from './repository.js';
import { beginEdit, commitEdit, type OrderState, outstandingMinor, readOrderState, releaseHolds, setQuantity } from './shopify-calls.js';

export type SettleOutcome = 'paid' | 'removed' | 'unpaid' | 'not_committed' | 'order_gone' | 'busy';

interface Loaded {
  edit: EditRecord;
  offer: OfferRecord;
  admin: AdminClient;
}

async function load(deps: OrderEditDeps, editId: string): Promise<Loaded | null> {
  const edit = await deps.repo.edit(editId);
  if (edit?.status !== 'committed' || !edit.emailOfferId) return null;
  const offer = await deps.repo.offer(edit.emailOfferId);
  if (!offer) return null;
  return { edit, offer, admin: await deps.adminFor(offer.shopDomain) };
}

/** Units of the added lines still on the order (0 once a removal committed). */
function addedUnitsLeft(order: OrderState, edit: EditRecord): number {
  const added = new Set(edit.addedLineItemIds);
  return order.lineItems.nodes.filter((l) => added.has(l.id)).reduce((sum, l) => sum + l.currentQuantity, 0);
}

async function locked(deps: OrderEditDeps, editId: string, work: (loaded: Loaded) => Promise<SettleOutcome>): Promise<SettleOutcome> {
  const first = await deps.repo.edit(editId);
  if (first?.status !== 'committed') return 'not_committed';
  const result = await withOrderLock(deps.db, deps.clock, { shopId: first.shopId, orderId: first.orderId }, deps.lock, async () => {
    const loaded = await load(deps, editId);
    return loaded ? work(loaded) : ('not_committed' as const);
  });
  return result.acquired ? result.value : 'busy';
}

async function recordPaid(deps: OrderEditDeps, { edit, offer, admin }: Loaded): Promise<SettleOutcome> {
  const problems = await releaseHolds(admin, edit.holds);
  if (problems.length) throw new Error(`could not release the fulfillment holds: ${problems.join('; ')}`);
  if (await deps.repo.settle(edit.id, 'paid')) {
    const amount = edit.amountMinor !== null ? { minor: edit.amountMinor, currencyCode: edit.currencyCode ?? offer.shopCurrency } : null;
    await deps.ledger.recordEvent(editLedgerEvent(offer, edit, 'paid', { amount, detail: { editId: edit.id } }));
    await deps.repo.setOfferStatus(offer.id, 'paid', ['scheduled', 'sent', 'accepted']);
    deps.logger.info({ editId: edit.id, orderId: edit.orderId, shop: offer.shopDomain }, 'email offer paid; hold released');
  }
  await enqueueMarkReady(deps, { id: offer.shopId, domain: offer.shopDomain }, offer.orderId, 'paid');
  return 'paid';
}

async function recordRemoved(deps: OrderEditDeps, { edit, offer }: Loaded): Promise<SettleOutcome> {
  if (await deps.repo.settle(edit.id, 'removed')) {
    // No amount: unpaid items removed at the window's end were never counted (ledger/events.ts).
    await deps.ledger.recordEvent(editLedgerEvent(offer, edit, 'removed', { detail: { editId: edit.id, reason: 'unpaid_at_window_end' } }));
    await deps.repo.setOfferStatus(offer.id, 'removed', ['scheduled', 'sent', 'accepted']);
    deps.logger.info({ editId: edit.id, orderId: edit.orderId, shop: offer.shopDomain }, 'unpaid email offer removed from the order');
  }
  await enqueueMarkReady(deps, { id: offer.shopId, domain: offer.shopDomain }, offer.orderId, 'removed');
  return 'removed';
}

/** orders/paid or orders/updated said the balance may be settled: check with Shopify, then release and record. */
export async function settleIfPaid(deps: OrderEditDeps, editId: string): Promise<SettleOutcome> {
  return locked(deps, editId, async (loaded) => {
    const order = await readOrderState(loaded.admin, loaded.offer.orderId);
    if (!order) return 'order_gone';
    if (addedUnitsLeft(order, loaded.edit) === 0) return recordRemoved(deps, loaded);
    if (outstandingMinor(order) > 0) return 'unpaid';
    return recordPaid(deps, loaded);
  });
}

/** The window is over: paid -> as settleIfPaid; unpaid -> remove the added units, restocked, customer not notified. */
export async function closeWindow(deps: OrderEditDeps, editId: string): Promise<SettleOutcome> {
  return locked(deps, editId, async (loaded) => {
    const { admin, edit, offer } = loaded;
    const order = await readOrderState(admin, offer.orderId);
    if (!order) return 'order_gone';
    if (addedUnitsLeft(order, edit) === 0) return recordRemoved(deps, loaded);
    if (outstandingMinor(order) <= 0) return recordPaid(deps, loaded);
    const begun = await beginEdit(admin, offer.orderId);
    if (!begun.ok) {
      if (order.cancelledAt) return recordRemoved(deps, loaded);
      throw new TerminalJobError(`cannot remove the unpaid item: ${begun.errors.join('; ')}`);
    }
    for (const lineItemId of edit.addedLineItemIds) {
      const line = begun.value.lines.find((l) => sameLine(l.id, lineItemId));
      if (!line || line.quantity === 0) continue;
      const set = await setQuantity(admin, begun.value.calculatedOrderId, line.id, 0);
      if (!set.ok) throw new TerminalJobError(`cannot remove the unpaid item: ${set.errors.join('; ')}`);
    }
    const note = `Encore: the email offer item was not paid before the offer ended, so it was removed (edit ${edit.id}).`;
    const committed = await commitEdit(admin, begun.value.calculatedOrderId, note);
    if (!committed.ok) throw new Error(`removing the unpaid item failed: ${committed.errors.join('; ')}`);
    const problems = await releaseHolds(admin, edit.holds);
    if (problems.length) deps.logger.warn({ editId: edit.id, problems }, 'a hold of the removed item could not be released');
    return recordRemoved(deps, loaded);
  });
}

/**
 * A CalculatedLineItem carries no link to its LineItem. Shopify's calculated lines for existing line items share
 * the line item's numeric id (the emulator does the same); this is the one place that relies on it.
 */
function sameLine(calculatedLineId: string, lineItemId: string): boolean {
  const tail = (gid: string) => /\/(\d+)$/.exec(gid)?.[1] ?? gid;
  return tail(calculatedLineId) === tail(lineItemId);
}

/** The offer's window ended: an offer nobody accepted is over (the order may be marked ready). */
export async function endOfferWindow(deps: OrderEditDeps, emailOfferId: string): Promise<'expired' | 'accepted' | 'pending' | 'gone'> {
  const offer = await deps.repo.offer(emailOfferId);
  if (!offer) return 'gone';
  const edit = await deps.repo.editOfOffer(offer.shopId, offer.id);
  if (edit?.status === 'pending') return 'pending';
  if (edit && edit.status !== 'failed') return 'accepted';
  await deps.repo.setOfferStatus(offer.id, 'expired', ['scheduled', 'sent']);
  await enqueueMarkReady(deps, { id: offer.shopId, domain: offer.shopDomain }, offer.orderId, 'expired');
  return 'expired';
}
