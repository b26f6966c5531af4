// `npm run demo` on a fresh database: migrations applied, emulator and backend up, demo shop installed, URLs
// printed; the backend answers /healthz and the emulator answers a shop query with the printed token.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let demo: ChildProcess | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-demo-'));

afterAll(async () => {
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo?.once('exit', resolve));
    demo.kill('SIGINT');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function startDemo(): Promise<string> {
  demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', EMULATOR_PORT: '0', DATABASE_URL: `file:${path.join(dir, 'demo.db')}`, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start in time:\n${output}`)), 60_000);
    demo?.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Try:')) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    demo?.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo?.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}:\n${output}`));
    });
  });
}

describe('npm run demo', () => {
  it('starts the backend and the seeded emulator, installs the demo shop and prints working URLs', async () => {
    const output = await startDemo();
    const backend = /Backend\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const graphql = /Admin GraphQL\s+(http:\/\/127\.0\.0\.1:\d+\/admin\/api\/2026-07\/graphql\.json)/.exec(output)?.[1];
    const token = /Demo access token\s+(\S+)/.exec(output)?.[1];
    expect(output).toMatch(/Installed shop\s+Encore Demo Store \(encore-demo\.myshopify\.com\)/);
    expect(backend && graphql && token).toBeTruthy();

    const health = await fetch(`${backend}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, database: 'sqlite' });

    const shop = await fetch(graphql as string, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': token as string },
      body: JSON.stringify({ query: '{ shop { name myshopifyDomain } }' }),
    });
    expect(await shop.json()).toMatchObject({
      data: { shop: { name: 'Encore Demo Store', myshopifyDomain: 'encore-demo.myshopify.com' } },
    });

    // The printed post-purchase request works as printed: the seeded funnel comes back, first step first.
    const funnels = /Funnels\s+(.+)/.exec(output)?.[1]?.split(', ').sort();
    expect(funnels).toEqual(['Coffee lovers', 'Glass cups with any order']);
    const bearer = /Authorization: Bearer (\S+)'/.exec(output)?.[1];
    const requestFile = /-d @(\S+)/.exec(output)?.[1];
    expect(bearer && requestFile).toBeTruthy();
    const offer = await fetch(`${backend}/api/post-purchase/offer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
      body: fs.readFileSync(path.join(root, requestFile as string), 'utf8'),
    });
    expect(offer.status).toBe(200);
    expect(await offer.json()).toMatchObject({ offer: { firstStepId: 'grinder', steps: { grinder: expect.anything() } } });
  });
});
