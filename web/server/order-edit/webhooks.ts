// The order webhooks this module consumes. They are hints: a job reads the order from Shopify before acting, so a
// duplicated, late or out-of-order delivery can only cause one more check, never a wrong release or record.
import type { TopicHandler, TopicHandlers } from '../webhooks/index.js';
import { enqueueMarkReady, HOLD_UNTIL_READY_JOB, type OrderEditDeps, SETTLE_JOB } from './deps.js';
import { readOrderEditSettings } from './settings.js';

/** How long after orders/create the "nothing open any more?" check runs when Encore holds orders until ready. */
export const READY_CHECK_AFTER_CREATE_MS = 30 * 60_000;

interface OrderPayload {
  id?: unknown;
  admin_graphql_api_id?: unknown;
  financial_status?: unknown;
  total_outstanding?: unknown;
}

function orderIdOf(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const { id, admin_graphql_api_id: gid } = body as OrderPayload;
  if (typeof gid === 'string' && /^gid:\/\/shopify\/Order\/\d+$/.test(gid)) return gid;
  if ((typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && /^\d+$/.test(id)))
    return `gid://shopify/Order/${id}`;
  return null;
}

/** The payload says nothing is owed any more (REST `financial_status` "paid", or `total_outstanding` zero). */
function looksSettled(body: unknown): boolean {
  const { financial_status: status, total_outstanding: outstanding } = body as OrderPayload;
  if (status === 'paid') return true;
  return (typeof outstanding === 'string' || typeof outstanding === 'number') && Number(outstanding) <= 0;
}

function settleHandler(deps: OrderEditDeps): TopicHandler {
  return async (event, log) => {
    const orderId = orderIdOf(event.body);
    if (!orderId || !looksSettled(event.body)) return;
    const shop = await deps.repo.shopByDomain(event.shop);
    if (!shop) return;
    const edits = await deps.repo.committedEditsOfOrder(shop.id, orderId);
    for (const edit of edits) {
      // One check per delivery: a later webhook checks again even if an earlier one found the balance unpaid.
      await deps.jobs.enqueue(
        SETTLE_JOB,
        { editId: edit.id },
        { idempotencyKey: `${SETTLE_JOB}:${edit.id}:${event.deliveryId}`, shopDomain: shop.domain },
      );
    }
    if (edits.length) log.info({ orderId, edits: edits.length }, 'balance may be paid; checking with Shopify');
  };
}

function holdOnCreateHandler(deps: OrderEditDeps): TopicHandler {
  return async (event) => {
    const orderId = orderIdOf(event.body);
    if (!orderId) return;
    const shop = await deps.repo.shopByDomain(event.shop);
    if (!shop || !(await readOrderEditSettings(deps.db, shop.id)).holdUntilReady) return;
    await deps.jobs.enqueue(
      HOLD_UNTIL_READY_JOB,
      { shopId: shop.id, orderId },
      { idempotencyKey: `${HOLD_UNTIL_READY_JOB}:${shop.id}:${orderId}`, shopDomain: shop.domain },
    );
    // A held order must not wait for ever: check later whether any window is still open.
    const at = new Date(deps.clock.now().getTime() + READY_CHECK_AFTER_CREATE_MS);
    await enqueueMarkReady(deps, shop, orderId, 'after-create', at);
  };
}

/** orders/paid and orders/updated settle balances; orders/create holds new orders when the shop asked for it. */
export function orderEditTopicHandlers(deps: OrderEditDeps): TopicHandlers {
  const settle = settleHandler(deps);
  return { 'orders/paid': settle, 'orders/updated': settle, 'orders/create': holdOnCreateHandler(deps) };
}
