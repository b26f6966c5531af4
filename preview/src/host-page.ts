// What both host pages share: the shop from `?shop=`, JSON calls to the backend (same origin), messages to the
// admin's Preview page that frames them, and a readable problem instead of a blank frame.

export function previewShop(): string {
  const shop = new URLSearchParams(window.location.search).get('shop');
  if (!shop) throw new Error('Open the preview from the admin: the page needs ?shop=<shop>.myshopify.com.');
  return shop;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new Error(json?.error?.message ?? `${path} answered HTTP ${response.status}`);
  return json as T;
}

/** Posts to the Preview page that frames this one (same origin only). */
export function messageParent(message: Record<string, unknown>): void {
  if (window.parent !== window) window.parent.postMessage({ source: 'encore-preview', ...message }, window.location.origin);
}

/** Tells the Preview page how tall the content is, whenever it changes, so the frame never scrolls. */
export function watchHeight(frame: string): void {
  // The body's own height (padding included): the document's scrollHeight never drops below the frame's height.
  const send = () => messageParent({ type: 'height', frame, height: Math.ceil(document.body.getBoundingClientRect().height) });
  new ResizeObserver(send).observe(document.body);
  send();
}

export function showProblem(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const box = document.createElement('p');
  box.setAttribute('role', 'alert');
  box.className = 'encore-preview-problem';
  box.textContent = `The preview could not start: ${message}`;
  document.body.replaceChildren(box);
  messageParent({ type: 'problem', message });
}

/** Where the extension sends its requests (its `process.env.BACKEND_URL`, see vite.config.ts): set before it loads. */
export function setBackendUrl(url: string): void {
  (globalThis as { __encoreBackendUrl?: string }).__encoreBackendUrl = url;
}
