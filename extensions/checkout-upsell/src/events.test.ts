import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkoutEvent, postCheckoutEvents } from './events.js';
import { type EventsBackend, startEventsBackend } from './test-support/events-backend.js';

let backend: EventsBackend;
beforeEach(async () => {
  backend = await startEventsBackend();
});
afterEach(async () => {
  await backend.close();
});

const shown = checkoutEvent(
  'shown',
  { offerId: 'offer_socks', variantId: 'gid://shopify/ProductVariant/91', quantity: 1, checkoutToken: 'c1' },
  new Date('2026-11-23T10:00:00.000Z'),
);

describe('postCheckoutEvents', () => {
  it('when the backend is up, then it receives the events as JSON with the session token as bearer', async () => {
    await postCheckoutEvents([shown], { backendUrl: backend.url, sessionToken: async () => 'jwt-1' });
    expect(backend.received).toEqual([
      {
        authorization: 'Bearer jwt-1',
        contentType: 'application/json',
        body: {
          events: [
            {
              kind: 'shown',
              offerId: 'offer_socks',
              surface: 'checkout',
              variantId: 'gid://shopify/ProductVariant/91',
              quantity: 1,
              checkoutToken: 'c1',
              occurredAt: '2026-11-23T10:00:00.000Z',
              idempotencyKey: 'c1:offer_socks:gid://shopify/ProductVariant/91:shown',
            },
          ],
        },
      },
    ]);
  });

  it('when the backend never answers, then the request is aborted after the timeout and the call still resolves', async () => {
    backend.mode = 'hang';
    const started = Date.now();
    await expect(
      postCheckoutEvents([shown], { backendUrl: backend.url, sessionToken: async () => 'jwt-1', timeoutMs: 150 }),
    ).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => backend.aborted).toBe(1);
  });

  it('when the backend fails, the session token cannot be read, or no backend is configured, then the call resolves quietly', async () => {
    backend.mode = 'fail';
    await expect(postCheckoutEvents([shown], { backendUrl: backend.url, sessionToken: async () => 'jwt-1' })).resolves.toBeUndefined();
    expect(backend.received).toHaveLength(1);
    await expect(
      postCheckoutEvents([shown], { backendUrl: backend.url, sessionToken: () => Promise.reject(new Error('no token')) }),
    ).resolves.toBeUndefined();
    await expect(postCheckoutEvents([shown], { backendUrl: '', sessionToken: async () => 'jwt-1' })).resolves.toBeUndefined();
    await expect(
      postCheckoutEvents([shown], { backendUrl: 'http://127.0.0.1:1', sessionToken: async () => 'jwt-1' }),
    ).resolves.toBeUndefined();
    expect(backend.received).toHaveLength(1);
  });

  it('when the same fact is reported twice in one checkout, then both events carry the same idempotency key', () => {
    const again = checkoutEvent('shown', { offerId: 'offer_socks', variantId: 'gid://shopify/ProductVariant/91', checkoutToken: 'c1' });
    expect(again.idempotencyKey).toBe(shown.idempotencyKey);
    const accepted = checkoutEvent('accepted', {
      offerId: 'offer_socks',
      variantId: 'gid://shopify/ProductVariant/91',
      checkoutToken: 'c1',
      sellingPlanId: 'gid://shopify/SellingPlan/1',
    });
    expect(accepted.idempotencyKey).toBe('c1:offer_socks:gid://shopify/ProductVariant/91:gid://shopify/SellingPlan/1:accepted');
  });
});
