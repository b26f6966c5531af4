// What the ledger records: one event per thing that happened to an offer on an order, on any surface.
//
// Amount convention (what revenue sums rely on; see README.md):
// - amounts are in the SHOP's currency, minor units, always >= 0; presentment amounts go in `detail`;
// - `accepted` carries the amount an acceptance added AND that is paid by that act (post-purchase changeset,
//   checkout line). An email acceptance adds unpaid items: record it without `amount` (put the pending amount in
//   `detail.pendingMinor`); its `paid` event carries the amount once the balance is paid;
// - `removed` carries an amount only when it takes back money counted before (a paid upsell item refunded or
//   cancelled). Unpaid email items removed at the end of the window were never counted: no amount.
// - `paid` and `removed` repeat the funnelId / stepId / arm of the acceptance, so revenue is attributed.
import { z } from 'zod';
import { SURFACES } from '../offers/index.js';

export const LEDGER_SURFACES = [...SURFACES, 'subscription'] as const;
export type LedgerSurface = (typeof LEDGER_SURFACES)[number];

export const EVENT_KINDS = ['decided', 'shown', 'declined', 'accepted', 'paid', 'removed'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const key = z.string().min(1).max(255);
const optionalId = z.string().min(1).max(255).nullish();

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const RecordEventInputSchema = z
  .object({
    shopId: key,
    /** The order id (GID) once it exists; the checkout / post-purchase reference before. */
    orderKey: key,
    /** Customer GID; needed for the frequency cap (guests are never capped). */
    customerId: optionalId,
    surface: z.enum(LEDGER_SURFACES),
    kind: z.enum(EVENT_KINDS),
    funnelId: optionalId,
    stepId: optionalId,
    /** The step's offer key (the engine's PresentedStep.offerId): a decline skips this offer on every surface. */
    offerId: optionalId,
    variantId: optionalId,
    quantity: z.number().int().min(1).nullish(),
    /** Shop currency, minor units (see the amount convention above). */
    amount: z
      .object({ minor: z.number().int().nonnegative(), currencyCode: z.string().regex(/^[A-Z]{3}$/) })
      .strict()
      .nullish(),
    /** Products concerned; for `declined`, the products the shopper turned down (no surface offers them again). */
    productIds: z.array(z.string().min(1).max(255)).max(50).nullish(),
    /** The A/B arm, or "holdout". */
    arm: z.string().min(1).max(64).nullish(),
    /** Same key, same event: repeating a call (retries, re-sent beacons) records it once. Unique per shop. */
    idempotencyKey: key,
    detail: z.record(z.string(), jsonValue).nullish(),
    /** Defaults to the clock's now. */
    occurredAt: z.date().nullish(),
  })
  .strict();
export type RecordEventInput = z.input<typeof RecordEventInputSchema>;

export interface LedgerEvent {
  id: string;
  orderKey: string;
  customerId: string | null;
  surface: string;
  kind: string;
  funnelId: string | null;
  stepId: string | null;
  offerId: string | null;
  variantId: string | null;
  quantity: number | null;
  amountMinor: number | null;
  currencyCode: string | null;
  arm: string | null;
  idempotencyKey: string;
  detail: JsonValue;
  occurredAt: string;
}
