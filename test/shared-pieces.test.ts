// Shared pieces live in one place: the routes' input parsing (http/input.ts), the Authorization header reader
// (http/bearer-token.ts), the in-memory cache (bounded-cache.ts) and the shop lookup (shops/, through its index.ts).
// Each check names the files that do it by hand again.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SERVER_DIR = path.resolve(import.meta.dirname, '../web/server');
const GENERATED_DIR = path.join(SERVER_DIR, 'db', 'generated');

/** Production sources, as paths relative to web/server; tests and test helpers (`testing/`, `testing.ts`) left out. */
function productionFiles(dir = SERVER_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === GENERATED_DIR || entry.name === 'testing' ? [] : productionFiles(full);
    const isSource = entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'testing.ts';
    return isSource ? [path.relative(SERVER_DIR, full).split(path.sep).join('/')] : [];
  });
}

const source = (file: string) => fs.readFileSync(path.join(SERVER_DIR, file), 'utf8');

/** Every module a file imports, as a path relative to web/server (packages as written). */
function importsOf(file: string): string[] {
  return ts
    .preProcessFile(source(file), true, true)
    .importedFiles.map(({ fileName }) =>
      fileName.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName)) : fileName,
    );
}

const isRoute = (file: string) => file.endsWith('/routes.ts') || file.startsWith('http/');
const FILES = productionFiles();

describe('shared pieces live in one place', () => {
  it('when the check lists the backend, then it sees the files it is about', () => {
    expect(FILES).toEqual(
      expect.arrayContaining(['http/input.ts', 'http/bearer-token.ts', 'bounded-cache.ts', 'shops/index.ts', 'funnels/routes.ts']),
    );
    expect(FILES).not.toContain('funnels/input.ts');
  });

  it('when a file parses request bodies or queries with http/input.ts, then it is a route', () => {
    const users = FILES.filter((file) => importsOf(file).includes('http/input.js'));
    expect(users.length).toBeGreaterThanOrEqual(5);
    expect(users.filter((file) => !isRoute(file))).toEqual([]);
  });

  it('when a file is not a route, then it throws no "bad request" (services throw the typed domain errors)', () => {
    const webhookIntake = 'webhooks/receive.ts';
    const offenders = FILES.filter(
      (file) => file !== 'errors.ts' && file !== webhookIntake && !isRoute(file) && /\bBadRequestError\b/.test(source(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('when a file reads "Authorization: Bearer", then it is http/bearer-token.ts', () => {
    expect(FILES.filter((file) => /\^Bearer/.test(source(file)))).toEqual(['http/bearer-token.ts']);
  });

  it('when a file keeps entries in memory with a bound, then it uses BoundedCache, not a Map evicting its first key', () => {
    const handWritten = FILES.filter((file) => /\.keys\(\)\.next\(\)/.test(source(file)));
    expect(handWritten).toEqual([]);
    expect(FILES.filter((file) => importsOf(file).includes('lru-cache'))).toEqual(['bounded-cache.ts']);
  });

  it('when a file looks a shop up, then it asks shops/ (only the settings store reads the Shop.settings column itself)', () => {
    const lookups = FILES.filter((file) => !file.startsWith('shops/') && /prisma\.shop\.find/.test(source(file)));
    expect(lookups).toEqual(['settings/service.ts']);
  });

  it('when another capability uses shops/, then it imports shops/index.ts', () => {
    const deep = FILES.flatMap((file) =>
      file.startsWith('shops/')
        ? []
        : importsOf(file)
            .filter((target) => target.startsWith('shops/') && target !== 'shops/index.js')
            .map((target) => `${file} -> ${target}`),
    );
    expect(deep).toEqual([]);
  });
});
