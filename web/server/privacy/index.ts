// The mandatory compliance webhooks (customers/data_request, customers/redact, shop/redact). See README.md.
export { complianceHandlers } from './compliance.js';
