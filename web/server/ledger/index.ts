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
export { attributeRefund, parseRefundPayload, type RefundFacts, type RefundHandlerDeps, refundsCreateHandler } from './refunds.js';
export { ledgerRouter } from './routes.js';
export {
  createLedger,
  type DailyRevenue,
  type FactsQuery,
  type Ledger,
  type LedgerDeps,
  type RecentOrder,
  type StoredDecision,
} from './service.js';

import type { AppContext } from '../context.js';
import type { TopicHandlers } from '../webhooks/index.js';
import { refundsCreateHandler } from './refunds.js';

/** Webhook topics the ledger consumes, for start.ts to merge into its TopicHandlers. */
export function ledgerTopicHandlers(ctx: Pick<AppContext, 'db' | 'ledger' | 'adminFor'>): TopicHandlers {
  return { 'refunds/create': refundsCreateHandler({ db: ctx.db, ledger: ctx.ledger, adminFor: (shop) => ctx.adminFor(shop) }) };
}
