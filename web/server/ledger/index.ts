// The per-order ledger: what every surface showed, and what shoppers declined, accepted and paid; analytics.
export { createLedger, type FactsQuery, type Ledger, type LedgerDeps, type StoredDecision } from './service.js';
export { ledgerRouter } from './routes.js';
export { EVENT_KINDS, LEDGER_SURFACES, type EventKind, type JsonValue, type LedgerEvent, type LedgerSurface, type RecordEventInput } from './events.js';
export { ANALYTICS_GROUPS, type AnalyticsGroup, type AnalyticsMetrics, type AnalyticsQuery, type AnalyticsReport, type AnalyticsRow } from './analytics.js';
