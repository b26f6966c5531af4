// Per-request context kept on res.locals, typed in one place.
import type { Response } from 'express';
import type { Logger } from '../logger.js';

export interface AuthenticatedShop {
  /** Shop row id. */
  shopId: string;
  /** mystore.myshopify.com */
  domain: string;
  /** Staff member id from the session token's `sub`, when the caller is a person in the admin. */
  userId?: string;
}

interface Locals {
  requestId: string;
  log: Logger;
  shop?: AuthenticatedShop;
}

export function locals(res: Response): Locals {
  return res.locals as Locals;
}

/** The shop an authenticated route acts for; throws if the auth middleware did not run (a wiring bug). */
export function authenticatedShop(res: Response): AuthenticatedShop {
  const shop = locals(res).shop;
  if (!shop) throw new Error('route needs an auth middleware in front of it');
  return shop;
}
