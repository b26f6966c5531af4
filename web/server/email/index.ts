// What other folders may use of the email module.
export { EMAIL_OFFER_LINK_PURPOSE, type OfferLinkTarget, offerPageUrl, signOfferLink, verifyOfferLink } from './offer-link.js';
