// The durable job queue: enqueue on one side (queue.ts), claim-and-run on the other (worker.ts). See docs/jobs.md.

export type { BackoffPolicy, ExponentialBackoffOptions } from './backoff.js';
export { defaultBackoff, exponentialBackoff } from './backoff.js';
export type { DueJob } from './defer.js';
export { deferQueuedJobs, dueQueuedJobs } from './defer.js';
export { defineJobHandler } from './define.js';
export { describeJobError, LeaseLostError, RetriableJobError, TerminalJobError } from './errors.js';
export type { Claim, ClaimOptions } from './lease.js';
export { claimNextJob, completeClaim, extendLease, finishClaim, rescheduleClaim } from './lease.js';
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
  NewJob,
} from './queue.js';
export { CANCELLED_MESSAGE, createJobQueue, DEFAULT_MAX_ATTEMPTS, DEFAULT_QUEUE, insertJobsStatement } from './queue.js';
export type { JobContext, JobHandler, JobHandlers, JobPayload, JobRecord, JobStatus, JsonValue } from './types.js';
export { JOB_STATUSES } from './types.js';
export type { Worker, WorkerDeps } from './worker.js';
export { createWorker, DEFAULT_LEASE_MS, DEFAULT_POLL_INTERVAL_MS } from './worker.js';
