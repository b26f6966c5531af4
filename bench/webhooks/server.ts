// A server process for the webhook benchmark, started by run.ts (the sender and the server must not share an
// event loop). BENCH_MODE=hello: a bare Express 5 app that reads a POST body and answers {ok:true}, the floor for
// the same requests. BENCH_MODE=encore: the whole backend as `npm run demo` and production start it
// (startServer: migrations, createApp, the in-process job worker unless ENCORE_RUN_WORKER=0), info-level logs
// to stdout.
// Prints "listening <port>" on stderr when ready.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loadConfig } from '../../web/server/config.js';
import { startServer } from '../../web/server/start.js';

async function main(): Promise<void> {
  const mode = process.env.BENCH_MODE;
  if (mode === 'encore') {
    const server = await startServer(loadConfig({ ...process.env, PORT: '0' }), { host: '127.0.0.1' });
    process.stderr.write(`listening ${server.port}\n`);
    process.on('SIGTERM', () => {
      void server.close().then(() => process.exit(0));
    });
    return;
  }
  if (mode !== 'hello') throw new Error(`BENCH_MODE must be "hello" or "encore", got ${String(mode)}`);
  const app = express();
  app.post('/hello', express.raw({ type: () => true, limit: '5mb' }), (_req, res) => {
    res.json({ ok: true });
  });
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stderr.write(`listening ${(server.address() as AddressInfo).port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
