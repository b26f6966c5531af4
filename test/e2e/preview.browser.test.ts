// The admin's Preview page in a real browser (Debian's Chromium through playwright-core) against the real backend in
// demo mode, a real SQLite database and the Admin API emulator playing Shopify's side (test/support/preview-shopify.ts):
// a funnel created from a template, saved but not yet turned on, is seen in the real post-purchase extension; the
// real checkout extension's block shows the checkout offer and adds it to the preview cart; accepting the
// post-purchase offer lands on the order's timeline. Nothing is mocked: the host pages are the preview/ build, the
// extensions their real sources.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelDefinitionInput } from '../../web/server/offers/index.js';
import { DEMO_PRODUCTS, DEMO_SHOP_DOMAIN } from '../emulator/seed/demo-store.js';
import { launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { type PostPurchaseBackend, startPostPurchaseBackend } from '../support/post-purchase/backend.js';

const SCREENSHOTS = process.env.ENCORE_SCREENSHOTS === '1';
const screenshotDir = path.resolve(import.meta.dirname, '../../docs/screenshots');

/** The demo's checkout add-on (scripts/demo-seed.ts has the same one). */
const glassCups: Omit<FunnelDefinitionInput, 'id'> = {
  name: 'Glass cups with any order',
  surface: 'checkout',
  rootStepId: 'cups',
  steps: [
    {
      id: 'cups',
      offer: {
        kind: 'product',
        source: { type: 'product', productId: `gid://shopify/Product/${DEMO_PRODUCTS.glassCups}` },
        discount: { type: 'percentage', percent: 10 },
      },
      content: { en: { headline: '{product}: {discount}', body: 'Only in this checkout.', button: 'Add' } },
    },
  ],
};

let backend: PostPurchaseBackend;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  backend = await startPostPurchaseBackend({ env: { ENCORE_DEMO: '1' }, preview: true });
  await backend.createFunnel(glassCups);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.setDefaultTimeout(15_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await backend?.close();
});

const frame = (name: string): FrameLocator => page.frameLocator(`iframe[name="${name}"]`);

describe('previewing a funnel without a store', () => {
  it('when a template funnel is previewed and accepted, then both extensions show it and the order’s timeline has the accept', async () => {
    // The demo admin: App Bridge's stand-in and its session tokens come from the backend (demo mode).
    await page.goto(`${backend.url}/funnels?shop=${DEMO_SHOP_DOMAIN}`);
    await page.getByRole('button', { name: 'Create funnel' }).first().click();
    await page.getByRole('button', { name: 'Use Related products' }).click();
    await page.getByText('No problems found').waitFor();
    // Saved, NOT turned on: the preview shows it as a shopper would see it once it is.
    await expect(page.getByLabel('Active: shoppers can see this funnel').isChecked()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Save funnel' }).click();
    await page.getByText('Saved').first().waitFor();

    // The editor's own Preview action (not the menu's).
    await page.getByRole('main').getByRole('link', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'After payment' }).waitFor();
    await page.getByText('as if it were turned on').waitFor();

    // The post-purchase page: the template's step, Shopify's price summary on the accept button.
    const postPurchase = frame('post-purchase');
    const accept = postPurchase.getByRole('button', { name: /^Add to my order · \$/ });
    await accept.waitFor();
    await postPurchase.getByRole('button', { name: 'No thanks' }).waitFor();
    await expect(postPurchase.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);

    // The checkout block: the offer the checkout sync wrote into the app metafield; adding it changes the cart.
    const block = frame('checkout-block');
    await block.getByRole('heading', { name: 'Recommended for you' }).waitFor();
    const add = block.getByRole('button', { name: /^Add Double-Wall Glass Cups/ });
    await add.waitFor();
    const cart = page.getByRole('list').filter({ hasText: 'Ethiopia' });
    await cart.getByText(/1 × Ethiopia/).waitFor();
    // The cart line target under the beans: their subscription plans, from the store through the Storefront schema.
    await frame('checkout-cart-line')
      .getByRole('button', { name: /^Subscribe/ })
      .waitFor();
    // axe on the page and inside each extension's frame (axe does not enter frames it was not loaded into).
    expect(await seriousAxeViolations(page)).toEqual([]);
    for (const name of ['post-purchase', 'checkout-block', 'checkout-cart-line']) {
      const loaded = page.frame({ name });
      expect(loaded, name).toBeTruthy();
      expect(await seriousAxeViolations(loaded!), name).toEqual([]);
    }
    if (SCREENSHOTS) {
      fs.mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, 'preview.png'), fullPage: true });
    }

    await add.click();
    await block.getByRole('status').getByText(/added/i).waitFor();
    await cart.getByText(/Glass/).waitFor();

    await accept.click();
    const badge = page.getByText(/Order #\d+: 1 offer accepted/);
    await badge.waitFor();
    const orderName = /^Order (#\d+)/.exec((await badge.textContent()) ?? '')?.[1];
    expect(orderName).toBeTruthy();

    await page.getByRole('button', { name: `Find order ${orderName} in Orders` }).click();
    await page.getByLabel('Find an order').fill(orderName!);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: `Open the timeline of order ${orderName}` }).click();
    const timeline = page.getByRole('list', { name: 'Order timeline' });
    await timeline.getByText('Post-purchase: The shopper accepted step "first-offer"').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
