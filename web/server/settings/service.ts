// The shop's engine settings (locales, frequency cap, holdout, exchange rates, assignment salt), stored in
// Shop.settings as the engine's ShopSettings. Reads are cached per shop for a few seconds because the offer
// endpoints read settings on every request; a write here drops this instance's copy at once, other instances
// see it when their copy expires.

import type { Clock } from '../clock.js';
import type { Db, Prisma } from '../db/client.js';
import { NotFoundError, UnprocessableError, zodProblems } from '../errors.js';
import type { Logger } from '../logger.js';
import { type ShopSettings, ShopSettingsSchema } from '../offers/index.js';

export const DEFAULT_SETTINGS_TTL_MS = 5_000;

export interface SettingsStore {
  /** The shop's settings, defaults filled in. Cached; safe on hot paths. */
  get(shopId: string): Promise<ShopSettings>;
  /** The shop's settings and currency, read fresh (the admin page). */
  read(shopId: string): Promise<{ settings: ShopSettings; shopCurrency: string }>;
  /** Replaces the settings with `input` (validated; missing keys take their defaults). 422 on invalid input. */
  update(shopId: string, input: Record<string, unknown>): Promise<ShopSettings>;
  /** Forgets this instance's cached copy. */
  invalidate(shopId: string): void;
}

export interface SettingsStoreDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** How long a cached copy is used before it is read again. */
  ttlMs?: number;
  /** Called after the shop's settings were replaced. */
  onChange?: (shopId: string) => void;
}

export function createSettingsStore(deps: SettingsStoreDeps): SettingsStore {
  const ttlMs = deps.ttlMs ?? DEFAULT_SETTINGS_TTL_MS;
  const cache = new Map<string, { settings: ShopSettings; readAt: number }>();

  const parseStored = (shopId: string, stored: unknown): ShopSettings => {
    const parsed = ShopSettingsSchema.safeParse(stored ?? {});
    if (parsed.success) return parsed.data;
    // Settings are validated on the way in; this only happens if the schema tightened since. Run on defaults
    // rather than fail every offer of the shop, and say so.
    deps.logger.warn({ shopId, problems: zodProblems(parsed.error.issues) }, 'stored shop settings no longer valid; using defaults');
    return ShopSettingsSchema.parse({});
  };

  const read = async (shopId: string) => {
    const shop = await deps.db.prisma.shop.findUnique({ where: { id: shopId }, select: { settings: true, currencyCode: true } });
    if (!shop) throw new NotFoundError(`No shop ${shopId}.`);
    const settings = parseStored(shopId, shop.settings);
    cache.set(shopId, { settings, readAt: deps.clock.now().getTime() });
    return { settings, shopCurrency: shop.currencyCode };
  };

  return {
    async get(shopId) {
      const cached = cache.get(shopId);
      if (cached && deps.clock.now().getTime() - cached.readAt < ttlMs) return cached.settings;
      return (await read(shopId)).settings;
    },
    read,
    async update(shopId, input) {
      const parsed = ShopSettingsSchema.safeParse(input);
      if (!parsed.success) throw new UnprocessableError('The settings have problems; see each field.', zodProblems(parsed.error.issues));
      const settings = parsed.data;
      const { count } = await deps.db.prisma.shop.updateMany({
        where: { id: shopId },
        data: { settings: settings as unknown as Prisma.InputJsonValue },
      });
      if (count === 0) throw new NotFoundError(`No shop ${shopId}.`);
      cache.delete(shopId);
      deps.logger.info({ shopId }, 'shop settings updated');
      deps.onChange?.(shopId);
      return settings;
    },
    invalidate(shopId) {
      cache.delete(shopId);
    },
  };
}
