// Helpers for tests that talk to the emulator directly: a GraphQL caller with the demo token, and a webhook receiver
// (a real HTTP server on port 0) whose answers a test can script.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_API_VERSION } from '../../web/server/shopify/api-version.js';
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from './seed/demo-store.js';
import type { RunningEmulator } from './server.js';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    locations?: { line: number; column: number }[];
    path?: (string | number)[];
    extensions?: Record<string, unknown>;
  }[];
  extensions?: {
    cost?: {
      requestedQueryCost: number;
      actualQueryCost: number | null;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
    };
    [key: string]: unknown;
  };
}

export interface GqlOptions {
  shop?: string;
  token?: string;
  operationName?: string;
}

/** POSTs an Admin GraphQL request the way Shopify's client does (JSON body, X-Shopify-Access-Token). */
export async function gql<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  query: string,
  variables?: Record<string, unknown>,
  options: GqlOptions = {},
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Shopify-Access-Token': options.token ?? DEMO_ACCESS_TOKEN,
      'x-encore-emulator-shop': options.shop ?? DEMO_SHOP_DOMAIN,
    },
    body: JSON.stringify({ query, variables, operationName: options.operationName }),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Omit<GraphqlResponse<T>, 'status'>) : {};
  return { status: response.status, ...body };
}

/** Like gql, but fails the test on any top-level error and returns data. */
export async function gqlData<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  query: string,
  variables?: Record<string, unknown>,
  options: GqlOptions = {},
): Promise<T> {
  const result = await gql<T>(emulator, query, variables, options);
  if (result.status !== 200 || result.errors || !result.data) {
    throw new Error(`GraphQL request failed (HTTP ${result.status}): ${JSON.stringify(result.errors ?? result)}`);
  }
  return result.data;
}

export interface ReceivedWebhook {
  topic: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Answers with these statuses in order (then 200), optionally after a delay. */
  script(answers: { status: number; delayMs?: number }[]): void;
  waitFor(count: number, topic?: string, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let answers: { status: number; delayMs?: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        topic: String(req.headers['x-shopify-topic']),
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      });
      const answer = answers.shift() ?? { status: 200 };
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'Content-Type': 'text/plain' });
        res.end(answer.status < 300 ? 'ok' : 'no');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(next) {
      answers = [...next];
    },
    async waitFor(count, topic, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter((r) => !topic || r.topic === topic);
        if (matching.length >= count) return matching;
        if (Date.now() > until)
          throw new Error(
            `expected ${count} ${topic ?? ''} webhook(s), got ${matching.length}: ${received.map((r) => r.topic).join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
