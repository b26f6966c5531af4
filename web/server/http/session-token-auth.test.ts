// The embedded admin's auth: App Bridge session tokens, and the install by token exchange they trigger.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TEST_API_KEY } from '../../../test/support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

function forgedToken(overrides: Record<string, unknown> = {}, secret = 'not-the-app-secret'): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign(
    {
      iss: `https://${h.shop}/admin`,
      dest: `https://${h.shop}`,
      aud: TEST_API_KEY,
      sub: '1',
      exp: now + 60,
      nbf: now - 5,
      iat: now,
      jti: 'x',
      sid: 'y',
      ...overrides,
    },
    secret,
    { algorithm: 'HS256' },
  );
}

describe('admin API authentication', () => {
  it('when no token is sent, answers 401 with a message saying what to send', async () => {
    const res = await h.adminFetch('/api/admin/shop', { auth: false });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Authorization: Bearer <session token>/);
  });

  it('when the token is signed with another secret, answers 401 and asks App Bridge to retry', async () => {
    const res = await h.adminFetch('/api/admin/shop', { auth: false, headers: { Authorization: `Bearer ${forgedToken()}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-shopify-retry-invalid-session-request')).toBe('1');
  });

  it('when the token is expired, answers 401', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const token = forgedToken({ exp: past, nbf: past - 60, iat: past - 60 }, 'encore-test-api-secret');
    const res = await h.adminFetch('/api/admin/shop', { auth: false, headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });

  it('when the token is for another app (aud), answers 401', async () => {
    const token = forgedToken({ aud: 'another-app' }, 'encore-test-api-secret');
    const res = await h.adminFetch('/api/admin/shop', { auth: false, headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });

  it('when a shop opens the app for the first time, installs it by token exchange and answers for that shop', async () => {
    expect(await h.database.db.prisma.shop.count()).toBe(0);
    const res = await h.adminFetch('/api/admin/shop');
    expect(res.status).toBe(200);
    const { shop } = (await res.json()) as { shop: { domain: string; name: string; installState: string; currencyCode: string } };
    expect(shop).toMatchObject({ domain: h.shop, installState: 'installed', name: 'Encore Demo Store', currencyCode: 'USD' });

    const session = await h.server.ctx.sessions.loadSession(`offline_${h.shop}`);
    expect(session?.accessToken).toMatch(/^shpat_/);
    expect(session?.isOnline).toBe(false);
  });

  it('when the shop is installed, later requests reuse the stored offline session', async () => {
    const before = await h.server.ctx.sessions.loadSession(`offline_${h.shop}`);
    const res = await h.adminFetch('/api/admin/shop');
    expect(res.status).toBe(200);
    const after = await h.server.ctx.sessions.loadSession(`offline_${h.shop}`);
    expect(after?.accessToken).toBe(before?.accessToken);
  });
});
