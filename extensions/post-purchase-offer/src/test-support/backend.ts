// A real HTTP server standing in for the Encore backend's post-purchase routes. Each route answers what the test
// set (status + JSON body, or no answer at all) and records what arrived.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export type Reply = { status: number; json?: unknown; raw?: string } | 'hang';

export interface FakeBackend {
  url: string;
  requests: Recorded[];
  replies: Map<string, Reply>;
  close(): Promise<void>;
}

export async function startBackend(): Promise<FakeBackend> {
  const backend = { requests: [], replies: new Map() } as unknown as FakeBackend;
  const server = http.createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const path = request.url ?? '';
      backend.requests.push({ path, authorization: request.headers.authorization, body: raw ? JSON.parse(raw) : undefined });
      const reply = backend.replies.get(path) ?? { status: 404 };
      if (reply === 'hang') return;
      response.writeHead(reply.status, { 'Content-Type': 'application/json' });
      response.end(reply.raw ?? JSON.stringify(reply.json ?? null));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  backend.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return backend;
}
