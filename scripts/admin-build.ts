// Builds the admin workspace (admin/dist) when it is missing or older than its sources: `npm run demo` calls it
// before serving the admin, `npm test` builds it before the browser tests (package.json "build:admin"). The
// extension previews' host pages (preview/dist, one Vite build per host: preview/vite.config.ts) are built with it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const adminDir = path.join(root, 'admin');
const builtIndex = path.join(adminDir, 'dist', 'index.html');
const builtHome = path.join(adminDir, 'dist', 'home.html');

const previewDir = path.join(root, 'preview');
const PREVIEW_HOSTS = ['checkout', 'post-purchase'] as const;
const PREVIEW_SOURCES = [
  'preview/src',
  'preview/checkout.html',
  'preview/post-purchase.html',
  'preview/vite.config.ts',
  'extensions/checkout-upsell/src',
  'extensions/post-purchase-offer/src',
];

function newestMs(entries: string[]): number {
  let newest = 0;
  const visit = (file: string) => {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(file)) visit(path.join(file, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of entries) visit(entry);
  return newest;
}

function newestSourceMs(): number {
  return newestMs(['src', 'index.html', 'vite.config.ts', 'package.json'].map((entry) => path.join(adminDir, entry)));
}

export function adminBuildIsCurrent(): boolean {
  return fs.existsSync(builtHome) && fs.statSync(builtIndex).mtimeMs >= newestSourceMs();
}

function previewBuildIsCurrent(): boolean {
  const built = PREVIEW_HOSTS.map((host) => path.join(previewDir, 'dist', `${host}.html`));
  if (!built.every((file) => fs.existsSync(file))) return false;
  const oldest = Math.min(...built.map((file) => fs.statSync(file).mtimeMs));
  return oldest >= newestMs(PREVIEW_SOURCES.map((entry) => path.join(root, entry)));
}

/** Builds the preview's host pages (preview/dist) unless they are current. */
export function ensurePreviewBuilt(options: { force?: boolean } = {}): { built: boolean } {
  if (!options.force && previewBuildIsCurrent()) return { built: false };
  fs.rmSync(path.join(previewDir, 'dist'), { recursive: true, force: true });
  for (const host of PREVIEW_HOSTS) vite(['build', '--config', path.join(previewDir, 'vite.config.ts'), '--mode', host], previewDir);
  return { built: true };
}

function vite(args: string[], cwd = adminDir): void {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), ...args, '--logLevel', 'warn'], {
    cwd,
    encoding: 'utf8',
    // Always a production build: vitest (which calls this from its global setup) sets NODE_ENV=test, and vite would
    // then bundle React's development build (about 50 KB more, compressed).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`building the admin failed (vite ${args.join(' ')}):\n${result.stdout}\n${result.stderr}`);
}

/**
 * Home's first state rendered to HTML at build time (src/prerender.tsx, built for Node into dist-ssr/), written as
 * dist/home.html: the server sends it for / outside Shopify's admin frame, so Home paints before its JavaScript runs.
 */
function prerenderHome(): void {
  vite(['build', '--ssr', 'src/prerender.tsx', '--outDir', 'dist-ssr', '--emptyOutDir']);
  const prerender = JSON.stringify(pathToFileURL(path.join(adminDir, 'dist-ssr', 'prerender.js')).href);
  const script = `import(${prerender}).then((m) => process.stdout.write(m.render('/')))`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: adminDir,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0 || !result.stdout) throw new Error(`prerendering Home failed:\n${result.stderr}`);
  const index = fs.readFileSync(builtIndex, 'utf8');
  // The entry is loaded after the first frame is painted: its evaluation is a long task, and run first it would hold
  // back the paint of the prerendered page it is about to hydrate (measured: with a modulepreload, or as a plain
  // module script, first paint came 100-300 ms later on a busy 2-core machine).
  const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(index);
  if (!entry?.[1]) throw new Error('prerendering Home: the built index.html has no module entry script');
  const deferred =
    '<script>requestAnimationFrame(function () { setTimeout(function () { ' +
    "var s = document.createElement('script'); s.type = 'module'; s.crossOrigin = ''; " +
    `s.src = ${JSON.stringify(entry[1])}; document.head.appendChild(s); }, 0); });</script>`;
  const home = index.replace(entry[0], deferred).replace('<div id="root"></div>', `<div id="root">${result.stdout}</div>`);
  fs.writeFileSync(builtHome, home);
}

/** Builds admin/dist (and preview/dist) unless current; throws with vite's output when a build fails. */
export function ensureAdminBuilt(options: { force?: boolean } = {}): { built: boolean } {
  const preview = ensurePreviewBuilt(options);
  if (!options.force && adminBuildIsCurrent()) return { built: preview.built };
  vite(['build']);
  prerenderHome();
  return { built: true };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { built } = ensureAdminBuilt({ force: process.argv.includes('--force') });
  process.stdout.write(built ? 'admin built (admin/dist)\n' : 'admin/dist is up to date\n');
}
