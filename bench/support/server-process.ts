// A benchmark's server in a process of its own (the load generator must not share its event loop): run with tsx
// from the repository root, ready once it prints "listening <port>" on stderr. Its stdout (the app's info-level
// logs, as in production) goes nowhere.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What it printed on stderr until it was ready. */
  startup: string;
}

/** `nodeArgs` go before the script, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=.cache/prof". */
export async function startServerProcess(
  script: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let startup = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      startup += chunk.toString('utf8');
      const match = /listening (\d+)/.exec(startup);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server ${path.basename(script)} exited with ${code}: ${startup}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, startup };
}

export async function stopServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** Extra node arguments for the measured server, from BENCH_SERVER_NODE_ARGS (e.g. to profile it). */
export function serverNodeArgs(): string[] {
  return (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}
