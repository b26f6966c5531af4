// Helpers for the job queue's own tests (and for other modules' tests that run jobs).

import { createLogger, type Logger } from '../../web/server/logger.js';
import { createPostgresTestDatabase, createSqliteTestDatabase, type TestDatabase } from './databases.js';

/** For describe.each: every job test runs on both providers. */
export const databaseCases: ReadonlyArray<[string, () => Promise<TestDatabase>]> = [
  ['sqlite', createSqliteTestDatabase],
  ['postgresql', createPostgresTestDatabase],
];

export interface CapturedLogs {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

/** A real pino logger whose lines are kept in memory, parsed. */
export function captureLogs(level = 'debug'): CapturedLogs {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

/** Resolves once `check` returns true; polls, so it works whatever the clock. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise with its resolve function outside, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
