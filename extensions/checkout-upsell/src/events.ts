import type { CheckoutEvent, CheckoutEventsRequest } from './offers-contract.js';

export const EVENTS_TIMEOUT_MS = 3_000;

export interface EventTransport {
  /** Backend origin without trailing slash; empty means events are not sent. */
  backendUrl: string;
  /** `shopify.sessionToken.get`. */
  sessionToken: () => Promise<string>;
  timeoutMs?: number;
}

/**
 * POSTs events to `/api/checkout/events`. Fire-and-forget: resolves in every case, never throws, and gives up
 * after `timeoutMs`, because analytics must never slow down or break a checkout.
 */
export async function postCheckoutEvents(events: CheckoutEvent[], transport: EventTransport): Promise<void> {
  if (!transport.backendUrl || events.length === 0) return;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs ?? EVENTS_TIMEOUT_MS);
  try {
    const token = await transport.sessionToken();
    const body: CheckoutEventsRequest = { events };
    await fetch(`${transport.backendUrl}/api/checkout/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
  } catch {
    // Swallowed on purpose: a lost impression costs less than a visible error.
  } finally {
    clearTimeout(timer);
  }
}

// One random id per extension instance, for checkouts whose token Shopify does not expose.
const instanceId = Math.random().toString(36).slice(2, 12);

/** Builds an event with its idempotency key (see {@link CheckoutEvent.idempotencyKey}). */
export function checkoutEvent(
  kind: CheckoutEvent['kind'],
  fields: Pick<CheckoutEvent, 'offerId' | 'variantId' | 'sellingPlanId' | 'quantity' | 'discountCode' | 'checkoutToken'>,
  now: Date = new Date(),
): CheckoutEvent {
  const scope = fields.checkoutToken ?? instanceId;
  const plan = fields.sellingPlanId ? `:${fields.sellingPlanId}` : '';
  // Absent optional fields stay `undefined` here and disappear in JSON.stringify.
  return {
    kind,
    surface: 'checkout',
    ...fields,
    occurredAt: now.toISOString(),
    idempotencyKey: `${scope}:${fields.offerId}:${fields.variantId}${plan}:${kind}`,
  };
}
