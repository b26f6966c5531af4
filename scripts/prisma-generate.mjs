// Generates the Prisma clients of both providers (run by postinstall). Offline: engine "js" + adapters.
import { spawnSync } from 'node:child_process';
import { root, writePostgresSchema } from './prisma-schemas.mjs';

writePostgresSchema();
for (const provider of ['sqlite', 'postgresql']) {
  const run = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--no-hints'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ENCORE_PRISMA_PROVIDER: provider, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`prisma generate (${provider}) failed`);
  }
}
