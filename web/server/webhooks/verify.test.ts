// The intake's own signature check gives the verdict @shopify/shopify-api's webhooks.validate gives, on the same
// HTTP requests: both run inside one server, on each request a property test sends.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../../test/support/webhooks.js';
import { loadConfig } from '../config.js';
import { silentLogger } from '../logger.js';
import { createShopifyApi } from '../shopify/shopify-api.js';
import { WEBHOOK_HEADERS, webhookVerifier } from './verify.js';

const SECRET = 'verify-test-secret';

let server: http.Server;
let url: string;
beforeAll(async () => {
  const config = loadConfig({
    SHOPIFY_API_KEY: 'verify-test-key',
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: 'https://encore.test',
    DATABASE_URL: 'file::memory:',
  });
  const shopify = createShopifyApi(config, silentLogger());
  const verify = webhookVerifier(SECRET);
  const app = express();
  app.post('/', express.raw({ type: () => true }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const library = await shopify.webhooks.validate({ rawBody: body.toString('utf8'), rawRequest: req, rawResponse: res });
    res.json({ library, ours: verify(body, (name) => req.get(name)) });
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

interface Verdicts {
  library: {
    valid: boolean;
    reason?: string;
    missingHeaders?: string[];
    domain?: string;
    apiVersion?: string;
    webhookId?: string;
    eventId?: string;
    triggeredAt?: string;
  };
  ours: {
    valid: boolean;
    reason?: string;
    missingHeaders?: string[];
    topic?: string;
    domain?: string;
    apiVersion?: string;
    webhookId?: string;
    eventId?: string;
    triggeredAt?: string;
  };
}

const optionalHeaders = [
  WEBHOOK_HEADERS.topic,
  WEBHOOK_HEADERS.domain,
  WEBHOOK_HEADERS.apiVersion,
  WEBHOOK_HEADERS.webhookId,
  WEBHOOK_HEADERS.eventId,
  WEBHOOK_HEADERS.triggeredAt,
];
// Mostly present (so that many requests pass), sometimes empty or absent.
const headerValue = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.oneof(
      fc.uuid(),
      fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 30 }),
    ),
  },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const headerSets = fc
  .tuple(...optionalHeaders.map(() => headerValue))
  .map((values) =>
    Object.fromEntries(optionalHeaders.flatMap((name, index) => (values[index] === undefined ? [] : [[name, values[index]]]))),
  );

describe('webhook signature check', () => {
  it("when any request arrives, then its verdict is @shopify/shopify-api's (valid, or the same reason and missing headers)", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('right', 'right', 'right', 'wrong-secret', 'garbage', 'absent', 'unpadded'),
        headerSets,
        async (body, signing, chosen) => {
          const headers: Record<string, string> = { 'Content-Type': 'application/json', ...chosen };
          const hmac = signWebhook(body, signing === 'wrong-secret' ? 'another-secret' : SECRET);
          if (signing === 'right') headers[WEBHOOK_HEADERS.hmac] = hmac;
          if (signing === 'wrong-secret') headers[WEBHOOK_HEADERS.hmac] = hmac;
          if (signing === 'garbage') headers[WEBHOOK_HEADERS.hmac] = 'bm90IGFuIGhtYWM=';
          if (signing === 'unpadded') headers[WEBHOOK_HEADERS.hmac] = hmac.replace(/=+$/, '');
          const response = await fetch(url, { method: 'POST', headers, body });
          const { library, ours } = (await response.json()) as Verdicts;
          if (library.valid) accepted += 1;
          expect(ours.valid).toBe(library.valid);
          if (!library.valid) {
            expect(ours.reason).toBe(library.reason);
            expect(ours.missingHeaders).toEqual(library.missingHeaders);
            return;
          }
          expect({
            domain: ours.domain,
            apiVersion: ours.apiVersion,
            webhookId: ours.webhookId,
            eventId: ours.eventId,
            triggeredAt: ours.triggeredAt,
          }).toEqual({
            domain: library.domain,
            apiVersion: library.apiVersion,
            webhookId: library.webhookId,
            eventId: library.eventId,
            triggeredAt: library.triggeredAt,
          });
          expect(ours.topic).toBe(headers[WEBHOOK_HEADERS.topic]);
        },
      ),
      { numRuns: 150, seed: 20261204 },
    );
    // The property saw both verdicts often enough to mean something.
    expect(accepted).toBeGreaterThan(15);
  });
});
