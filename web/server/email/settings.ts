// A shop's email offer settings, stored in EmailSettings (one JSON document per shop, validated here). Every key has
// a default, so a shop that never saved any runs on them.
import { z } from 'zod';
import type { Db, Prisma } from '../db/client.js';
import { UnprocessableError, zodProblems } from '../errors.js';
import type { Logger } from '../logger.js';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'Use a colour like #1a2b3c' });
const httpsUrl = z
  .string()
  .max(2048)
  .url({ message: 'Use a full https:// URL' })
  .refine((value) => value.startsWith('https://'), { message: 'Use an https:// URL (mail clients block others)' });
// Display names go into the From header: no line breaks, quotes or angle brackets that could bend it.
const displayName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^\r\n"<>]+$/, { message: 'Use a name without line breaks, quotes or angle brackets' });

export const EmailSettingsSchema = z
  .object({
    /** Send email offers at all (the shop also needs an enabled email funnel). */
    enabled: z.boolean().default(true),
    /** Minutes between the order and the email: long enough for a cancel or a quick fulfilment to show. */
    delayMinutes: z.number().int().min(1).max(1440).default(10),
    /**
     * Minutes the offer stays open after the email is sent. At least 15: an accepted item is held until paid, and
     * the shopper needs time to pay.
     */
    windowMinutes: z
      .number()
      .int()
      .min(15)
      .max(60 * 24 * 7)
      .default(60),
    /** The From name; null uses the shop's name. The address is the app's EMAIL_FROM (your sending domain). */
    senderName: displayName.nullable().default(null),
    /** Where replies go (the shop's support address); null: to EMAIL_FROM. */
    replyTo: z.string().trim().email({ message: 'Use an email address' }).max(254).nullable().default(null),
    brand: z
      .object({
        logoUrl: httpsUrl.nullable().default(null),
        primary: hexColor.default('#111827'),
        button: hexColor.default('#1d4ed8'),
        buttonText: hexColor.default('#ffffff'),
        background: hexColor.default('#f4f4f5'),
        text: hexColor.default('#1f2937'),
      })
      .strict()
      .prefault({}),
    /**
     * Orders carrying one of these tags get no email (case-insensitive), e.g. the tag another upsell app writes on
     * the orders it already edited.
     */
    skipOrderTags: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  })
  .strict();
export type EmailSettings = z.output<typeof EmailSettingsSchema>;

export const DEFAULT_EMAIL_SETTINGS: EmailSettings = EmailSettingsSchema.parse({});

export interface EmailSettingsStore {
  get(shopId: string): Promise<EmailSettings>;
  /** Replaces the settings (missing keys take their defaults); 422 with a problem per field. */
  update(shopId: string, input: Record<string, unknown>): Promise<EmailSettings>;
}

export function createEmailSettingsStore(deps: { db: Db; logger: Logger }): EmailSettingsStore {
  return {
    async get(shopId) {
      const row = await deps.db.prisma.emailSettings.findUnique({ where: { shopId } });
      const parsed = EmailSettingsSchema.safeParse(row?.settings ?? {});
      if (parsed.success) return parsed.data;
      deps.logger.warn({ shopId, problems: zodProblems(parsed.error.issues) }, 'stored email settings no longer valid; using defaults');
      return DEFAULT_EMAIL_SETTINGS;
    },
    async update(shopId, input) {
      const parsed = EmailSettingsSchema.safeParse(input);
      if (!parsed.success)
        throw new UnprocessableError('The email settings have problems; see each field.', zodProblems(parsed.error.issues));
      const settings = parsed.data as unknown as Prisma.InputJsonValue;
      await deps.db.prisma.emailSettings.upsert({ where: { shopId }, create: { shopId, settings }, update: { settings } });
      deps.logger.info({ shopId }, 'email settings updated');
      return parsed.data;
    },
  };
}
