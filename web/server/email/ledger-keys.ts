// Ledger idempotency keys of the email surface, shared by the sender (this folder) and the offer page
// (order-edit/), so both write the same event once and email analytics can count them.
//
// - sent: a `shown` event when the email went out (customerId set: the frequency cap counts it);
// - opened: a `shown` event with `detail.opened = true` when the shopper opens the offer page (written by the
//   offer page; the frequency cap counts one impression per order and surface, so the open adds none).

export const emailLedgerKeys = {
  sent: (orderKey: string) => `shown:email:${orderKey}`,
  opened: (orderKey: string) => `opened:email:${orderKey}`,
} as const;

/** Prefix of every `opened` key, for analytics. */
export const EMAIL_OPENED_KEY_PREFIX = 'opened:email:';
