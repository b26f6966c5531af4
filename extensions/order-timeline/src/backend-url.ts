/**
 * The Encore backend's origin, or '' for "the app's own URL".
 *
 * Admin UI extensions resolve a relative `fetch('/path')` against the app's `application_url` and add
 * `Authorization: Bearer <ID token>` to requests to that domain (shopify.dev/docs/api/admin-extensions, "App
 * authentication"), so '' is right when the backend serves the app URL, which is how Encore is deployed. Shopify CLI
 * replaces `process.env.BACKEND_URL` at build time (see extensions/checkout-upsell/src/backend-url.ts); set it only
 * when the API lives on another origin. Without it the reference throws in Shopify's worker (no `process` there).
 */
export function backendUrl(): string {
  let url: string | undefined;
  try {
    url = process.env.BACKEND_URL;
  } catch {
    url = undefined;
  }
  return (url ?? '').replace(/\/+$/, '');
}
