// Shopify's webhooks: the intake route (HMAC, dedupe, delivery and job in one write) and the job that hands each
// delivery to its topic's handler. Capabilities that consume a topic implement TopicHandler. See README.md.
export { webhookRouter, MAX_HEADER_LENGTH, WebhookNotRecordedError, type ReceiveDeps } from './receive.js';
export { createDeliveryRecorder, WEBHOOK_JOB, type DeliveryRecorder, type WebhookJobPayload } from './deliveries.js';
export { webhookJobHandler, type TopicHandler, type TopicHandlers, type WebhookEvent } from './process.js';
