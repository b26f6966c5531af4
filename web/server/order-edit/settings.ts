// The shop's order-edit settings: how an order is marked safe to fulfil, and whether Encore holds its fulfilment
// from orders/create until then. Stored in OrderEditSettings (one row per shop); missing keys take the defaults.
import { z } from 'zod';
import type { Db, Prisma } from '../db/client.js';
import { UnprocessableError, zodProblems } from '../errors.js';

/**
 * Kept to 40 characters: short enough for any tag limit Shopify applies to orders (the 2026-07 schema states none);
 * a comma would split it into two tags (`tagsAdd` accepts "a comma-separated list of values").
 */
const TAG_MAX = 40;

export const OrderEditSettingsSchema = z
  .object({
    /** Tag written on an order once every offer window on it has closed (what 3PLs and Flow filter on). */
    readyTag: z
      .string()
      .trim()
      .min(1)
      .max(TAG_MAX)
      .regex(/^[^,]+$/, { message: 'A tag cannot contain a comma' })
      .default('encore-ready'),
    /** Metafield written at the same time (boolean "true"): namespace 3-255 characters, key 2-64 (Shopify's limits). */
    readyMetafield: z
      .object({
        namespace: z.string().regex(/^[A-Za-z0-9_-]{3,255}$/),
        key: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/),
      })
      .strict()
      .default({ namespace: 'encore', key: 'ready_to_fulfil' }),
    /**
     * Hold every new order's fulfilment from orders/create until it is marked ready. Off by default: it delays every
     * order of the shop, email offer or not, by the whole offer window (an hour and more), and while Encore is down or
     * behind, nothing ships; merchants whose 3PL or Flow already waits for the tag get the same safety without it.
     */
    holdUntilReady: z.boolean().default(false),
  })
  .strict();

export type OrderEditSettings = z.output<typeof OrderEditSettingsSchema>;

export const DEFAULT_ORDER_EDIT_SETTINGS: OrderEditSettings = OrderEditSettingsSchema.parse({});

export async function readOrderEditSettings(db: Db, shopId: string): Promise<OrderEditSettings> {
  const row = await db.prisma.orderEditSettings.findUnique({ where: { shopId } });
  const parsed = OrderEditSettingsSchema.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data : DEFAULT_ORDER_EDIT_SETTINGS;
}

/** Replaces the settings (missing keys take defaults); 422 with a problem per field on invalid input. */
export async function writeOrderEditSettings(db: Db, shopId: string, input: unknown): Promise<OrderEditSettings> {
  const parsed = OrderEditSettingsSchema.safeParse(input);
  if (!parsed.success)
    throw new UnprocessableError('The order-edit settings have problems; see each field.', zodProblems(parsed.error.issues));
  const settings = parsed.data as unknown as Prisma.InputJsonValue;
  await db.prisma.orderEditSettings.upsert({ where: { shopId }, create: { shopId, settings }, update: { settings } });
  return parsed.data;
}
