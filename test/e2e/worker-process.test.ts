// `npm run worker`: a process that runs queued jobs and nothing else, stopped cleanly by SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createJobQueue } from '../../web/server/jobs/queue.js';
import { PRUNE_JOB } from '../../web/server/privacy/index.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/databases.js';
import { waitFor } from '../support/jobs.js';

const root = path.resolve(import.meta.dirname, '../..');
let database: TestDatabase;

beforeAll(async () => {
  database = await createPostgresTestDatabase();
});
afterAll(async () => database?.drop());

it('when a worker process runs beside no web process, then it runs the due jobs and exits 0 on SIGTERM', async () => {
  const queue = createJobQueue({ db: database.db });
  const { job } = await queue.enqueue(PRUNE_JOB, {});

  const worker = spawn(process.execPath, ['--import', 'tsx', 'web/server/index.ts', 'worker'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      SHOPIFY_API_KEY: 'worker-test-key',
      SHOPIFY_API_SECRET: 'worker-test-secret',
      SHOPIFY_APP_URL: 'https://encore.test',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));

  try {
    await waitFor(async () => (await queue.get(job.id))?.status === 'succeeded', `the worker to run ${PRUNE_JOB}`, 30_000);
  } catch (error) {
    worker.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  worker.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).not.toMatch(/"level":(50|60)/);
}, 60_000);
