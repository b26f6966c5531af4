// The durable job queue: enqueue on one side (queue.ts), claim-and-run on the other (worker.ts). See docs/jobs.md.
export { createJobQueue, DEFAULT_MAX_ATTEMPTS, DEFAULT_QUEUE, CANCELLED_MESSAGE } from './queue.js';
export type {
  EnqueueOptions,
  EnqueueResult,
  JobActionResult,
  JobCounts,
  JobPage,
  JobQueue,
  JobQueueDeps,
  JobScope,
  ListJobsFilter,
} from './queue.js';
export { createWorker, DEFAULT_LEASE_MS, DEFAULT_POLL_INTERVAL_MS } from './worker.js';
export type { Worker, WorkerDeps } from './worker.js';
export { defineJobHandler } from './define.js';
export { TerminalJobError, RetriableJobError, LeaseLostError, describeJobError } from './errors.js';
export { exponentialBackoff, defaultBackoff } from './backoff.js';
export type { BackoffPolicy, ExponentialBackoffOptions } from './backoff.js';
export { claimNextJob, completeClaim, extendLease, finishClaim, rescheduleClaim } from './lease.js';
export type { Claim, ClaimOptions } from './lease.js';
export { JOB_STATUSES } from './types.js';
export type { JobContext, JobHandler, JobHandlers, JobPayload, JobRecord, JobStatus, JsonValue } from './types.js';
