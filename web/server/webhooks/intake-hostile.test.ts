// The intake against any body and any headers, signed or not, on SQLite and PostgreSQL: never a 5xx, never a
// stack trace, and every signed delivery of valid JSON processed exactly once with the body as sent, including
// JSON the databases' JSON types refuse (lone surrogates, \u0000 on PostgreSQL's jsonb) or Prisma cannot
// serialise (deeper than its recursion limit, about 130 levels).
import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TEST_API_SECRET } from '../../../test/support/harness.js';
import { postWebhook, signWebhook, webhookHeaders } from '../../../test/support/webhooks.js';
import { createWorker } from '../jobs/worker.js';
import { silentLogger } from '../logger.js';
import { type WebhookEvent, webhookJobHandler } from './process.js';
import { WEBHOOK_JOB } from './receive.js';

const TOPICS = ['orders/create', 'orders/paid', 'products/update', 'customers/redact'] as const;

/** Stack frames, source paths and error class names that must never reach a response. */
const LEAK = /\bat [\w$.<>]+ \(|node_modules|web\/server|\.ts:\d+|\/(?:work|home|tmp|root)\/|Prisma|Error:\s/;

/** Deep equality without recursion, so bodies nested 100,000 levels deep can be compared. */
function sameJson(a: unknown, b: unknown): boolean {
  const pending: Array<[unknown, unknown]> = [[a, b]];
  while (pending.length > 0) {
    const [x, y] = pending.pop()!;
    if (Object.is(x, y)) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) return false;
    const xKeys = Object.keys(x);
    const yKeys = Object.keys(y);
    if (xKeys.length !== yKeys.length) return false;
    for (const key of xKeys) {
      if (!Object.hasOwn(y, key)) return false;
      pending.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]]);
    }
  }
  return true;
}

const nested = (depth: number, open: string, close: string, inner = '0') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

// Characters that break one database or library or another: lone surrogates (Prisma's JSON serialiser and
// PostgreSQL's jsonb refuse them), U+0000 (jsonb refuses it), line separators, a byte-order mark, astral characters.
const hostileChar = fc.oneof(
  fc.constantFrom('\ud800', '\udfff', '\udbff', '\u0000', '\u2028', '\ufeff', '\u{1f600}', '"', '\\'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/** A body as raw text or bytes, and whether it is JSON the intake must accept. */
interface Body {
  raw: string | Uint8Array;
  json: boolean;
}

const bodies: fc.Arbitrary<Body> = fc.oneof(
  fc.jsonValue({ maxDepth: 4, stringUnit: hostileChar }).map((value) => ({ raw: JSON.stringify(value), json: true })),
  fc.record({ depth: fc.integer({ min: 100, max: 5_000 }), kind: fc.constantFrom('array', 'object') }).map(({ depth, kind }) => ({
    raw: kind === 'array' ? nested(depth, '[', ']') : nested(depth, '{"a":', '}'),
    json: true,
  })),
  fc
    .constantFrom(
      '{"n":1e400,"m":-0,"big":123456789012345678901234567890,"tiny":5e-324}',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
      '{"a":1,"a":2,"a":{"b":"\\u0000\\ud800"}}',
      '"\\ud800"',
      'null',
      `{"note":"${'x'.repeat(200_000)}"}`,
    )
    .map((raw) => ({ raw, json: true })),
  fc
    .oneof(fc.string(), fc.constantFrom('', '{', '{"a":}', '\u0000', 'NaN', '<xml/>'))
    .filter((raw) => !parses(raw))
    .map((raw) => ({ raw, json: false })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ raw: bytes, json: parses(Buffer.from(bytes).toString('utf8')) && isUtf8(bytes) })),
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  return Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8').equals(Buffer.from(bytes));
}

// Header values a sender could put there (HTTP allows latin-1 text; fetch refuses CR, LF and NUL).
const junkHeader = fc.oneof(
  fc.constant(''),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
  fc.constantFrom('x'.repeat(10_000), 'not-a-date', '2026-13-45T99:99:99Z', 'ORDERS/CREATE', '../../etc/passwd', 'é'.repeat(300)),
);
const HEADER_NAMES = [
  'X-Shopify-Topic',
  'X-Shopify-Shop-Domain',
  'X-Shopify-API-Version',
  'X-Shopify-Webhook-Id',
  'X-Shopify-Event-Id',
  'X-Shopify-Triggered-At',
];

interface Attempt {
  body: Body;
  signing: 'valid' | 'wrong-secret' | 'none' | 'garbage';
  topic: (typeof TOPICS)[number];
  junk: Array<{ header: string; value: string; drop: boolean }>;
  /** Send an earlier accepted delivery again (Shopify's retry or duplicate) instead. */
  repeat: boolean;
}

const attempts: fc.Arbitrary<Attempt> = fc.record({
  body: bodies,
  signing: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'valid', 'wrong-secret', 'none', 'garbage'),
  topic: fc.constantFrom(...TOPICS),
  junk: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Attempt['junk']>([]) },
    {
      weight: 1,
      arbitrary: fc.array(fc.record({ header: fc.constantFrom(...HEADER_NAMES), value: junkHeader, drop: fc.boolean() }), {
        minLength: 1,
        maxLength: 2,
      }),
    },
  ),
  repeat: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
});

describe.each(['sqlite', 'postgresql'] as const)('webhook intake with hostile input on %s', (database) => {
  let h: Harness;
  const seen: WebhookEvent[] = [];
  const record = async (event: WebhookEvent) => void seen.push(event);
  const recordEveryTopic = new Proxy<Record<string, typeof record>>(
    {},
    { get: () => record, getOwnPropertyDescriptor: () => ({ value: record, enumerable: true, configurable: true, writable: false }) },
  );
  const worker = () =>
    createWorker({
      db: h.database.db,
      handlers: {
        // Every topic, whatever a junk X-Shopify-Topic made of it, has a handler that records the event.
        [WEBHOOK_JOB]: webhookJobHandler(h.database.db, recordEveryTopic),
      },
      logger: silentLogger(),
    });

  beforeAll(async () => {
    // The test runs the worker itself, with handlers that record what they were given.
    h = await startHarness({ database, runWorker: false });
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    seen.length = 0;
  });

  async function deliver(raw: string | Uint8Array, headers: Record<string, string>) {
    const response = await postWebhook(h.server.url, raw, headers);
    const text = await response.text();
    return { status: response.status, text };
  }

  /** Runs every due webhook job; returns the events the handlers saw. */
  async function processAll(): Promise<WebhookEvent[]> {
    while ((await worker().runDue()) > 0) {
      // until nothing is due
    }
    return [...seen];
  }

  it.each([
    ['a lone high surrogate', '{"note":"\\ud800"}'],
    ['a lone low surrogate in a key', '{"\\udc00":1}'],
    ['U+0000 in a string', '{"note":"a\\u0000b"}'],
    ['200 levels of nesting (beyond Prisma’s limit)', nested(200, '[', ']')],
    ['100,000 levels of nesting', nested(100_000, '{"a":', '}')],
  ])('when a signed body holds %s, then it is accepted and processed once with the body as sent', async (_what, raw) => {
    const headers = webhookHeaders(raw, { topic: 'orders/create', shop: h.shop, secret: TEST_API_SECRET });
    const first = await deliver(raw, headers);
    expect(first.status, first.text).toBe(200);
    const retry = await deliver(raw, headers);
    expect(JSON.parse(retry.text)).toMatchObject({ duplicate: true });
    const events = await processAll();
    expect(events).toHaveLength(1);
    expect(sameJson(events[0]!.body, JSON.parse(raw))).toBe(true);
    const delivery = await h.database.db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId: headers['X-Shopify-Event-Id'] } });
    expect(delivery.status).toBe('processed');
  });

  it.each([
    ['an event id of 10,000 characters', { 'X-Shopify-Event-Id': 'e'.repeat(10_000) }, /X-Shopify-Event-Id/],
    [
      'a webhook id of 10,000 characters and no event id',
      { 'X-Shopify-Webhook-Id': 'w'.repeat(10_000), 'X-Shopify-Event-Id': '' },
      /X-Shopify-Webhook-Id/,
    ],
    ['a shop domain of 300 characters', { 'X-Shopify-Shop-Domain': `${'s'.repeat(280)}.myshopify.com` }, /X-Shopify-Shop-Domain/],
  ])('when a signed delivery carries %s, then it is refused with a 400 naming the header', async (_what, override, named) => {
    const raw = '{"id":1}';
    const response = await deliver(raw, {
      ...webhookHeaders(raw, { topic: 'orders/create', shop: h.shop, secret: TEST_API_SECRET }),
      ...override,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).error.message).toMatch(named);
  });

  it('when a signed delivery has a triggered-at that is not a date, then it is accepted and recorded without one', async () => {
    const raw = '{"id":2}';
    const headers = {
      ...webhookHeaders(raw, { topic: 'orders/create', shop: h.shop, secret: TEST_API_SECRET }),
      'X-Shopify-Triggered-At': 'yesterday-ish',
    };
    expect((await deliver(raw, headers)).status).toBe(200);
    const events = await processAll();
    expect(events.map((event) => event.triggeredAt)).toEqual([null]);
  });

  it('when hostile deliveries arrive, signed or not, then none gets 5xx or leaks internals; each valid one runs exactly once', async () => {
    const accepted = new Map<string, { raw: string; headers: Record<string, string> }>();
    await fc.assert(
      fc.asyncProperty(attempts, async (attempt) => {
        const earlier = [...accepted.values()];
        if (attempt.repeat && earlier.length > 0) {
          const again = earlier[earlier.length - 1]!;
          const response = await deliver(again.raw, again.headers);
          expect(response.status).toBe(200);
          expect(JSON.parse(response.text)).toMatchObject({ duplicate: true });
          return;
        }
        const { raw } = attempt.body;
        const headers: Record<string, string> = webhookHeaders(raw, { topic: attempt.topic, shop: h.shop, secret: TEST_API_SECRET });
        if (attempt.signing === 'wrong-secret') headers['X-Shopify-Hmac-Sha256'] = signWebhook(raw, 'not-the-secret');
        if (attempt.signing === 'garbage') headers['X-Shopify-Hmac-Sha256'] = '%%%not base64%%%';
        if (attempt.signing === 'none') delete headers['X-Shopify-Hmac-Sha256'];
        for (const { header, value, drop } of attempt.junk) {
          if (drop) delete headers[header];
          else headers[header] = value;
        }
        const response = await deliver(raw, headers);
        expect(response.status, response.text).toBeLessThan(500);
        expect(response.text).not.toMatch(LEAK);
        if (response.status !== 200)
          expect(JSON.parse(response.text)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        const valid = attempt.signing === 'valid' && attempt.junk.length === 0 && attempt.body.json;
        if (valid) expect(response.status, response.text).toBe(200);
        const answer = response.status === 200 ? (JSON.parse(response.text) as { duplicate?: boolean; deliveryId?: string }) : null;
        if (answer && !answer.duplicate) {
          expect(answer.deliveryId).toEqual(expect.any(String));
          accepted.set(answer.deliveryId!, { raw: typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'), headers });
        }
      }),
      { numRuns: 150, seed: 20261204 },
    );

    const events = await processAll();
    const byDelivery = new Map<string, WebhookEvent[]>();
    for (const event of events) byDelivery.set(event.deliveryId, [...(byDelivery.get(event.deliveryId) ?? []), event]);
    expect([...byDelivery.keys()].sort()).toEqual([...accepted.keys()].sort());
    for (const [deliveryId, sent] of accepted) {
      const runs = byDelivery.get(deliveryId) ?? [];
      expect(runs, `runs of ${deliveryId}`).toHaveLength(1);
      expect(sameJson(runs[0]!.body, JSON.parse(sent.raw)), `body of ${deliveryId}`).toBe(true);
    }

    // Healthy afterwards: the health check answers and an ordinary delivery goes through.
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    const plain = JSON.stringify({ id: crypto.randomInt(1e9) });
    const headers = webhookHeaders(plain, { topic: 'orders/create', shop: h.shop, secret: TEST_API_SECRET });
    expect((await deliver(plain, headers)).status).toBe(200);
    seen.length = 0;
    expect((await processAll()).map((event) => event.body)).toEqual([JSON.parse(plain)]);
  });
});
