// Import boundaries of the backend (web/server), checked by `npm run lint:boundaries` (dependency-cruiser).
// Each rule says why it exists and what to do when it fails; test/architecture.test.ts shows that each one fails
// on a file that breaks it. The layout the rules protect is described in README.md ("Architecture").
const fs = require('node:fs');
const path = require('node:path');

/** Capabilities: each owns its folder, and others reach it only through its index.ts. */
const CAPABILITIES = [
  'admin',
  'catalog',
  'checkout',
  'email',
  'funnels',
  'ledger',
  'offers',
  'order-edit',
  'post-purchase',
  'preview',
  'privacy',
  'settings',
  'shops',
  'subscriptions',
  'webhooks',
];
const CAPABILITY = `(${CAPABILITIES.join('|')})`;

/** Shared core: folders every capability may import file by file, and which import no capability themselves. */
const INWARD_CORE = '(db|jobs|shopify)';

/** Tests may reach into a capability's files and use test support: the rules are about production code. */
const TEST_FILE = '\\.test\\.tsx?$';

const SERVER_DIR = path.join(__dirname, 'web', 'server');
/** A function taking an Express request and response: the file defines a route or a middleware. */
const DEFINES_HANDLER = /\(\s*_?req(uest)?\b[^)]*,\s*_?res(ponse)?\b/;

/** Route files: `*\/routes.ts`, `*-routes.ts`, and any other file under web/server that defines an Express handler. */
function routeFilePattern() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'generated') walk(full);
      } else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && DEFINES_HANDLER.test(fs.readFileSync(full, 'utf8'))) {
        found.push(
          path
            .relative(__dirname, full)
            .split(path.sep)
            .join('/')
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        );
      }
    }
  };
  if (fs.existsSync(SERVER_DIR)) walk(SERVER_DIR);
  return `^web/server/([^/]+/routes|[^/]+/[^/]+-routes)\\.ts$${found.map((file) => `|^${file}$`).join('')}`;
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'offers-imports-only-itself-and-zod',
      severity: 'error',
      comment:
        'The offer engine (web/server/offers/) is pure: no I/O, no clock, no database, no Shopify, so every surface ' +
        'can run it and its tests need nothing. It imports only its own files and zod. Pass what it needs in ' +
        'through its context (DecideContext, CatalogInput...) instead of importing it.',
      from: { path: '^web/server/offers/', pathNot: TEST_FILE },
      to: { pathNot: ['^web/server/offers/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'only-shopify-imports-the-shopify-library',
      severity: 'error',
      comment:
        'Only web/server/shopify/ talks to Shopify: it alone imports @shopify/shopify-api, a GraphQL client or ' +
        'graphql, and holds the GraphQL documents (shopify/graphql/, one operation per file). Add the call you ' +
        'need to shopify/ (an operation in shopify/graphql/, a function next to admin-client.ts or ' +
        'token-exchange.ts) and import that.',
      from: { path: '^web/server/', pathNot: ['^web/server/shopify/', TEST_FILE] },
      to: { path: '(^|/)node_modules/(@shopify/shopify-api|@shopify/admin-api-client|@shopify/graphql-client|graphql)/' },
    },
    {
      name: 'routes-do-not-import-the-database',
      severity: 'error',
      comment:
        'Routes stay thin (parse, call a service, answer): a file that defines an Express handler does not import ' +
        "web/server/db/. Move the query into the capability's service and call that; a router that needs a " +
        'db-backed collaborator gets it built by http/app.ts or by a factory of its capability. ' +
        '(test/architecture.test.ts also fails when such a file calls prisma or db.sql.)',
      from: { path: routeFilePattern(), pathNot: TEST_FILE },
      to: { path: '^web/server/db/' },
    },
    {
      name: 'capabilities-meet-through-their-index',
      severity: 'error',
      comment:
        'A capability folder (catalog, checkout, funnels, ledger, offers, post-purchase, privacy, settings, shops, ' +
        'webhooks...) is used by anything outside it only through its index.ts, so what it exports is its public ' +
        'surface and its other files can change freely. Export what you need from that index.ts and import the ' +
        'index. The core (root files, db/, jobs/, http/, shopify/) may be imported file by file.',
      from: { path: '^(web/server/[^/]+)', pathNot: TEST_FILE },
      to: { path: `^web/server/${CAPABILITY}/`, pathNot: ['^$1/', `^web/server/${CAPABILITY}/index\\.ts$`] },
    },
    {
      name: 'core-does-not-import-capabilities',
      severity: 'error',
      comment:
        'Dependencies point inward: db/, jobs/ and shopify/ serve every capability and know none of them. Pass ' +
        'what the core needs as a parameter (a handler, a callback) from the capability or from start.ts.',
      from: { path: `^web/server/${INWARD_CORE}/`, pathNot: TEST_FILE },
      to: { path: `^web/server/${CAPABILITY}/` },
    },
    {
      name: 'server-does-not-import-tests',
      severity: 'error',
      comment:
        'Production code (web/server, tests aside) imports nothing from test/ (the emulator, test support) nor ' +
        'any test file. Helpers for tests live in test/support/ and import the server, not the other way round.',
      from: { path: '^web/server/', pathNot: TEST_FILE },
      to: { path: ['^test/', TEST_FILE] },
    },
    {
      name: 'no-runtime-cycles',
      severity: 'error',
      comment:
        'Modules that import each other at runtime load in an order that depends on who is imported first, and ' +
        'one of them sees the other half-initialised. Break the cycle: move the shared piece into its own file, ' +
        'or make one side import types only. Cycles through `import type` are erased when compiled and allowed ' +
        "(context.ts names every module's types, and the modules take the context).",
      from: { path: '^web/server/', pathNot: TEST_FILE },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'imports-resolve',
      severity: 'error',
      comment: 'An import that cannot be resolved cannot be checked against the rules above. Fix the path (or install the package).',
      from: { path: '^web/server/', pathNot: TEST_FILE },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: ['^web/server/db/generated/', '^web/server/shopify/graphql/generated/'] },
    doNotFollow: { path: ['node_modules', '^test/', '^extensions/'] },
    // Type-only imports count: a type from the database layer in the engine is a dependency all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
