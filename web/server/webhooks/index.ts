// Shopify's webhooks: the intake route (HMAC, dedupe, delivery and job in one write) and the job that hands each
// delivery to its topic's handler. Capabilities that consume a topic implement TopicHandler. See README.md.

export { composeTopicHandlers } from './compose.js';
export { createDeliveryRecorder, type DeliveryRecorder, WEBHOOK_JOB, type WebhookJobPayload } from './deliveries.js';
export { type TopicHandler, type TopicHandlers, type WebhookEvent, webhookJobHandler } from './process.js';
export { MAX_HEADER_LENGTH, type ReceiveDeps, WebhookNotRecordedError, webhookRouter } from './receive.js';
