// The mandatory compliance webhooks (customers/data_request, customers/redact, shop/redact). See README.md.
export { complianceHandlers } from './compliance.js';
export { PRUNE_JOB, RETENTION, retentionJobHandlers, schedulePruning } from './retention.js';
