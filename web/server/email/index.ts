// What other folders may use of the email module.
export { EMAIL_OPENED_KEY_PREFIX, emailLedgerKeys } from './ledger-keys.js';
export { EMAIL_OFFER_LINK_PURPOSE, type OfferLinkTarget, offerPageUrl, signOfferLink, verifyOfferLink } from './offer-link.js';
export {
  EMAIL_OFFER_STATUSES,
  type EmailOfferStatus,
  OFFER_SNAPSHOT_VERSION,
  type OfferSnapshot,
  type OfferSnapshotPrice,
  type OfferSnapshotProduct,
  OfferSnapshotSchema,
  type OfferSnapshotVariant,
  offeredVariant,
  parseOfferSnapshot,
} from './offer-snapshot.js';
