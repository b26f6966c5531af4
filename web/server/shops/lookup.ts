// The one way to find a shop's row, by domain (webhooks, jobs, extension tokens name shops by domain) or by row id
// (the admin's session and the services name them by id). Every capability asks here, through shops/index.ts,
// so "is the app installed there?" has one answer.
import type { Db } from '../db/client.js';
import { sqlDialect } from '../db/sql-dialect.js';

export interface ShopFacts {
  id: string;
  /** mystore.myshopify.com */
  domain: string;
  currencyCode: string;
  /** The shop's IANA time zone (e.g. America/New_York), when Shopify told us. */
  ianaTimezone: string | null;
  /** false once the shop uninstalled the app (the row stays until shop/redact). */
  installed: boolean;
}

export type ShopKey = { domain: string } | { id: string };

/**
 * The shop's row whatever its install state; null for a shop Encore never saw. One plain SELECT on the driver
 * (`db.sql`), not Prisma's model API: every webhook, job and extension request asks this, several times per
 * renewal (issue 12: thousands due at the same minute), and Prisma's per-query CPU was most of its cost.
 */
export async function findShop(db: Db, key: ShopKey): Promise<ShopFacts | null> {
  const { p } = sqlDialect(db);
  const [column, value] = 'id' in key ? ['id', key.id] : ['domain', key.domain];
  const rows = await db.sql.query(
    `SELECT "id", "domain", "currencyCode", "ianaTimezone", "installState" FROM "Shop" WHERE "${column}" = ${p(1)}`,
    [value],
  );
  const row = rows[0];
  return row
    ? {
        id: String(row.id),
        domain: String(row.domain),
        currencyCode: String(row.currencyCode),
        ianaTimezone: typeof row.ianaTimezone === 'string' ? row.ianaTimezone : null,
        installed: row.installState === 'installed',
      }
    : null;
}

/** The shop when the app is installed there; null otherwise (a webhook, job or request for it is then skipped or refused). */
export async function installedShop(db: Db, key: ShopKey): Promise<ShopFacts | null> {
  const shop = await findShop(db, key);
  return shop?.installed ? shop : null;
}

/** What the admin shows about the shop (GET /api/admin/shop); null for an unknown id. */
export interface ShopProfile {
  domain: string;
  name: string | null;
  currencyCode: string;
  primaryLocale: string;
  plan: string | null;
  installState: string;
  installedAt: Date;
  scopes: string[];
}

export async function shopProfile(db: Db, shopId: string): Promise<ShopProfile | null> {
  const row = await db.prisma.shop.findUnique({
    where: { id: shopId },
    select: {
      domain: true,
      name: true,
      currencyCode: true,
      primaryLocale: true,
      plan: true,
      installState: true,
      installedAt: true,
      scopes: true,
    },
  });
  if (!row) return null;
  return {
    domain: row.domain,
    name: row.name,
    currencyCode: row.currencyCode,
    primaryLocale: row.primaryLocale,
    plan: row.plan,
    installState: row.installState,
    installedAt: row.installedAt,
    scopes: row.scopes?.split(',') ?? [],
  };
}
