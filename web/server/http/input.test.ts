// Request input problems, answered the same way by every route that reads a body or a query (http/input.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ runWorker: false });
});
afterAll(async () => h?.close());

interface ErrorBody {
  error: { code: string; message: string; problems?: { field: string; message: string }[] };
  requestId: string;
}

async function answer(path: string, init: RequestInit = {}): Promise<{ status: number; body: ErrorBody }> {
  const res = await h.adminFetch(path, init);
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

describe('request input', () => {
  it('when an admin route that takes a JSON object gets an array, then each answers the same 400 saying what to send', async () => {
    const routes: [string, string][] = [
      ['PUT', '/api/admin/settings'],
      ['POST', '/api/admin/funnels'],
      ['POST', '/api/admin/funnels/validate'],
      ['POST', '/api/admin/offers'],
      ['POST', '/api/admin/offers/validate'],
    ];
    for (const [method, path] of routes) {
      const { status, body } = await answer(path, { method, body: JSON.stringify([{ name: 'x' }]) });
      expect({ path, status, error: body.error }).toEqual({
        path,
        status: 400,
        error: { code: 'bad_request', message: 'Send a JSON object as the request body, with "Content-Type: application/json".' },
      });
      expect(body.requestId).toMatch(/\S/);
    }
  });

  it('when a well-formed settings body breaks the rules, then 422 names each field and nothing else', async () => {
    const { status, body } = await answer('/api/admin/settings', {
      method: 'PUT',
      body: JSON.stringify({ holdoutPercent: 'half', locales: 'en' }),
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('The settings have problems; see each field.');
    expect(body.error.problems?.map((p) => p.field).sort()).toEqual(['holdoutPercent', 'locales']);
  });

  it('when query parameters cannot be read, then 400 names each one', async () => {
    const { status, body } = await answer('/api/admin/jobs?limit=0&status=lost');
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toBe('Invalid job filter.');
    expect(body.error.problems?.map((p) => p.field).sort()).toEqual(['limit', 'status']);
  });
});
