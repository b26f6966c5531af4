// What the repository's documentation promises: every folder of the backend has a README with its rules and
// decisions, and no comment or README sends a reader to a document the repository does not hold (the team's
// research notes live outside it): a claim cites its public source (a shopify.dev page, a library file, a
// changelog entry) or states the fact plainly.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..');
const SERVER_DIR = path.join(REPO, 'web', 'server');

/** Notes kept outside the repository, by file name; built from parts so this file does not cite them itself. */
const OUTSIDE_NOTES = ['shopify-platform', 'toolchain-recipes', 'shopify-limits', 'anchors', 'ARCHITECTURE'].map((name) => `${name}.md`);
const OUTSIDE_FOLDER = ['shared', 'reference', ''].join('/');
const CITES_OUTSIDE = new RegExp([...OUTSIDE_NOTES, OUTSIDE_FOLDER].map((text) => text.replace('.', '\\.')).join('|'));

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.cache', 'dist', 'generated', 'coverage', '.shopify']);
const TEXT_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs|md|json|toml|prisma|sql|sh|ya?ml|graphql|liquid|html|css)$/;

function repositoryFiles(dir = REPO): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : repositoryFiles(full);
    const isText = TEXT_FILE.test(entry.name) || entry.name === 'run';
    return isText && entry.name !== 'package-lock.json' ? [path.relative(REPO, full).split(path.sep).join('/')] : [];
  });
}

describe('documentation', () => {
  it('when a folder of web/server has no README.md, then this names it', () => {
    const folders = fs
      .readdirSync(SERVER_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders).toEqual(expect.arrayContaining(['db', 'http', 'jobs', 'offers', 'privacy', 'shopify', 'shops', 'webhooks']));
    expect(folders.filter((folder) => !fs.existsSync(path.join(SERVER_DIR, folder, 'README.md')))).toEqual([]);
  });

  it('when a file cites a document not in the repository (the research notes kept outside it), then this names the file and line', () => {
    const files = repositoryFiles();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'web/server/webhooks/verify.ts', '.ci/run', 'shopify.app.toml']));
    const citations = files.flatMap((file) =>
      fs
        .readFileSync(path.join(REPO, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (CITES_OUTSIDE.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(citations).toEqual([]);
  });

  it('when the check reads a line, then it finds each of the outside notes, by name or by its folder', () => {
    const probes = [...OUTSIDE_NOTES.map((name) => `see ${name} §7.1`), `(\`../${OUTSIDE_FOLDER}x.md\` §4)`, 'docs/jobs.md, README.md'];
    expect(probes.map((line) => CITES_OUTSIDE.test(line))).toEqual([true, true, true, true, true, true, false]);
  });
});
