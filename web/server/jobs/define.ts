// Typed handlers: validate the payload with a zod schema before running. A payload that does not match will never
// match, so it fails the job at once (terminal) instead of burning retries.
import type { z } from 'zod';
import { TerminalJobError } from './errors.js';
import type { JobContext, JobHandler, JsonValue } from './types.js';

export function defineJobHandler<Schema extends z.ZodType>(
  schema: Schema,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is the common case
  run: (payload: z.output<Schema>, ctx: JobContext) => Promise<JsonValue | void>,
): JobHandler {
  return async (payload, ctx) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
      throw new TerminalJobError(`Invalid payload for job "${ctx.job.name}": ${problems}`);
    }
    return run(parsed.data, ctx);
  };
}
