// The Email and Subscriptions pages and the funnel editor's targeting builder in a real browser (Debian's Chromium
// through playwright-core) against the real backend, a real SQLite database, the Admin API emulator and a real SMTP
// server on loopback: a template edited and previewed by the server, a Liquid error shown on its field, a test email
// received over SMTP, the email an order got viewable as sent; contracts listed, filtered and paused (the API's state
// changes), a refused plan group delete shown as a banner; targeting rules built in the form that the backend's
// validator accepts, and a bad value shown on its condition; axe-core on every new page. Only Shopify's CDN is stood
// in for (test/support/browser.ts says why). One browser and one backend for the file.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS, DEMO_SHOP_DOMAIN, DEMO_VARIANTS } from '../emulator/seed/demo-store.js';
import { adminPage, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { type EmailBackend, mugEmailFunnel, startEmailBackend } from '../support/email-backend.js';

const SCREENSHOTS = process.env.ENCORE_SCREENSHOTS === '1';
const screenshotDir = path.resolve(import.meta.dirname, '../../docs/screenshots');
const TEN_MINUTES = 10 * 60_000;

let b: EmailBackend;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const unresolved: string[] = [];
let emailedOrderId: string;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, read field by field
async function api(route: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const response = await b.h.adminFetch(`/api/admin${route}`, {
    method: init.method ?? 'GET',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const numeric = (gid: string) => Number(gid.slice(gid.lastIndexOf('/') + 1));

beforeAll(async () => {
  b = await startEmailBackend();
  await b.h.server.ctx.settings.update(b.shop.id, { locales: ['en', 'fr', 'es', 'de', 'sv'], defaultLocale: 'en' });
  await b.createFunnel(mugEmailFunnel());
  // One email offer sent through the real flow: an order, ten minutes, the send job, SMTP.
  emailedOrderId = b.placeOrder({
    customerId: DEMO_CUSTOMERS.newFirstOrder,
    lines: [{ variantId: DEMO_VARIANTS.ethiopia250g, quantity: 1 }],
  });
  await b.settle();
  await b.advance(TEN_MINUTES);
  await b.smtp.waitForCount(1);
  browser = await launchBrowser();
  ({ page, errors: pageErrors } = await adminPage(browser, () => b.h.emulator.issueSessionToken(DEMO_SHOP_DOMAIN)));
  // The emails' product images are on Shopify's CDN, which these machines cannot resolve: their loads fail, and are
  // recorded with their URL.
  page.on('console', (message) => {
    if (message.text().includes('net::ERR_NAME_NOT_RESOLVED')) unresolved.push(message.location().url);
  });
  page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await b?.close();
});

async function open(route: string, ready: string): Promise<void> {
  await page.goto(`${b.h.server.url}${route}?shop=${DEMO_SHOP_DOMAIN}`);
  await page.getByText(ready, { exact: false }).first().waitFor({ timeout: 15_000 });
}

async function shot(name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

describe('the Email page', () => {
  it('when the subject is edited, then the server-rendered preview follows; a Liquid error shows on its field, no save', async () => {
    await open('/email', 'Preview on a sample order');
    const subject = page.getByTestId('preview-subject');
    await subject.getByText(/.+/).waitFor();
    const shipped = await subject.textContent();

    await page.getByLabel('Subject', { exact: true }).fill('Hello {{ order.name }}, a treat for you');
    await subject.getByText(/^Hello .+, a treat for you$/).waitFor();
    expect(await subject.textContent()).not.toBe(shipped);
    await expect(page.frameLocator('iframe[title="Preview of the English email"]').locator('body').textContent()).resolves.toContain(
      'Stoneware Mug',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot('email');

    // An unclosed tag: the preview names the line and column on the HTML field; the save is refused the same way.
    const html = page.getByLabel('HTML body (Liquid)');
    await html.fill('<p>Hi</p>\n<p>{% if order %}open</p>');
    const inline = page.locator('.Polaris-InlineError').filter({ hasText: /Line 2, column \d+/ });
    await inline.first().waitFor();
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('The template was not saved').waitFor();
    expect((await api('/email/templates/en')).body.template.custom).toBe(false);

    await html.fill('<p>Hi {{ order.name }}</p>');
    await inline.first().waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved').waitFor();
    const saved = (await api('/email/templates/en')).body.template;
    expect(saved).toMatchObject({ custom: true, subject: 'Hello {{ order.name }}, a treat for you', html: '<p>Hi {{ order.name }}</p>' });
    await api('/email/templates/en', { method: 'DELETE' });
  });

  it('when the merchant sends a test email, then it arrives over SMTP with the test subject', async () => {
    const before = b.smtp.messages.length;
    await open('/email', 'Send a test email to');
    await page.getByLabel('Send a test email to').fill('merchant@example.com');
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Test email sent to merchant@example.com').waitFor();
    const [received] = (await b.smtp.waitForCount(before + 1)).slice(before);
    expect(received!.envelope.to).toEqual(['merchant@example.com']);
    expect(received!.parsed.subject).toMatch(/^\[Test\] /);
  });

  it('when the merchant opens an email from the sent list, then the email as sent is shown', async () => {
    const [message] = (await api('/email/messages')).body.messages;
    expect(message).toMatchObject({ status: 'sent' });
    await open('/email', 'Emails sent');
    await page.getByRole('button', { name: `View the email sent to ${message.to}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`to ${message.to}`, { exact: false }).waitFor();
    await expect(dialog.frameLocator('iframe').locator('body').textContent()).resolves.toContain('Stoneware Mug');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('when the merchant opens the emailed order, then its timeline ends with the email as the customer received it', async () => {
    const [message] = (await api('/email/messages')).body.messages;
    await open(`/orders/${encodeURIComponent(emailedOrderId)}`, 'Timeline');
    const card = page.locator('#email');
    await card.getByText(`“${message.subject}” to ${message.to}`, { exact: false }).waitFor();
    await expect(card.frameLocator('iframe').locator('body').textContent()).resolves.toContain('Stoneware Mug');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('when a setting is out of range, then the server’s problem shows on the field and nothing is saved', async () => {
    await open('/email', 'Save email settings');
    await page.getByLabel('Send this many minutes after the order').fill('5000');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText('The email settings were not saved').waitFor();
    expect((await api('/email/settings')).body.settings.delayMinutes).toBe(10);
    await page.getByLabel('Send this many minutes after the order').fill('20');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText('Email settings saved').waitFor();
    expect((await api('/email/settings')).body.settings.delayMinutes).toBe(20);
  });

  it('when the order-edit settings are changed, then a tag with a comma is refused on its field and a good one is saved', async () => {
    await open('/email', 'Save order settings');
    const tag = page.getByLabel('Tag orders ready to fulfil with');
    await tag.fill('ready,now');
    await page.getByRole('button', { name: 'Save order settings' }).click();
    await page.getByText('A tag cannot contain a comma').first().waitFor();
    await tag.fill('ready-to-ship');
    await page.getByRole('button', { name: 'Save order settings' }).click();
    await page.getByText('Order settings saved').waitFor();
    expect((await api('/order-edit/settings')).body.settings.readyTag).toBe('ready-to-ship');
  });
});

describe('the Subscriptions page', () => {
  it('when the merchant filters, searches and pauses a contract, then the list follows and the contract is paused in the API', async () => {
    const all = (await api('/subscriptions/contracts')).body.contracts as Array<{ id: string; status: string; customerEmail: string }>;
    const active = all.filter((c) => c.status === 'ACTIVE');
    const paused = all.filter((c) => c.status === 'PAUSED');
    expect(active.length).toBeGreaterThanOrEqual(2);
    expect(paused.length).toBeGreaterThanOrEqual(1);

    await open('/subscriptions', 'Customer email');
    await page.getByRole('cell', { name: active[0]!.customerEmail }).waitFor();
    await page.getByLabel('Status').selectOption('PAUSED');
    await page.getByRole('cell', { name: paused[0]!.customerEmail }).waitFor();
    await page.getByRole('cell', { name: active[0]!.customerEmail }).waitFor({ state: 'detached' });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Customer email').fill('nobody-at-all@');
    await page.getByText('No subscription matches').waitFor();
    const target = active[0]!;
    await page.getByLabel('Customer email').fill(target.customerEmail.slice(0, 5));
    await page.getByRole('cell', { name: active[1]!.customerEmail }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `Details of the subscription of ${target.customerEmail}` }).click();
    await page.getByText('Billing history').waitFor();
    await shot('subscriptions');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByText('Subscription paused').waitFor();
    expect((await api(`/subscriptions/contracts/${target.id}`)).body.contract.status).toBe('PAUSED');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('when a plan group that a contract renews on is deleted, then the refusal is a clear banner and the group stays', async () => {
    const created = await api('/subscriptions/plan-groups', {
      method: 'POST',
      body: {
        name: 'Tea club',
        plans: [{ interval: 'MONTH', intervalCount: 1, discount: { type: 'percentage', percent: 15 } }],
        productIds: [`gid://shopify/Product/${DEMO_PRODUCTS.sencha}`],
      },
    });
    expect(created.status).toBe(201);
    b.h.emulator.store.createSubscriptionContractFromCheckout({
      customerId: DEMO_CUSTOMERS.subscriber,
      variantId: DEMO_VARIANTS.sencha100g,
      sellingPlanId: numeric(created.body.planGroup.plans[0].id),
    });
    await b.settle();

    await open('/subscriptions', 'Customer email');
    await page.getByRole('tab', { name: 'Plans' }).click();
    await page.getByRole('button', { name: 'Delete Tea club' }).click();
    const banner = page.getByText('“Tea club” cannot be deleted: subscriptions renew on it');
    await banner.waitFor();
    await page.getByText(/still renew on "Every month, save 15%" \(1 contract\)/).waitFor();
    expect((await api(`/subscriptions/plan-groups/${created.body.planGroup.id}`)).status).toBe(200);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('when the merchant creates and edits a plan group in the form, then Shopify has its plans and products', async () => {
    await open('/subscriptions', 'Customer email');
    await page.getByRole('tab', { name: 'Plans' }).click();
    await page.getByRole('button', { name: 'Create plan group' }).first().click();
    await page.getByLabel('Name (shown to shoppers)').fill('Coffee club');
    await page.getByLabel('Plan 1: every').selectOption('WEEK');
    await page.getByLabel('Plan 1: how many').fill('2');
    await page.getByLabel('Products (ids)').fill(String(DEMO_PRODUCTS.ethiopia));
    await page.getByRole('button', { name: 'Create plan group' }).last().click();
    await page.getByRole('heading', { name: 'Coffee club' }).waitFor();
    const group = ((await api('/subscriptions/plan-groups')).body.planGroups as Array<{ name: string; shopifyId: string }>).find(
      (g) => g.name === 'Coffee club',
    )!;
    const inShopify = b.h.emulator.store.sellingPlanGroups.get(numeric(group.shopifyId))!;
    expect(inShopify.productIds).toEqual([DEMO_PRODUCTS.ethiopia]);

    // Edited: a second plan and another product.
    await page.getByRole('button', { name: 'Edit Coffee club' }).click();
    await page.getByRole('button', { name: 'Add a plan' }).click();
    await page.getByLabel('Plan 2: how many').fill('3');
    await page.getByLabel('Products (ids)').fill(`${DEMO_PRODUCTS.ethiopia}, ${DEMO_PRODUCTS.espresso}`);
    await page.getByRole('button', { name: 'Save plan group' }).click();
    await page.getByText('Every 3 months, save 10%').waitFor();
    const edited = b.h.emulator.store.sellingPlanGroups.get(numeric(group.shopifyId))!;
    expect(edited.planIds).toHaveLength(2);
    expect([...edited.productIds].sort()).toEqual([DEMO_PRODUCTS.ethiopia, DEMO_PRODUCTS.espresso].sort());
  });

  it.each([
    ['Upcoming renewals', 'Forecast revenue'],
    ['Dunning', 'Save dunning settings'],
  ])('when the %s tab is open, then axe finds no serious or critical violation', async (tab, ready) => {
    await open('/subscriptions', 'Customer email');
    await page.getByRole('tab', { name: tab }).click();
    await page.getByText(ready).first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});

describe('the targeting builder', () => {
  it('when conditions are built, then the JSON is the engine’s and the validator accepts it; a bad country shows on its row', async () => {
    await open('/funnels', 'Create funnel');
    await page.getByRole('button', { name: 'Create funnel' }).first().click();
    await page.getByRole('button', { name: 'Use Related products' }).click();
    await page.getByText('No problems found').waitFor();

    await page.getByRole('button', { name: 'Add a condition' }).click();
    const first = page.locator('[data-condition="0"]');
    await first.getByLabel('At least (USD)').fill('50');
    await page.getByRole('button', { name: 'Add a condition' }).click();
    const second = page.locator('[data-condition="1"]');
    await second.getByLabel('Condition 2', { exact: true }).selectOption('shippingCountry');
    await second.getByLabel('Shipping countries').fill('DE, se');
    await page.getByRole('button', { name: 'Add a condition' }).click();
    const third = page.locator('[data-condition="2"]');
    await third.getByLabel('Condition 3', { exact: true }).selectOption('customerStatus');
    await third.getByLabel('Customer', { exact: true }).selectOption('returning');
    await page.getByRole('button', { name: 'Add a condition' }).click();
    const fourth = page.locator('[data-condition="3"]');
    await fourth.getByLabel('Condition 4', { exact: true }).selectOption('products');
    await fourth.getByRole('button', { name: 'Add a product' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Search products' }).fill('grinder');
    await page.getByRole('dialog').getByText('Hand Burr Grinder', { exact: true }).click();
    await expect(fourth.getByLabel('Products (ids)').inputValue()).resolves.toBe(`gid://shopify/Product/${DEMO_PRODUCTS.handGrinder}`);
    await fourth.getByLabel('Not: match orders with none of these').check();
    await page.getByLabel('Show this funnel when the order matches').selectOption('any');
    await page.getByText('No problems found').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot('targeting-builder');

    // A country the schema refuses: the validator's problem on that condition only.
    await second.getByLabel('Shipping countries').fill('DE, Germany');
    await second
      .locator('.Polaris-InlineError')
      .getByText(/ISO 3166/)
      .first()
      .waitFor();
    await expect(first.locator('.Polaris-InlineError').count()).resolves.toBe(0);
    await second.getByLabel('Shipping countries').fill('DE, se');
    await page.getByText('No problems found').waitFor();

    await page.getByRole('button', { name: 'JSON' }).click();
    const json = JSON.parse(await page.getByLabel('Targeting (JSON: match all/any over conditions)').inputValue());
    const expected = {
      match: 'any',
      conditions: [
        { type: 'subtotal', minMinor: 5000, maxMinor: null },
        { type: 'shippingCountry', countries: ['DE', 'SE'], negate: false },
        { type: 'customerStatus', status: 'returning' },
        { type: 'products', productIds: [`gid://shopify/Product/${DEMO_PRODUCTS.handGrinder}`], negate: true },
      ],
    };
    expect(json).toEqual(expected);

    await page.getByRole('button', { name: 'Save funnel' }).click();
    await page.getByText('Saved').first().waitFor();
    const id = /\/funnels\/([^/?]+)/.exec(page.url())?.[1];
    const funnel = (await api(`/funnels/${id}`)).body.funnel;
    expect(funnel.targeting).toEqual(expected);
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...document } = funnel;
    const verdict = await api('/funnels/validate', { method: 'POST', body: document });
    expect(verdict.status).toBe(200);
    expect(verdict.body.problems).toEqual([]);
  });
});

describe('the browser', () => {
  it('when the pages were used, then none threw', () => {
    // The refusals the tests ask for (a Liquid error, a setting out of range, a plan in use) are logged by Chromium
    // as failed loads, and so are the emails' images on Shopify's CDN (unreachable here); anything else is a failure.
    const asked = /^console: Failed to load resource: (the server responded with a status of (409|422) |net::ERR_NAME_NOT_RESOLVED)/;
    expect(pageErrors.filter((e) => !asked.test(e))).toEqual([]);
    expect(unresolved.filter((url) => !url.startsWith('https://cdn.shopify.com/'))).toEqual([]);
  });
});
