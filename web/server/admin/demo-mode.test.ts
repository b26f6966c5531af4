// Demo mode (`npm run demo`, ENCORE_DEMO=1): the admin runs standalone, with the backend's App Bridge stand-in and
// its session tokens. In its own file: a harness redirects Shopify's fetch for the whole process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SHOP_DOMAIN } from '../../../test/emulator/seed/demo-store.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

describe('demo mode (npm run demo)', () => {
  let demo: Harness;
  beforeAll(async () => {
    demo = await startHarness({ runWorker: false, env: { ENCORE_DEMO: '1' } });
  }, 60_000);
  afterAll(async () => demo?.close());

  it('when the admin runs in the demo, then it loads the demo’s App Bridge stand-in, not the CDN, whose tokens open the API', async () => {
    const html = await (await fetch(`${demo.server.url}/?shop=${DEMO_SHOP_DOMAIN}`)).text();
    expect(html).toContain('<script src="/demo/app-bridge.js"></script>');
    expect(html).not.toContain('cdn.shopify.com');
    const standIn = await fetch(`${demo.server.url}/demo/app-bridge.js`);
    expect(await standIn.text()).toContain('idToken');
    const minted = await json<{ token: string; expiresInSeconds: number }>(
      await fetch(`${demo.server.url}/demo/session-token?shop=${DEMO_SHOP_DOMAIN}`),
    );
    expect(minted.expiresInSeconds).toBe(60);
    const shop = await fetch(`${demo.server.url}/api/admin/shop`, { headers: { Authorization: `Bearer ${minted.token}` } });
    expect(shop.status).toBe(200);
    expect(await json<{ shop: { domain: string } }>(shop)).toMatchObject({ shop: { domain: DEMO_SHOP_DOMAIN } });
  });

  it('when the token endpoint is asked for something that is not a shop domain, then it answers 400 saying what to send', async () => {
    const response = await fetch(`${demo.server.url}/demo/session-token?shop=evil.example.com`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('myshopify domain');
  });
});
