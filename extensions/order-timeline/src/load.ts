import type { OrderTimelineResponse } from './contract.js';
import { orderTimelinePath } from './contract.js';

export const LOAD_TIMEOUT_MS = 8_000;

export type LoadResult =
  | { status: 'ok'; timeline: OrderTimelineResponse }
  /** The backend refused the session token (401/403): the app is not installed for this shop, or the token is bad. */
  | { status: 'unauthorized' }
  /** Anything else: no answer in time, a 404/5xx, a body that is not the contract. */
  | { status: 'failed' };

export interface Transport {
  /** Backend origin without trailing slash; '' means relative to the app's URL. */
  backendUrl: string;
  /** `shopify.auth.idToken`: the same token Shopify adds to requests to the app's own domain. */
  idToken: () => Promise<string | null>;
  timeoutMs?: number;
}

/**
 * GET /api/admin/orders/<id>/timeline. The ID token is added explicitly: Shopify adds it only for the app's own
 * domain, and sending the same token again is harmless. Never throws.
 */
export async function loadOrderTimeline(orderGid: string, transport: Transport): Promise<LoadResult> {
  const path = orderTimelinePath(orderGid);
  if (!path) return { status: 'failed' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs ?? LOAD_TIMEOUT_MS);
  try {
    const token = await transport.idToken();
    const response = await fetch(`${transport.backendUrl}${path}`, {
      headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      signal: controller.signal,
    });
    if (response.status === 401 || response.status === 403) return { status: 'unauthorized' };
    if (!response.ok) return { status: 'failed' };
    const body: unknown = await response.json();
    return isTimeline(body) ? { status: 'ok', timeline: body } : { status: 'failed' };
  } catch {
    return { status: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

/** Enough of a shape check that rendering cannot throw on an unexpected answer. */
function isTimeline(body: unknown): body is OrderTimelineResponse {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Partial<OrderTimelineResponse>;
  return (
    Array.isArray(candidate.events) &&
    Array.isArray(candidate.decisions) &&
    typeof candidate.links === 'object' &&
    candidate.links !== null &&
    typeof candidate.links.timeline === 'string'
  );
}
