// A real HTTP server standing in for the Encore backend's POST /api/checkout/events, with the CORS answers a
// checkout worker needs. It records what arrives; `mode` makes it fail or never answer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CheckoutEventsRequest } from '../offers-contract.js';

export interface ReceivedEvents {
  authorization: string | undefined;
  contentType: string | undefined;
  body: CheckoutEventsRequest;
}

export interface EventsBackend {
  url: string;
  received: ReceivedEvents[];
  mode: 'ok' | 'fail' | 'hang';
  /** Requests whose connection the client dropped before an answer (e.g. its timeout fired). */
  aborted: number;
  close(): Promise<void>;
}

export async function startEventsBackend(): Promise<EventsBackend> {
  const backend = { received: [], mode: 'ok', aborted: 0 } as unknown as EventsBackend;
  const server = http.createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      });
      response.end();
      return;
    }
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/api/checkout/events') {
        response.writeHead(404).end();
        return;
      }
      backend.received.push({
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: JSON.parse(raw) as CheckoutEventsRequest,
      });
      if (backend.mode === 'hang') {
        response.on('close', () => {
          if (!response.writableEnded) backend.aborted += 1;
        });
        return;
      }
      response.writeHead(backend.mode === 'ok' ? 204 : 500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  backend.url = `http://127.0.0.1:${port}`;
  backend.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return backend;
}
