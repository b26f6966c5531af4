// Several capabilities consuming one topic: every handler runs, in order; a failure fails the delivery.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { composeTopicHandlers } from './compose.js';
import type { WebhookEvent } from './process.js';

const event: WebhookEvent = { deliveryId: 'd1', topic: 'orders/create', shop: 's.myshopify.com', triggeredAt: null, body: {} };

describe('composeTopicHandlers', () => {
  it('when two maps handle one topic, then both handlers run in the order given, and other topics keep their own', async () => {
    const ran: string[] = [];
    const handlers = composeTopicHandlers(
      { 'orders/create': async () => void ran.push('profiles'), 'app/uninstalled': async () => void ran.push('uninstall') },
      { 'orders/create': async () => void ran.push('email') },
    );
    await handlers['orders/create']!(event, silentLogger());
    expect(ran).toEqual(['profiles', 'email']);
    await handlers['app/uninstalled']!(event, silentLogger());
    expect(ran).toEqual(['profiles', 'email', 'uninstall']);
  });

  it('when the first handler fails, then the delivery fails (the job retries both; each is idempotent)', async () => {
    const ran: string[] = [];
    const handlers = composeTopicHandlers(
      {
        'orders/create': async () => {
          throw new Error('database down');
        },
      },
      { 'orders/create': async () => void ran.push('email') },
    );
    await expect(handlers['orders/create']!(event, silentLogger())).rejects.toThrow('database down');
    expect(ran).toEqual([]);
  });
});
