// Shopify sessions stored with Prisma. Written here rather than taken from
// @shopify/shopify-app-session-storage-prisma, whose error handling depends on the classic `@prisma/client`
// entry point that our generated clients do not provide.
import { Session } from '@shopify/shopify-api';
import type { Db } from '../db/client.js';

type SessionRow = Awaited<ReturnType<Db['prisma']['session']['findUnique']>> & {};

function toRow(session: Session) {
  const user = session.onlineAccessInfo?.associated_user;
  return {
    id: session.id,
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    accessToken: session.accessToken ?? '',
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
    userId: user?.id !== undefined ? BigInt(user.id) : null,
    firstName: user?.first_name ?? null,
    lastName: user?.last_name ?? null,
    email: user?.email ?? null,
    accountOwner: user?.account_owner ?? false,
    locale: user?.locale ?? null,
    collaborator: user?.collaborator ?? false,
    emailVerified: user?.email_verified ?? false,
  };
}

function fromRow(row: SessionRow): Session {
  const session = new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    ...(row.scope ? { scope: row.scope } : {}),
    ...(row.expires ? { expires: row.expires } : {}),
    ...(row.accessToken ? { accessToken: row.accessToken } : {}),
    ...(row.refreshToken ? { refreshToken: row.refreshToken } : {}),
    ...(row.refreshTokenExpires ? { refreshTokenExpires: row.refreshTokenExpires } : {}),
  });
  if (row.userId !== null) {
    session.onlineAccessInfo = {
      expires_in: 0,
      associated_user_scope: row.scope ?? '',
      associated_user: {
        id: Number(row.userId),
        first_name: row.firstName ?? '',
        last_name: row.lastName ?? '',
        email: row.email ?? '',
        account_owner: row.accountOwner,
        locale: row.locale ?? '',
        collaborator: row.collaborator ?? false,
        email_verified: row.emailVerified ?? false,
      },
    };
  }
  return session;
}

export class PrismaSessionStorage {
  constructor(private readonly db: Db) {}

  async storeSession(session: Session): Promise<boolean> {
    const row = toRow(session);
    await this.db.prisma.session.upsert({ where: { id: row.id }, create: row, update: row });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await this.db.prisma.session.findUnique({ where: { id } });
    return row ? fromRow(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.db.prisma.session.deleteMany({ where: { id } });
    return true;
  }

  /** Deletes the session only while it still holds this refresh token (no other instance replaced it). */
  async deleteSessionWithRefreshToken(id: string, refreshToken: string): Promise<boolean> {
    const { count } = await this.db.prisma.session.deleteMany({ where: { id, refreshToken } });
    return count > 0;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.db.prisma.session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await this.db.prisma.session.findMany({ where: { shop } });
    return rows.map(fromRow);
  }

  async deleteSessionsByShop(shop: string): Promise<number> {
    const { count } = await this.db.prisma.session.deleteMany({ where: { shop } });
    return count;
  }
}
