import { describe, expect, it } from 'vitest';
import { offerPageUrl, signOfferLink, verifyOfferLink } from './email/offer-link.js';
import { signLink, verifyLink } from './signed-links.js';

const secret = 'test-secret';
const now = new Date('2026-12-05T10:00:00Z');
const inAnHour = new Date('2026-12-05T11:00:00Z');
const target = { shop: 'test-shop.myshopify.com', emailOfferId: 'offer_1', expiresAt: inAnHour };

function tamper(token: string): string {
  const [payload, signature] = token.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const changed = Buffer.from(JSON.stringify({ ...claims, o: 'offer_2' })).toString('base64url');
  return `${changed}.${signature}`;
}

describe('a signed link', () => {
  it('when it is opened before its time, then it names its shop, subject and expiry', () => {
    const verdict = verifyOfferLink(signOfferLink(target, secret), secret, now);
    expect(verdict).toEqual({
      ok: true,
      claims: { purpose: 'email-offer', shop: target.shop, subject: 'offer_1', expiresAt: inAnHour },
    });
  });

  it('when it is opened at or after its expiry, then it is refused as expired and still says what it was for', () => {
    const verdict = verifyOfferLink(signOfferLink(target, secret), secret, inAnHour);
    expect(verdict).toMatchObject({ ok: false, reason: 'expired', claims: { subject: 'offer_1' } });
  });

  it('when its payload is changed, then the signature no longer matches', () => {
    expect(verifyOfferLink(tamper(signOfferLink(target, secret)), secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('when it was signed with another secret, then it is refused', () => {
    expect(verifyOfferLink(signOfferLink(target, 'other-secret'), secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('when a link made for another page is used, then it is refused for its purpose', () => {
    const portal = signLink({ purpose: 'subscription-portal', shop: target.shop, subject: 'offer_1', expiresAt: inAnHour }, secret);
    expect(verifyOfferLink(portal, secret, now)).toEqual({ ok: false, reason: 'wrong_purpose' });
    expect(verifyLink(portal, secret, 'subscription-portal', now).ok).toBe(true);
  });

  it.each([
    '',
    'abc',
    'a.b.c',
    '!!.??',
    `${Buffer.from('[]').toString('base64url')}.sig`,
    `${Buffer.from('{"v":2}').toString('base64url')}.x`,
  ])('when the token is %j, then it is malformed', (token) => {
    expect(verifyOfferLink(token, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('when it is put in a URL, then it needs no escaping and the page URL has one slash after the app URL', () => {
    const token = signOfferLink(target, secret);
    expect(encodeURIComponent(token)).toBe(token);
    expect(offerPageUrl('https://app.example.com/', token)).toBe(`https://app.example.com/offers/email/${token}`);
  });
});
