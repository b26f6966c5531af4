// The link behind an offer email's button: it opens the offer page for one EmailOffer until the offer's window
// closes. The token is a signed link (../signed-links.ts) with its own purpose.
import { type SignedLinkVerdict, signLink, verifyLink } from '../signed-links.js';

export const EMAIL_OFFER_LINK_PURPOSE = 'email-offer';

export interface OfferLinkTarget {
  shop: string;
  emailOfferId: string;
  /** The offer's window end (EmailOffer.expiresAt). */
  expiresAt: Date;
}

export function signOfferLink(target: OfferLinkTarget, secret: string): string {
  return signLink(
    { purpose: EMAIL_OFFER_LINK_PURPOSE, shop: target.shop, subject: target.emailOfferId, expiresAt: target.expiresAt },
    secret,
  );
}

/** On success (and when expired) `claims.subject` is the EmailOffer id and `claims.shop` its shop. */
export function verifyOfferLink(token: string, secret: string, now: Date): SignedLinkVerdict {
  return verifyLink(token, secret, EMAIL_OFFER_LINK_PURPOSE, now);
}

/** The public offer page of a token (served by the order-edit module). */
export function offerPageUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}/offers/email/${token}`;
}
