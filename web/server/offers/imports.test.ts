// The engine is pure and shared by every surface: its files (tests aside) import nothing but each other and zod.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = dirname(fileURLToPath(import.meta.url));

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return engineFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every import, re-export, dynamic import and require of a file, as written. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((ref) => ref.fileName);
}

function isAllowed(file: string, specifier: string): boolean {
  if (specifier === 'zod' || specifier.startsWith('zod/')) return true;
  if (!specifier.startsWith('.')) return false;
  const target = resolve(dirname(file), specifier);
  return !relative(ENGINE_DIR, target).startsWith('..');
}

describe('what the offer engine depends on', () => {
  it('when an engine file imports anything but the engine and zod, then this names the file and the import', () => {
    const files = engineFiles(ENGINE_DIR);
    expect(files.length).toBeGreaterThan(10);
    const outside = files.flatMap((file) =>
      specifiers(file)
        .filter((specifier) => !isAllowed(file, specifier))
        .map((specifier) => `${relative(ENGINE_DIR, file)} imports ${specifier}`),
    );
    expect(outside).toEqual([]);
  });

  it('when the check reads a file, then it sees static, type-only, re-exported and dynamic imports', () => {
    const probe = [
      "import { z } from 'zod';",
      "import type { Db } from '../db/client.js';",
      "export { x } from '../../../test/emulator/seed/types.js';",
      "const later = () => import('node:fs');",
    ].join('\n');
    const found = ts.preProcessFile(probe, true, true).importedFiles.map((ref) => ref.fileName);
    const file = join(ENGINE_DIR, 'probe.ts');
    expect(found.filter((specifier) => !isAllowed(file, specifier))).toEqual([
      '../db/client.js',
      '../../../test/emulator/seed/types.js',
      'node:fs',
    ]);
  });
});
