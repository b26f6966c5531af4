// The merchant offer API over HTTP with the real auth (App Bridge session tokens, install by token exchange
// against the emulator), the real error handler and a real database, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS, demoStore } from '../../../test/emulator/seed/demo-store.js';
import { catalogFromDemoStore } from '../../../test/support/engine-inputs-from-demo-store.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { type OfferAdminApi, offerAdminApi } from '../../../test/support/offer-admin-api.js';
import { toGid } from '../offers/index.js';

const OTHER_SHOP = 'other-merchant.myshopify.com';
const mug = toGid('Product', DEMO_PRODUCTS.mug);
const filters = toGid('Product', DEMO_PRODUCTS.paperFilters);
const EN = { headline: 'Add a mug', body: 'Pairs with your coffee: {discount} off.', button: 'Add it' };

const step = (id: string, productId: string, extra: Record<string, unknown> = {}) => ({
  id,
  offer: { kind: 'product', source: { type: 'product', productId }, discount: { type: 'percentage', percent: 10 } },
  content: { en: EN },
  ...extra,
});

const funnelBody = (extra: Record<string, unknown> = {}) => ({
  name: 'Mug after coffee',
  surface: 'post_purchase',
  rootStepId: 'mug',
  steps: [step('mug', mug, { decline: 'filters' }), step('filters', filters)],
  ...extra,
});

interface ErrorBody {
  error: { code: string; message: string; problems?: Array<{ field: string; message: string; stepId?: string }>; currentVersion?: number };
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe.each(['sqlite', 'postgresql'] as const)('offer admin API over HTTP on %s', (database) => {
  let h: Harness;
  let api: OfferAdminApi;

  beforeAll(async () => {
    h = await startHarness({ database, runWorker: false });
    h.emulator.addShop(OTHER_SHOP, { seed: 'empty', name: 'Other Merchant' });
    api = await offerAdminApi(h, catalogFromDemoStore(demoStore));
  });
  afterAll(async () => {
    await h?.close();
  });

  const createFunnel = async (extra: Record<string, unknown> = {}) => {
    const res = await api.request('/funnels', { method: 'POST', body: funnelBody(extra) });
    expect(res.status).toBe(201);
    return (await json<{ funnel: { id: string; version: number } }>(res)).funnel;
  };

  it('when a funnel goes through create, read, update, disable, enable and delete, then each answer says so', async () => {
    const created = await api.request('/funnels', { method: 'POST', body: funnelBody() });
    expect(created.status).toBe(201);
    const { funnel, warnings, notices } = await json<{
      funnel: { id: string; version: number; steps: unknown[] };
      warnings: unknown[];
      notices: unknown[];
    }>(created);
    expect(created.headers.get('location')).toBe(`/api/admin/funnels/${funnel.id}`);
    expect(funnel).toMatchObject({ version: 1, name: 'Mug after coffee', enabled: true, priority: 0 });
    expect(warnings).toEqual([]);
    expect(notices).toEqual([]);

    const read = await json<{ funnel: Record<string, unknown> }>(await api.request(`/funnels/${funnel.id}`));
    const updated = await api.request(`/funnels/${funnel.id}`, {
      method: 'PUT',
      body: { ...read.funnel, name: 'Mug, then filters', priority: 10 },
    });
    expect(updated.status).toBe(200);
    expect((await json<{ funnel: unknown }>(updated)).funnel).toMatchObject({ version: 2, name: 'Mug, then filters', priority: 10 });

    const disabled = await api.request(`/funnels/${funnel.id}/disable`, { method: 'POST' });
    expect((await json<{ funnel: unknown }>(disabled)).funnel).toMatchObject({ enabled: false, version: 3 });
    const list = await json<{ funnels: Array<{ id: string }> }>(await api.request('/funnels?enabled=false&surface=post_purchase'));
    expect(list.funnels.map((f) => f.id)).toContain(funnel.id);
    const enabled = await api.request(`/funnels/${funnel.id}/enable`, { method: 'POST', body: { version: 3 } });
    expect((await json<{ funnel: unknown }>(enabled)).funnel).toMatchObject({ enabled: true, version: 4 });

    expect((await api.request(`/funnels/${funnel.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await api.request(`/funnels/${funnel.id}`);
    expect(gone.status).toBe(404);
    expect((await json<ErrorBody>(gone)).error.code).toBe('not_found');
  });

  it('when the engine finds problems, then 422 lists every one with its field and step', async () => {
    const res = await api.request('/funnels', {
      method: 'POST',
      body: funnelBody({
        steps: [step('mug', toGid('Product', 999_999), { decline: 'nowhere' }), step('filters', filters, { content: {} })],
      }),
    });
    expect(res.status).toBe(422);
    const { error } = await json<ErrorBody>(res);
    expect(error.code).toBe('validation_failed');
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { field: 'steps.0.offer.source.productId', stepId: 'mug', message: expect.stringContaining('no longer exists') },
        { field: 'steps.0.decline', stepId: 'mug', message: expect.stringContaining('"nowhere"') },
        { field: 'steps.1.content.en', stepId: 'filters', message: expect.stringContaining('English') },
        { field: 'steps.1', stepId: 'filters', message: expect.stringContaining('No answer leads') },
      ]),
    );
  });

  it('when fields have the wrong type, then it is a 422 (not a 400) naming the dotted path', async () => {
    const res = await api.request('/funnels', { method: 'POST', body: funnelBody({ surface: 'fax', priority: 'high' }) });
    expect(res.status).toBe(422);
    const fields = (await json<ErrorBody>(res)).error.problems!.map((p) => p.field).sort();
    expect(fields).toEqual(['priority', 'surface']);
  });

  it('when the body is not JSON or not an object, then 400 says what to send', async () => {
    const malformed = await api.request('/funnels', { method: 'POST', rawBody: '{"name": "unterminated' });
    expect(malformed.status).toBe(400);
    expect((await json<ErrorBody>(malformed)).error.code).toBe('invalid_json');

    const array = await api.request('/funnels', { method: 'POST', body: [funnelBody()] });
    expect(array.status).toBe(400);
    expect((await json<ErrorBody>(array)).error.message).toContain('JSON object');

    const badQuery = await api.request('/funnels?surface=fax&limit=0');
    expect(badQuery.status).toBe(400);
    expect((await json<ErrorBody>(badQuery)).error.problems!.map((p) => p.field).sort()).toEqual(['limit', 'surface']);
  });

  it('when an edit names a version someone else already replaced, then 409 with the current version', async () => {
    const funnel = await createFunnel();
    expect(
      (await api.request(`/funnels/${funnel.id}`, { method: 'PUT', body: { ...funnelBody({ name: 'First' }), version: 1 } })).status,
    ).toBe(200);
    const stale = await api.request(`/funnels/${funnel.id}`, { method: 'PUT', body: { ...funnelBody({ name: 'Second' }), version: 1 } });
    expect(stale.status).toBe(409);
    expect((await json<ErrorBody>(stale)).error).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const staleDelete = await api.request(`/funnels/${funnel.id}?version=1`, { method: 'DELETE' });
    expect(staleDelete.status).toBe(409);
  });

  it("when another shop's session token is used, then this shop's funnels cannot be seen or changed", async () => {
    const funnel = await createFunnel({ name: 'Private to the demo shop' });
    const asOther = (path: string, init: { method?: string; body?: unknown } = {}) => api.request(path, { ...init, shop: OTHER_SHOP });

    expect((await asOther(`/funnels/${funnel.id}`)).status).toBe(404);
    expect(
      (await asOther(`/funnels/${funnel.id}`, { method: 'PUT', body: { ...funnelBody({ name: 'Taken over' }), version: 1 } })).status,
    ).toBe(404);
    expect((await asOther(`/funnels/${funnel.id}/disable`, { method: 'POST' })).status).toBe(404);
    expect((await asOther(`/funnels/${funnel.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await json<{ funnels: unknown[] }>(await asOther('/funnels'))).funnels).toEqual([]);

    const mine = await json<{ funnel: unknown }>(await api.request(`/funnels/${funnel.id}`));
    expect(mine.funnel).toMatchObject({ name: 'Private to the demo shop', enabled: true, version: 1 });
    const otherShop = await h.database.db.prisma.shop.findUnique({ where: { domain: OTHER_SHOP } });
    expect(otherShop?.name).toBe('Other Merchant');
  });

  it('when a funnel is only checked, then 200 tells valid or not without storing anything', async () => {
    const before = await h.database.db.prisma.funnel.count();
    const bad = await json<{ valid: boolean; problems: Array<{ field: string }> }>(
      await api.request('/funnels/validate', { method: 'POST', body: funnelBody({ rootStepId: 'missing' }) }),
    );
    expect(bad.valid).toBe(false);
    expect(bad.problems.map((p) => p.field)).toContain('rootStepId');
    const good = await api.request('/funnels/validate', { method: 'POST', body: funnelBody() });
    expect(good.status).toBe(200);
    expect(await json<unknown>(good)).toEqual({ valid: true, problems: [], warnings: [], notices: [] });
    expect(await h.database.db.prisma.funnel.count()).toBe(before);
  });

  it('when funnels are listed with a small page size, then nextCursor walks through all of them', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createFunnel({ name: `Paged ${i}`, surface: 'email' })).id);
    const seen: string[] = [];
    let path = '/funnels?surface=email&limit=2';
    for (;;) {
      const page = await json<{ funnels: Array<{ id: string }>; nextCursor: string | null }>(await api.request(path));
      seen.push(...page.funnels.map((f) => f.id));
      if (!page.nextCursor) break;
      path = `/funnels?surface=email&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen.sort()).toEqual(ids.sort());
  });

  it('when a library offer is used by a funnel, then deleting it is refused (409) and turning it off warns on the funnel', async () => {
    const offerRes = await api.request('/offers', {
      method: 'POST',
      body: {
        name: 'Filters 15% off',
        offer: { kind: 'product', source: { type: 'product', productId: filters }, discount: { type: 'percentage', percent: 15 } },
        content: { en: EN },
      },
    });
    expect(offerRes.status).toBe(201);
    const { offer } = await json<{ offer: { id: string } }>(offerRes);
    const funnel = await createFunnel({ steps: [step('mug', mug, { decline: 'filters' }), { id: 'filters', offerRef: offer.id }] });

    const refused = await api.request(`/offers/${offer.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect((await json<ErrorBody & { error: { usedBy: unknown } }>(refused)).error).toMatchObject({
      code: 'offer_in_use',
      usedBy: [{ id: funnel.id }],
    });

    const off = await api.request(`/offers/${offer.id}/disable`, { method: 'POST' });
    expect(await json<unknown>(off)).toMatchObject({ offer: { enabled: false }, usedBy: [{ id: funnel.id }] });
    const withWarning = await json<{ warnings: Array<{ field: string }> }>(await api.request(`/funnels/${funnel.id}`));
    expect(withWarning.warnings).toEqual([expect.objectContaining({ field: 'steps.1.offerRef', stepId: 'filters' })]);

    const missingRef = await api.request('/funnels', {
      method: 'POST',
      body: funnelBody({ steps: [step('mug', mug, { decline: 'x' }), { id: 'x', offerRef: 'nope' }] }),
    });
    expect(missingRef.status).toBe(422);
    expect((await json<ErrorBody>(missingRef)).error.problems).toEqual([
      expect.objectContaining({ field: 'steps.1.offerRef', stepId: 'x' }),
    ]);
    expect((await api.request(`/offers/${offer.id}`, { shop: OTHER_SHOP })).status).toBe(404);
    const borrowed = await api.request('/funnels', {
      method: 'POST',
      shop: OTHER_SHOP,
      body: { name: 'Borrowing', surface: 'checkout', rootStepId: 'x', steps: [{ id: 'x', offerRef: offer.id }] },
    });
    expect(borrowed.status).toBe(422);
    expect((await json<ErrorBody>(borrowed)).error.problems).toEqual([
      expect.objectContaining({ field: 'steps.0.offerRef', message: expect.stringContaining('does not exist') }),
    ]);
  });

  it('when the merchant saves a funnel, then the compiled funnels the offer endpoint reads change at once', async () => {
    const funnel = await createFunnel({ name: 'Cache check' });
    const shopId = (await h.database.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } })).id;
    const before = await api.funnels.activeFunnels.get(shopId, 'post_purchase');
    expect(before!.byId.get(funnel.id)!.priority).toBe(0);
    expect(await api.funnels.activeFunnels.get(shopId, 'post_purchase')).toBe(before);

    await api.request(`/funnels/${funnel.id}`, {
      method: 'PUT',
      body: { ...funnelBody({ name: 'Cache check', priority: 7 }), version: 1 },
    });
    expect((await api.funnels.activeFunnels.get(shopId, 'post_purchase'))!.byId.get(funnel.id)!.priority).toBe(7);
    await api.request(`/funnels/${funnel.id}`, { method: 'DELETE' });
    expect((await api.funnels.activeFunnels.get(shopId, 'post_purchase'))!.byId.has(funnel.id)).toBe(false);
  });

  it('when settings are read and replaced, then invalid values are a 422 per field and valid ones are stored', async () => {
    const initial = await json<{ settings: Record<string, unknown>; shopCurrency: string }>(await api.request('/settings'));
    expect(initial).toMatchObject({
      shopCurrency: 'USD',
      settings: { defaultLocale: 'en', locales: ['en'], holdoutPercent: 0, frequencyCap: null },
    });

    const invalid = await api.request('/settings', {
      method: 'PUT',
      body: { holdoutPercent: 150, frequencyCap: { maxOffers: 0, windowHours: 24 }, locales: ['en', 'xx'] },
    });
    expect(invalid.status).toBe(422);
    expect((await json<ErrorBody>(invalid)).error.problems!.map((p) => p.field).sort()).toEqual([
      'frequencyCap.maxOffers',
      'holdoutPercent',
      'locales.1',
    ]);

    const wrongDefault = await api.request('/settings', { method: 'PUT', body: { defaultLocale: 'fr', locales: ['en'] } });
    expect((await json<ErrorBody>(wrongDefault)).error.problems).toEqual([expect.objectContaining({ field: 'locales' })]);

    const saved = await api.request('/settings', {
      method: 'PUT',
      body: { holdoutPercent: 5, frequencyCap: { maxOffers: 2, windowHours: 48 } },
    });
    expect(saved.status).toBe(200);
    expect((await json<{ settings: unknown }>(await api.request('/settings'))).settings).toMatchObject({
      holdoutPercent: 5,
      frequencyCap: { maxOffers: 2, windowHours: 48 },
    });
    expect((await json<{ settings: unknown }>(await api.request('/settings', { shop: OTHER_SHOP }))).settings).toMatchObject({
      holdoutPercent: 0,
    });
    await api.request('/settings', { method: 'PUT', body: {} });
  });

  it("when the merchant opens an order's ledger, then decisions with their traces and events come back for all its keys", async () => {
    const shopId = (await h.database.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } })).id;
    const orderId = 'gid://shopify/Order/7001';
    await api.ledger.recordEvent({
      shopId,
      orderKey: 'ref-7001',
      surface: 'post_purchase',
      kind: 'declined',
      funnelId: 'F',
      stepId: 'mug',
      offerId: 'mug',
      idempotencyKey: 'd1',
    });
    await api.ledger.recordEvent({
      shopId,
      orderKey: orderId,
      surface: 'email',
      kind: 'shown',
      funnelId: 'G',
      stepId: 'e1',
      idempotencyKey: 's1',
    });
    await api.ledger.recordDecision(shopId, {
      version: 1,
      surface: 'email',
      orderKey: orderId,
      decidedAt: '2026-11-23T12:10:00.000Z',
      outcome: 'no_offer',
      funnelId: null,
      arm: null,
      experiment: null,
      assignments: [],
      holdout: false,
      counterfactualFunnelId: null,
      locale: 'en',
      currency: { shop: 'USD', presentment: 'USD' },
      step: null,
      steps: {},
      path: [],
      trace: [{ funnelId: 'G', outcome: 'dropped', reason: 'targeting_failed', message: '"G": the order total is below $50.00.' }],
    });

    const res = await api.request(`/orders/${encodeURIComponent(orderId)}/ledger?related=ref-7001`);
    expect(res.status).toBe(200);
    const body = await json<{ orderKeys: string[]; decisions: Array<{ decision: { trace: unknown[] } }>; events: Array<{ kind: string }> }>(
      res,
    );
    expect(body.orderKeys).toEqual([orderId, 'ref-7001']);
    expect(body.decisions).toHaveLength(1);
    expect(body.decisions[0]!.decision.trace).toEqual([expect.objectContaining({ reason: 'targeting_failed' })]);
    expect(body.events.map((e) => e.kind).sort()).toEqual(['decided', 'declined', 'shown']);

    const other = await json<{ events: unknown[]; decisions: unknown[] }>(
      await api.request(`/orders/${encodeURIComponent(orderId)}/ledger?related=ref-7001`, { shop: OTHER_SHOP }),
    );
    expect(other).toMatchObject({ events: [], decisions: [] });
  });

  it('when analytics are asked for a date range, then the rows come grouped as asked; bad ranges are a 400', async () => {
    const shopId = (await h.database.db.prisma.shop.findUniqueOrThrow({ where: { domain: h.shop } })).id;
    const at = new Date('2026-10-05T10:00:00Z');
    const base = { shopId, surface: 'checkout' as const, funnelId: 'AN', stepId: 'a1', occurredAt: at };
    await api.ledger.recordEvent({ ...base, orderKey: 'an-1', kind: 'shown', idempotencyKey: 'an-1-shown' });
    await api.ledger.recordEvent({
      ...base,
      orderKey: 'an-1',
      kind: 'accepted',
      amount: { minor: 1250, currencyCode: 'USD' },
      idempotencyKey: 'an-1-acc',
    });
    await api.ledger.recordEvent({ ...base, orderKey: 'an-2', kind: 'shown', idempotencyKey: 'an-2-shown' });

    const res = await api.request('/analytics?from=2026-10-01&to=2026-10-31&groupBy=step');
    expect(res.status).toBe(200);
    const report = await json<{ from: string; to: string; rows: Array<{ key: unknown; acceptRate: number; revenueMinor: number }> }>(res);
    expect(report).toMatchObject({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
      groupBy: 'step',
      currencyCode: 'USD',
    });
    expect(report.rows).toEqual([
      expect.objectContaining({
        key: { funnelId: 'AN', stepId: 'a1' },
        shownOrders: 2,
        acceptedOrders: 1,
        acceptRate: 0.5,
        revenueMinor: 1250,
      }),
    ]);

    expect((await api.request('/analytics?groupBy=product')).status).toBe(400);
    expect((await api.request('/analytics?from=2026-10-31&to=2026-10-01')).status).toBe(400);
    expect((await api.request('/analytics?from=yesterday')).status).toBe(400);
    expect((await api.request('/analytics?from=2020-01-01&to=2026-01-01')).status).toBe(400);
  });

  it('when no session token is sent, then every route answers 401', async () => {
    for (const path of ['/funnels', '/offers', '/settings', '/analytics', '/orders/x/ledger']) {
      const res = await fetch(`${api.url}/api/admin${path}`);
      expect(res.status).toBe(401);
    }
  });
});
