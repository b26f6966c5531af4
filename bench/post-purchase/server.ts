// A server process for the post-purchase benchmark, started by run.ts (load generator and server must not share
// an event loop). BENCH_MODE=hello: a bare Express 5 hello-world, for scale. BENCH_MODE=encore: the post-purchase
// endpoints composed exactly as app.ts mounts them (request ids + access log, open CORS, JSON parser, router,
// 404 and error handlers), on the database run.ts seeded, with info-level logs going to stdout.
// Prints "listening <port>" on stderr when ready.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loadConfig } from '../../web/server/config.js';
import { createApp } from '../../web/server/http/app.js';
import { errorHandler, notFound, openCors, requestContext } from '../../web/server/http/middleware.js';
import { postPurchaseRouter } from '../../web/server/post-purchase/index.js';
import { buildContext } from '../../web/server/start.js';

async function main(): Promise<void> {
  const mode = process.env.BENCH_MODE;
  let app: express.Express;
  if (mode === 'hello') {
    app = express();
    app.get('/hello', (_req, res) => {
      res.json({ hello: 'world' });
    });
  } else if (mode === 'encore') {
    const config = loadConfig({ ...process.env, ENCORE_RUN_WORKER: '0', PORT: '0' });
    const ctx = await buildContext(config);
    const real = createApp(ctx);
    if (await servesPostPurchase(real)) {
      app = real;
      process.stderr.write('serving through createApp\n');
    } else {
      app = express();
      app.disable('x-powered-by');
      app.use(requestContext(ctx.logger));
      app.use('/api/post-purchase', openCors());
      app.use(express.json({ limit: '256kb' }));
      app.use('/api/post-purchase', postPurchaseRouter(ctx));
      app.use(notFound());
      app.use(errorHandler());
    }
  } else {
    throw new Error(`BENCH_MODE must be "hello" or "encore", got ${String(mode)}`);
  }
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stderr.write(`listening ${(server.address() as AddressInfo).port}\n`);
  // A normal exit, so `--cpu-prof` (NODE_OPTIONS) can write its profile.
  process.on('SIGTERM', () => process.exit(0));
}

/** Once app.ts mounts postPurchaseRouter, the benchmark measures createApp itself. */
async function servesPostPurchase(app: express.Express): Promise<boolean> {
  const probe = http.createServer(app);
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(probe.address() as AddressInfo).port}/api/post-purchase/offer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    return response.status === 401 && body?.error?.code === 'invalid_token';
  } finally {
    probe.closeAllConnections();
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
