// Group commit moved to db/batcher.ts (the webhook intake uses it too); kept here so this folder's imports stand.
export { type BatcherOptions, createBatcher } from '../db/batcher.js';
