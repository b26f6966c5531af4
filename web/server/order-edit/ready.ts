// "Safe to fulfil": once no Encore offer window is open on an order (no email planned or sent and still open, no
// added item waiting for payment), the order gets the shop's tag and metafield, so a 3PL or a Flow can wait for them.
// Post-purchase needs no window here: Shopify itself holds fulfilment while its post-purchase page can still change
// the order (https://shopify.dev/changelog/post-purchase-fulfillment-holds).
import { TerminalJobError } from '../jobs/errors.js';
import { FulfillmentOrderHoldMutation } from '../shopify/graphql/FulfillmentOrderHoldMutation.js';
import { OrderReadyMarkMutation } from '../shopify/graphql/OrderReadyMarkMutation.js';
import type { OrderEditDeps } from './deps.js';
import { orderGid } from './repository.js';
import { readOrderEditSettings } from './settings.js';
import { readOrderState, releaseHolds } from './shopify-calls.js';

/** The handle of the optional hold from orders/create until the order is ready. */
export const UNTIL_READY_HOLD_HANDLE = 'encore-until-ready';

export type ReadyOutcome = 'marked' | 'already_marked' | 'window_open' | 'no_shop';

export async function markReadyIfSettled(deps: OrderEditDeps, shopId: string, orderId: string): Promise<ReadyOutcome> {
  const id = orderGid(orderId);
  if (await deps.repo.markedReady(shopId, id)) return 'already_marked';
  const open = await deps.repo.openWindows(shopId, id);
  if (open.offers > 0 || open.edits > 0) return 'window_open';
  const shop = await deps.repo.shopById(shopId);
  if (!shop) return 'no_shop';
  const settings = await readOrderEditSettings(deps.db, shopId);
  const admin = await deps.adminFor(shop.domain);
  const data = await admin.request(OrderReadyMarkMutation, {
    id,
    tags: [settings.readyTag],
    metafields: [
      { ownerId: id, namespace: settings.readyMetafield.namespace, key: settings.readyMetafield.key, type: 'boolean', value: 'true' },
    ],
  });
  const problems = [...(data.tagsAdd?.userErrors ?? []), ...(data.metafieldsSet?.userErrors ?? [])].map((e) => e.message);
  if (problems.length) throw new TerminalJobError(`could not mark the order ready: ${problems.join('; ')}`);
  if (settings.holdUntilReady) {
    const order = await readOrderState(admin, id);
    const holds = (order?.fulfillmentOrders.nodes ?? []).flatMap((fo) =>
      fo.fulfillmentHolds.filter((h) => h.handle === UNTIL_READY_HOLD_HANDLE).map((h) => ({ fulfillmentOrderId: fo.id, holdId: h.id })),
    );
    const released = await releaseHolds(admin, holds);
    if (released.length) throw new Error(`could not release the until-ready holds: ${released.join('; ')}`);
  }
  await deps.repo.recordReady(shopId, id);
  deps.logger.info({ shopId, orderId: id, tag: settings.readyTag }, 'order marked safe to fulfil');
  return 'marked';
}

/** With `holdUntilReady` on: hold the new order's open fulfillment orders until markReadyIfSettled releases them. */
export async function holdUntilReady(deps: OrderEditDeps, shopId: string, orderId: string): Promise<'held' | 'off' | 'no_shop'> {
  const settings = await readOrderEditSettings(deps.db, shopId);
  if (!settings.holdUntilReady) return 'off';
  const id = orderGid(orderId);
  if (await deps.repo.markedReady(shopId, id)) return 'held';
  const shop = await deps.repo.shopById(shopId);
  if (!shop) return 'no_shop';
  const admin = await deps.adminFor(shop.domain);
  const order = await readOrderState(admin, id);
  for (const fo of order?.fulfillmentOrders.nodes ?? []) {
    if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS' && fo.status !== 'ON_HOLD') continue;
    if (fo.fulfillmentHolds.some((h) => h.handle === UNTIL_READY_HOLD_HANDLE)) continue;
    const payload = (
      await admin.request(FulfillmentOrderHoldMutation, {
        id: fo.id,
        hold: {
          reason: 'OTHER',
          handle: UNTIL_READY_HOLD_HANDLE,
          reasonNotes: 'Encore: waiting until every offer window on this order has closed',
          notifyMerchant: false,
        },
      })
    ).fulfillmentOrderHold;
    const problems = (payload?.userErrors ?? []).filter((e) => e.code !== 'DUPLICATE_FULFILLMENT_HOLD_HANDLE');
    if (problems.length) throw new Error(`could not hold the order until ready: ${problems.map((e) => e.message).join('; ')}`);
  }
  return 'held';
}
