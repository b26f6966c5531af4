// The link in every subscription notice: it opens the shopper's self-service page for one contract, signed with a
// key derived from the app secret (../signed-links.ts) under its own purpose, so an email-offer link never opens it.
import { type SignedLinkVerdict, signLink, verifyLink } from '../signed-links.js';
import { addDays } from './schedule.js';

export const SUBSCRIPTION_MANAGE_PURPOSE = 'subscription-manage';
/** Long enough to outlast a monthly cycle and its dunning; every notice carries a fresh link. */
export const MANAGE_LINK_DAYS = 45;

export function signManageLink(target: { shop: string; contractId: string; now: Date }, secret: string): string {
  return signLink(
    {
      purpose: SUBSCRIPTION_MANAGE_PURPOSE,
      shop: target.shop,
      subject: target.contractId,
      expiresAt: addDays(target.now, MANAGE_LINK_DAYS),
    },
    secret,
  );
}

/** On success `claims.subject` is the SubscriptionContract row id and `claims.shop` its shop. */
export function verifyManageLink(token: string, secret: string, now: Date): SignedLinkVerdict {
  return verifyLink(token, secret, SUBSCRIPTION_MANAGE_PURPOSE, now);
}

export function managePageUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/subscriptions/manage/${token}`;
}
