// Production entry point: configuration from the environment, then the backend (`npm start`, `npm run dev`) or,
// given the argument `worker`, a job worker without HTTP (`npm run worker`).
import { type AppConfig, ConfigError, loadConfig } from './config.js';
import { startServer, startWorker } from './start.js';

async function main(role: 'web' | 'worker'): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Encore cannot start:\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const running = role === 'worker' ? await startWorker(config) : await startServer(config);
  const shutdown = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main(process.argv[2] === 'worker' ? 'worker' : 'web');
