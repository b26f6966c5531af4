#!/usr/bin/env node
// Measures the extension bundles written by `shopify app build` the way Shopify CLI 3.94 reports them
// (zlib deflate of dist/<handle>.js at the default level; 1 KB = 1024 bytes) and fails when the checkout
// extension or the admin order block is over Shopify's 64 KB compressed limit for UI extensions on API 2025-10+.
//
//   npx shopify app build && node scripts/check-extension-size.mjs [--markdown]
//
// Exit codes: 0 all within limits, 1 a bundle over its limit, 2 a bundle missing (build first).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;

// The post-purchase extension is a separate, frozen API with no published bundle limit: measured, not gated.
const extensions = [
  { directory: 'checkout-upsell', limitBytes: 64 * KB, goalBytes: 16 * KB },
  // Admin UI extensions on 2025-10+ run on Remote DOM too: the same 64 KB limit (shopify.dev, optimize-bundle-size).
  { directory: 'order-timeline', limitBytes: 64 * KB, goalBytes: 16 * KB },
  { directory: 'post-purchase-offer', limitBytes: null, goalBytes: null },
];

function handleOf(directory) {
  const toml = fs.readFileSync(path.join(root, 'extensions', directory, 'shopify.extension.toml'), 'utf8');
  return /^\s*handle\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? directory;
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

const rows = [];
let exitCode = 0;
for (const { directory, limitBytes, goalBytes } of extensions) {
  const bundle = path.join(root, 'extensions', directory, 'dist', `${handleOf(directory)}.js`);
  if (!fs.existsSync(bundle)) {
    console.error(`${directory}: no bundle at ${path.relative(root, bundle)}; run \`npx shopify app build\` first`);
    exitCode = Math.max(exitCode, 2);
    continue;
  }
  const source = fs.readFileSync(bundle);
  const compressed = zlib.deflateSync(source).byteLength;
  const over = limitBytes !== null && compressed > limitBytes;
  if (over) exitCode = Math.max(exitCode, 1);
  const verdict =
    limitBytes === null
      ? 'no published limit'
      : over
        ? `OVER the ${kb(limitBytes)} limit`
        : `within the ${kb(limitBytes)} limit${goalBytes !== null && compressed > goalBytes ? `, above the ${kb(goalBytes)} goal` : ''}`;
  rows.push({ directory, raw: source.byteLength, compressed, verdict });
}

if (process.argv.includes('--markdown')) {
  console.log('| extension | raw | compressed (deflate) | limit |');
  console.log('|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.directory} | ${kb(row.raw)} (${row.raw} B) | ${kb(row.compressed)} (${row.compressed} B) | ${row.verdict} |`);
  }
} else {
  for (const row of rows) {
    console.log(
      `${row.directory.padEnd(22)} ${kb(row.raw).padStart(9)} raw  ` +
        `${kb(row.compressed).padStart(9)} compressed (${row.compressed} B)  ${row.verdict}`,
    );
  }
}
process.exit(exitCode);
