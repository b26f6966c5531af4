// What other folders may use of the email module.

export { DECIDE_JOB as EMAIL_DECIDE_JOB, type EmailFlowDeps, SEND_JOB as EMAIL_SEND_JOB } from './deps.js';
export { EMAIL_OPENED_KEY_PREFIX, emailLedgerKeys } from './ledger-keys.js';
export {
  type EmailContext,
  type EmailOfferLifecycle,
  emailFlowDeps,
  emailJobHandlers,
  emailNoticeSender,
  emailTopicHandlers,
  type NoticeContext,
} from './module.js';
export type { NoticeData } from './notice-render.js';
export type { NoticeOutcome, NoticeRequest, NoticeSender } from './notice-send.js';
export { NOTICE_KINDS, type NoticeKind } from './notice-templates.js';
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
export { emailRouter } from './routes.js';
export { type SentOfferEmail, sentOfferEmail } from './sent-email.js';
export { type EmailSettings, EmailSettingsSchema } from './settings.js';
export { type EmailSendError, type EmailTransport, smtpTransport } from './transport.js';
