// Calls to the backend's merchant API (/api/admin) with an App Bridge session token. The token comes from
// `shopify.idToken()`: App Bridge's in Shopify's admin; in `npm run demo` the demo's stand-in (served by the backend
// in demo mode only). Nothing in this file knows which one it is.

export interface Problem {
  field: string;
  message: string;
  stepId?: string;
  /** A template's Liquid error: where in the part (`field`) it is. */
  line?: number;
  column?: number;
}

/** The problems of an error (an ApiError's; none for others). */
export const problemsOf = (error: unknown): Problem[] => (error instanceof ApiError ? error.problems : []);

/** The message of the first problem naming `field` exactly, or starting with `field.`; undefined when none. */
export function fieldError(problems: readonly Problem[], field: string): string | undefined {
  return problems.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.message;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly problems: Problem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; problems?: Problem[] };
  requestId?: string;
}

async function token(): Promise<string> {
  if (typeof shopify === 'undefined' || typeof shopify.idToken !== 'function') {
    throw new ApiError('App Bridge is not loaded: open Encore from your Shopify admin.', 0, 'no_app_bridge', []);
  }
  return shopify.idToken();
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${await token()}`);
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  return fetch(`/api/admin${path}`, { ...init, headers });
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response = await send(path, init);
  // The backend asks for a fresh token this way (an expired one); App Bridge's idToken() gives a new one.
  if (response.status === 401 && response.headers.get('X-Shopify-Retry-Invalid-Session-Request') === '1') response = await send(path, init);
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as ErrorBody & T;
  if (!response.ok) {
    const error = body.error ?? {};
    const reference = body.requestId ? ` (reference ${body.requestId})` : '';
    throw new ApiError(
      `${error.message ?? `The request failed with HTTP ${response.status}.`}${response.status >= 500 ? reference : ''}`,
      response.status,
      error.code ?? null,
      error.problems ?? [],
    );
  }
  return body;
}

export const postJson = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', body: JSON.stringify(body) });
export const deleteJson = <T>(path: string) => api<T>(path, { method: 'DELETE' });
export const putJson = <T>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body: JSON.stringify(body) });
