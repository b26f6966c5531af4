// The backend's import boundaries (.dependency-cruiser.cjs, run by `npm run lint:boundaries`) fail on the imports
// they forbid: each rule is run, with the repository's own configuration, on a small project of fixture files laid
// out like web/server. And what dependency-cruiser cannot see: route files query no database.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cruise, type IConfiguration, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..');
const CONFIG_FILE = path.join(REPO, '.dependency-cruiser.cjs');

let options: ICruiseOptions;
const projects: string[] = [];

beforeAll(async () => {
  options = await extractDepcruiseOptions(CONFIG_FILE);
});

afterAll(() => {
  for (const dir of projects) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project holding `files` (path -> source), with the repository's packages. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-boundaries-'));
  projects.push(dir);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

/** Packages by name, wherever they resolved. */
const shown = (target: string) => target.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1');

/** The repository's rules run on `files` laid out from the repository root: `rule: from -> to` per violation. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const result = await cruise(['web/server'], { ...options, baseDir: project(files), outputType: 'json' });
  const report = JSON.parse(result.output as string) as ICruiseResult;
  return report.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${shown(v.to)}`).sort();
}

describe('import boundaries: npm run lint:boundaries', () => {
  it('when an offers/ file imports @shopify/shopify-api, then the check fails and says which rule, which import and why', async () => {
    const dir = project({
      'web/server/offers/pricing.ts': "import { ApiVersion } from '@shopify/shopify-api';\nexport const version = ApiVersion.July26;\n",
    });
    const result = await cruise(['web/server'], { ...options, baseDir: dir, outputType: 'err-long' });
    expect(result.exitCode).toBeGreaterThan(0);
    const message = String(result.output);
    expect(message).toContain('error offers-imports-only-itself-and-zod: web/server/offers/pricing.ts');
    expect(message).toContain('error only-shopify-imports-the-shopify-library: web/server/offers/pricing.ts');
    expect(message).toContain('@shopify/shopify-api');
    expect(message).toMatch(/offer engine \(web\/server\/offers\/\) is pure/);
  });

  it('when an offers/ file imports beyond its files and zod (static, type, re-export, dynamic, require), then each is named', async () => {
    expect(
      await violations({
        'web/server/offers/engine.ts': [
          "import { z } from 'zod';",
          "import { other } from './other.js';",
          "import type { Db } from '../db/client.js';",
          "export { helper } from '../helper.js';",
          "export const later = () => import('node:fs');",
          'declare const require: (id: string) => unknown;',
          "export const crypto = require('node:crypto');",
          'export const schema = z.object({ other: z.literal(other) });',
          'export type Uses = Db;',
        ].join('\n'),
        'web/server/offers/other.ts': "export const other = 'other';\n",
        'web/server/db/client.ts': 'export interface Db { url: string }\n',
        'web/server/helper.ts': 'export const helper = 1;\n',
      }),
    ).toEqual([
      'offers-imports-only-itself-and-zod: web/server/offers/engine.ts -> crypto',
      'offers-imports-only-itself-and-zod: web/server/offers/engine.ts -> fs',
      'offers-imports-only-itself-and-zod: web/server/offers/engine.ts -> web/server/db/client.ts',
      'offers-imports-only-itself-and-zod: web/server/offers/engine.ts -> web/server/helper.ts',
    ]);
  });

  it('when a file outside shopify/ imports the Shopify library or graphql, then it fails; shopify/ itself may', async () => {
    expect(
      await violations({
        'web/server/shops/install.ts':
          "import { RequestedTokenType } from '@shopify/shopify-api';\nexport const kind = RequestedTokenType.OfflineAccessToken;\n",
        'web/server/catalog/load.ts': "import { parse } from 'graphql';\nexport const doc = parse('{ shop { name } }');\n",
        'web/server/shopify/token-exchange.ts':
          "import { RequestedTokenType } from '@shopify/shopify-api';\nexport const kind = RequestedTokenType.OfflineAccessToken;\n",
      }),
    ).toEqual([
      'only-shopify-imports-the-shopify-library: web/server/catalog/load.ts -> graphql',
      'only-shopify-imports-the-shopify-library: web/server/shops/install.ts -> @shopify/shopify-api',
    ]);
  });

  it('when a capability or root file imports another past its index.ts, then it fails; its index, or core files singly, pass', async () => {
    expect(
      await violations({
        'web/server/ledger/index.ts': "export { EVENT_KINDS } from './events.js';\n",
        'web/server/ledger/events.ts': "export const EVENT_KINDS = ['shown'];\n",
        'web/server/checkout/events.ts': "import { EVENT_KINDS } from '../ledger/events.js';\nexport const kinds = EVENT_KINDS;\n",
        'web/server/checkout/sync.ts': [
          "import { EVENT_KINDS } from '../ledger/index.js';",
          "import { kinds } from './events.js';",
          "import { parseBody } from '../http/input.js';",
          "import type { Db } from '../db/client.js';",
          'export const all = [EVENT_KINDS, kinds, parseBody];',
          'export type Uses = Db;',
        ].join('\n'),
        'web/server/http/input.ts': 'export const parseBody = 1;\n',
        'web/server/db/client.ts': 'export interface Db { url: string }\n',
        'web/server/context.ts': "import type { EVENT_KINDS } from './ledger/events.js';\nexport type Kinds = typeof EVENT_KINDS;\n",
      }),
    ).toEqual([
      'capabilities-meet-through-their-index: web/server/checkout/events.ts -> web/server/ledger/events.ts',
      'capabilities-meet-through-their-index: web/server/context.ts -> web/server/ledger/events.ts',
    ]);
  });

  it('when a route file imports db/, then it fails; the service it calls may', async () => {
    expect(
      await violations({
        'web/server/settings/routes.ts': "import type { Db } from '../db/client.js';\nexport type Uses = Db;\n",
        'web/server/http/jobs-routes.ts': "import { sql } from '../db/client.js';\nexport const uses = sql;\n",
        'web/server/settings/service.ts': "import { sql, type Db } from '../db/client.js';\nexport const read = (db: Db) => sql(db);\n",
        'web/server/db/client.ts': 'export interface Db { url: string }\nexport const sql = (db: Db) => db.url;\n',
      }),
    ).toEqual([
      'routes-do-not-import-the-database: web/server/http/jobs-routes.ts -> web/server/db/client.ts',
      'routes-do-not-import-the-database: web/server/settings/routes.ts -> web/server/db/client.ts',
    ]);
  });

  it('when db/, jobs/ or shopify/ imports a capability, then it fails (dependencies point inward)', async () => {
    expect(
      await violations({
        'web/server/jobs/worker.ts': "import { handlers } from '../catalog/index.js';\nexport const all = handlers;\n",
        'web/server/catalog/index.ts': 'export const handlers = {};\n',
      }),
    ).toEqual(['core-does-not-import-capabilities: web/server/jobs/worker.ts -> web/server/catalog/index.ts']);
  });

  it('when production code imports test/ or a test file, then it fails; a test file under web/server may', async () => {
    expect(
      await violations({
        'web/server/jobs/testing.ts':
          "import { createDatabase } from '../../../test/support/databases.js';\nexport const make = createDatabase;\n",
        'web/server/jobs/helpers.ts': "import { cases } from './queue.test.js';\nexport const all = cases;\n",
        'web/server/jobs/queue.test.ts':
          "import { createDatabase } from '../../../test/support/databases.js';\nexport const cases = [createDatabase];\n",
        'test/support/databases.ts': 'export const createDatabase = () => null;\n',
      }),
    ).toEqual([
      'server-does-not-import-tests: web/server/jobs/helpers.ts -> web/server/jobs/queue.test.ts',
      'server-does-not-import-tests: web/server/jobs/testing.ts -> test/support/databases.ts',
    ]);
  });

  it('when two modules import each other at runtime, then it fails; a cycle through `import type` passes', async () => {
    expect(
      await violations({
        'web/server/funnels/one.ts': "import { two } from './two.js';\nexport const one = () => two();\n",
        'web/server/funnels/two.ts': "import { one } from './one.js';\nexport const two = () => one();\n",
        'web/server/funnels/three.ts': "import type { Four } from './four.js';\nexport const three = (four: Four) => four;\n",
        'web/server/funnels/four.ts': "import { three } from './three.js';\nexport type Four = string;\nexport const four = three;\n",
      }),
    ).toEqual(['no-runtime-cycles: web/server/funnels/one.ts -> web/server/funnels/two.ts']);
  });

  it('when an import cannot be resolved, then it fails (an unresolved import escapes every other rule)', async () => {
    expect(await violations({ 'web/server/ledger/service.ts': "import { gone } from './gone.js';\nexport const uses = gone;\n" })).toEqual([
      'imports-resolve: web/server/ledger/service.ts -> ./gone.js',
    ]);
  });
});

describe('routes do not query the database', () => {
  const config = createRequire(import.meta.url)(CONFIG_FILE) as IConfiguration;
  const routeRule = config.forbidden?.find((rule) => rule.name === 'routes-do-not-import-the-database');
  const isRouteFile = new RegExp(String(routeRule?.from.path));

  function serverFiles(dir = path.join(REPO, 'web/server')): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'generated' ? [] : serverFiles(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path.relative(REPO, full).split(path.sep).join('/')] : [];
    });
  }
  const routeFiles = serverFiles().filter((file) => isRouteFile.test(file));

  it('when the rule lists route files, then it finds every router and middleware, and not the services or the app factory', () => {
    expect(routeFiles).toEqual(
      expect.arrayContaining([
        'web/server/funnels/routes.ts',
        'web/server/post-purchase/routes.ts',
        'web/server/webhooks/receive.ts',
        'web/server/http/admin-routes.ts',
        'web/server/http/health.ts',
        'web/server/http/embedded-page.ts',
        'web/server/http/middleware.ts',
      ]),
    );
    expect(routeFiles.filter((file) => /service|repository|\/app\.ts$|\/db\//.test(file))).toEqual([]);
  });

  it('when a route file reads or writes the database itself (prisma, db.sql, raw SQL), then this names it: queries go in a service', () => {
    const QUERIES = /\bprisma\b|\.sql\b|\$(queryRaw|executeRaw|transaction)/;
    const querying = routeFiles.filter((file) =>
      fs
        .readFileSync(path.join(REPO, file), 'utf8')
        .split('\n')
        .some((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && QUERIES.test(line)),
    );
    expect(querying).toEqual([]);
  });
});
