// The per-order ledger: what every surface showed, and what shoppers declined, accepted and paid; analytics.

export {
  ANALYTICS_GROUPS,
  type AnalyticsGroup,
  type AnalyticsMetrics,
  type AnalyticsQuery,
  type AnalyticsReport,
  type AnalyticsRow,
} from './analytics.js';
export {
  EVENT_KINDS,
  type EventKind,
  type JsonValue,
  LEDGER_SURFACES,
  type LedgerEvent,
  type LedgerSurface,
  type RecordEventInput,
} from './events.js';
export { ledgerRouter } from './routes.js';
export { createLedger, type FactsQuery, type Ledger, type LedgerDeps, type StoredDecision } from './service.js';
