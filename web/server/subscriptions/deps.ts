// What the subscriptions module works with. Built once per app context (index.ts), so every job and route of one
// process shares the Admin API budget of each shop.
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/index.js';
import type { Ledger } from '../ledger/index.js';
import type { Logger } from '../logger.js';
import type { AdminClient } from '../shopify/admin-client.js';
import type { AdminBudget } from './budget.js';
import type { SubscriptionNotifier } from './notifier.js';

export interface SubscriptionDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  jobs: JobQueue;
  ledger: Ledger;
  adminFor(shop: string): Promise<AdminClient>;
  budget: AdminBudget;
  notifier: SubscriptionNotifier;
  /** Public URL of the backend, for the self-service links in notices. */
  appUrl: string;
  /** Signs the self-service links (the app's client secret). */
  linkSecret: string;
  /** Test seam: runs right after Shopify accepted a billing attempt and before Encore records it. */
  afterBillingAttemptCreated?: (contractId: string) => Promise<void>;
}
