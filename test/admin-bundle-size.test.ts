// The admin's first load stays small: the JavaScript a browser must fetch before the first page works (the entry
// chunk and every chunk it imports statically, read from Vite's manifest of the build in admin/dist) is at most
// 150 KB gzip-compressed. Charts (polaris-viz) and every page but Home load on demand and are not counted.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';

const INITIAL_JS_BUDGET_BYTES = 150 * 1024;
const dist = path.resolve(import.meta.dirname, '../admin/dist');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function initialFiles(manifest: Record<string, ManifestChunk>): string[] {
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error('the admin build has no entry chunk');
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry[0]);
  return [...files];
}

describe('the admin’s initial JavaScript', () => {
  it(`when the admin is built, then its first load's JavaScript is at most ${INITIAL_JS_BUDGET_BYTES / 1024} KB gzipped`, () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const files = initialFiles(manifest);
    const sizes = files.map((file) => ({ file, gzip: zlib.gzipSync(fs.readFileSync(path.join(dist, file))).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    expect(total, sizes.map((s) => `${s.file} ${(s.gzip / 1024).toFixed(1)} KB`).join(', ')).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
    // Charts are not part of it: they load when Home draws them.
    const all = Object.values(manifest).map((chunk) => chunk.file);
    const charts = all.filter((file) => /Charts-.*\.js$/.test(file));
    expect(charts.length).toBeGreaterThan(0);
    expect(files.filter((file) => charts.includes(file))).toEqual([]);
  });
});
