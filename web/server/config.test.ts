import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const production = {
  SHOPIFY_API_KEY: 'key',
  SHOPIFY_API_SECRET: 'secret',
  SHOPIFY_APP_URL: 'https://encore.example.com/',
  DATABASE_URL: 'postgresql://db.internal/encore',
};

describe('configuration from the environment', () => {
  it('when everything is set, reads it with the CLI and hosting conventions', () => {
    const config = loadConfig({ ...production, BACKEND_PORT: '8081', SCOPES: 'read_products, write_orders' });
    expect(config).toMatchObject({
      apiKey: 'key',
      apiSecret: 'secret',
      appUrl: 'https://encore.example.com',
      port: 8081,
      databaseUrl: 'postgresql://db.internal/encore',
      scopes: ['read_products', 'write_orders'],
      demo: false,
      runWorker: true,
    });
  });

  it('when required variables are missing outside demo mode, names every one of them', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '3000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'SHOPIFY_APP_URL or APP_URL or HOST', 'DATABASE_URL']) {
      expect(message).toContain(name);
    }
    expect(message).toContain('npm run demo');
  });

  it('when in demo mode, fills demo defaults (SQLite file, local URL on the chosen port)', () => {
    const config = loadConfig({ ENCORE_DEMO: '1', PORT: '4567' });
    expect(config.demo).toBe(true);
    expect(config.databaseUrl).toMatch(/^file:.*demo\.db$/);
    expect(config.appUrl).toBe('http://127.0.0.1:4567');
    expect(config.scopes).toContain('write_products');
  });

  it('when HOST comes without a scheme, assumes https', () => {
    expect(loadConfig({ ...production, SHOPIFY_APP_URL: undefined, HOST: 'abc.trycloudflare.com' }).appUrl).toBe(
      'https://abc.trycloudflare.com',
    );
  });

  it('when values are malformed, says which and how', () => {
    expect(() => loadConfig({ ...production, PORT: 'eighty' })).toThrow(/PORT must be a port number/);
    expect(() => loadConfig({ ...production, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with/);
  });
});

describe('starting the server without configuration', () => {
  it('exits with a message naming every missing variable, and no stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const path = await import('node:path');
    const root = path.resolve(import.meta.dirname, '../..');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'web/server/index.ts'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Encore cannot start');
    expect(run.stderr).toContain('SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL or APP_URL or HOST, DATABASE_URL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
