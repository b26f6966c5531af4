// The one error handler, over HTTP, with errors raised by a real database: a value the database refuses is the
// client's to fix (a 400 that says what kind of value), anything else the database says is ours (a 500 with a
// reference only). The routes below stand for any route whose validation let such a value through.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabases } from '../../../test/support/databases.js';
import { createLogger } from '../logger.js';
import { errorHandler, requestContext } from './middleware.js';

interface ErrorAnswer {
  error: { code: string; message: string };
  requestId: string;
}

describe.each(['sqlite', 'postgresql'] as const)('errors raised by the database on %s', (provider) => {
  let database: TestDatabase;
  let server: http.Server;
  let url: string;
  const logLines: Array<{ level: number; msg: string }> = [];

  beforeAll(async () => {
    database = await testDatabases[provider]();
    const { db } = database;
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
        done();
      },
    });
    const app = express();
    app.use(requestContext(createLogger({ destination: logs })));
    app.get('/shop-named', async (req, res) => {
      // Through Prisma's model API, as the services query.
      res.json(await db.prisma.shop.findMany({ where: { name: String(req.query.name) } }));
    });
    app.get('/events-since', async (req, res) => {
      res.json(await db.prisma.offerEvent.findMany({ where: { occurredAt: { gte: new Date(String(req.query.since)) } } }));
    });
    app.get('/funnels-at-version', async (req, res) => {
      res.json(await db.prisma.funnel.findMany({ where: { version: Number(req.query.version) } }));
    });
    app.get('/raw', async (req, res) => {
      // Through the driver, as the hot paths query (db.sql).
      res.json(await db.sql.query(`SELECT id FROM "Shop" WHERE domain = ${db.sql.placeholder(1)}`, [String(req.query.domain)]));
    });
    app.get('/broken', async (_req, res) => {
      res.json(await db.prisma.$queryRawUnsafe('SELECT * FROM "NoSuchTable"'));
    });
    app.use(errorHandler());
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await database?.drop();
  });

  if (provider === 'postgresql') {
    it.each([
      ['a NUL in a text, through Prisma', '/shop-named?name=a%00b', /NUL character/],
      ['a NUL in a text, through the driver', '/raw?domain=a%00b', /NUL character/],
      ['a date PostgreSQL cannot hold (year 0)', '/events-since?since=0000-01-01', /date or time is out of range/],
      ['a number past its Int column (Prisma reports it as P2020)', '/funnels-at-version?version=4294967296', /number is out of range/],
    ])(
      'when PostgreSQL refuses %s, then the answer is a 400 saying what kind of value, and a warning is logged',
      async (_name, path, reason) => {
        const response = await fetch(`${url}${path}`);
        expect(response.status).toBe(400);
        const body = (await response.json()) as ErrorAnswer;
        expect(body.error).toEqual({ code: 'unstorable_value', message: expect.stringMatching(reason) });
        expect(JSON.stringify(body)).not.toMatch(/Prisma|invalid byte sequence|SELECT|22021|22008/);
        expect(logLines.some((line) => line.msg === 'database refused a value of the request' && line.level === 40)).toBe(true);
      },
    );
  }

  it('when the database fails for a reason of ours (a missing table), then the answer is a 500 with a reference only', async () => {
    const response = await fetch(`${url}/broken`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as ErrorAnswer;
    expect(body.error).toEqual({
      code: 'internal_error',
      message: `Something went wrong on our side. Quote reference ${body.requestId} if you contact support.`,
    });
    expect(logLines.some((line) => line.msg === 'unhandled error' && line.level === 50)).toBe(true);
  });
});
