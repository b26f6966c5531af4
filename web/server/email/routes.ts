// The merchant API of email offers (mounted under /api/admin, after session-token auth; every call is scoped to the
// token's shop):
//   GET/PUT  /email/settings                 on/off, delay, window, sender, brand, skip tags
//   GET      /email/templates                the five locales' templates (saved, or the shipped ones)
//   GET/PUT/DELETE /email/templates/:locale  one template; PUT refuses a Liquid error with its line and column
//   POST     /email/preview                  render a template on the demo order or a real order
//   POST     /email/test-send                send the demo email to an address
//   GET      /email/messages?limit=&before=&status=   the emails sent, newest first (no bodies)
//   GET      /email/messages/:id             one email as sent (subject, preheader, HTML, text)
//   GET      /email/orders/:orderId          the decision, the email sent (subject, HTML, text, when, to whom), the outcome
//   GET      /email/analytics?from=&to=      sent, opened, accepted, paid, removed, revenue kept
//   GET      /email/notices                  the notice kinds (subscription emails) and their templates per locale
//   GET/PUT/DELETE /email/notices/:kind/templates/:locale  one notice template; PUT refuses a Liquid error
//   POST     /email/notices/:kind/preview    render a notice template (saved, shipped or given) on sample data
import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { parseBody, parseQuery, requireObjectBody } from '../http/input.js';
import { authenticatedShop } from '../http/request-context.js';
import { LOCALES, type Locale } from '../offers/index.js';
import { createEmailAdmin, orderGid } from './admin.js';
import { type EmailFlowDeps, localeOf } from './deps.js';
import { createNoticeTemplateStore, NoticePreviewBody, noticeTemplateProblems, renderNotice, sampleNoticeInput } from './notice-render.js';
import { isNoticeKind, NOTICE_KINDS, type NoticeKind } from './notice-templates.js';
import { sampleRenderInput } from './preview.js';
import { isLocale, liquidRefusal, TemplateInputSchema } from './templates.js';

const PreviewBody = z
  .object({
    order: z.string().min(1).max(80).optional(),
    locale: z.enum(LOCALES).optional(),
    template: TemplateInputSchema.optional(),
  })
  .strict();

const TestSendBody = z
  .object({ to: z.string().trim().email({ message: 'Use an email address' }).max(254), locale: z.enum(LOCALES).optional() })
  .strict();

const DATE = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)) && Date.parse(value) >= 0, {
    message: 'Use a date (2026-11-01) or an ISO date-time',
  });
const MessagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  before: z.string().min(1).max(64).optional(),
  status: z.enum(['sending', 'sent', 'unconfirmed', 'failed']).optional(),
});

const AnalyticsQuery = z.object({ from: DATE.optional(), to: DATE.optional() });

function localeParam(value: string | undefined): Locale {
  if (value && isLocale(value)) return value;
  throw new NotFoundError(`No template locale "${String(value)}"; use one of ${LOCALES.join(', ')}.`);
}

function kindParam(value: string | undefined): NoticeKind {
  if (value && isNoticeKind(value)) return value;
  throw new NotFoundError(`No notice "${String(value)}"; use one of ${NOTICE_KINDS.join(', ')}.`);
}

/** The notice templates' routes (subscription emails), next to the offer email's. */
function noticeRoutes(router: Router, deps: EmailFlowDeps, admin: ReturnType<typeof createEmailAdmin>): void {
  const store = createNoticeTemplateStore(deps.db);
  const sampleFor = async (shopId: string, locale: Locale) => {
    const { shop, settings } = await admin.shop(shopId);
    const brand = { name: settings.senderName ?? shop.name, logoUrl: settings.brand.logoUrl, colors: settings.brand };
    const manageUrl = `${deps.config.appUrl.replace(/\/+$/, '')}/subscriptions/manage/preview`;
    return { shop, sample: sampleNoticeInput(brand, locale, deps.clock.now(), manageUrl) };
  };
  router.get('/email/notices', async (_req, res) => {
    res.json({ kinds: NOTICE_KINDS, templates: await store.list(authenticatedShop(res).shopId) });
  });
  router.get('/email/notices/:kind/templates/:locale', async (req, res) => {
    const kind = kindParam(req.params.kind);
    res.json({ template: await store.get(authenticatedShop(res).shopId, kind, localeParam(req.params.locale)) });
  });
  router.put('/email/notices/:kind/templates/:locale', async (req, res) => {
    const kind = kindParam(req.params.kind);
    const locale = localeParam(req.params.locale);
    const { shop, sample } = await sampleFor(authenticatedShop(res).shopId, locale);
    res.json({ template: await store.save(shop.id, kind, locale, requireObjectBody(req.body), sample) });
  });
  router.delete('/email/notices/:kind/templates/:locale', async (req, res) => {
    const kind = kindParam(req.params.kind);
    res.json({ template: await store.reset(authenticatedShop(res).shopId, kind, localeParam(req.params.locale)) });
  });
  router.post('/email/notices/:kind/preview', async (req, res) => {
    const kind = kindParam(req.params.kind);
    const body = parseBody(NoticePreviewBody, req.body, 'The preview request has problems.');
    const shopId = authenticatedShop(res).shopId;
    const { shop, sample } = await sampleFor(shopId, body.locale ?? localeOf(null, (await admin.shop(shopId)).shop.primaryLocale));
    const template = body.template ? TemplateInputSchema.parse(body.template) : await store.get(shop.id, kind, sample.locale);
    const problems = await noticeTemplateProblems(template, sample, kind);
    if (problems.length > 0) throw liquidRefusal(problems);
    const rendered = await renderNotice(template, sample, kind);
    if (!rendered.ok) throw liquidRefusal([rendered.problem]);
    res.json({ email: rendered.email, kind });
  });
}

export function emailRouter(deps: EmailFlowDeps): Router {
  const router = Router();
  const admin = createEmailAdmin(deps);
  noticeRoutes(router, deps, admin);

  router.get('/email/settings', async (_req, res) => {
    res.json({ settings: await deps.emailSettings.get(authenticatedShop(res).shopId), smtpConfigured: deps.transport !== null });
  });
  router.put('/email/settings', async (req, res) => {
    res.json({ settings: await deps.emailSettings.update(authenticatedShop(res).shopId, requireObjectBody(req.body)) });
  });

  router.get('/email/templates', async (_req, res) => {
    res.json({ templates: await deps.templates.list(authenticatedShop(res).shopId) });
  });
  router.get('/email/templates/:locale', async (req, res) => {
    res.json({ template: await deps.templates.get(authenticatedShop(res).shopId, localeParam(req.params.locale)) });
  });
  router.put('/email/templates/:locale', async (req, res) => {
    const locale = localeParam(req.params.locale);
    const { shop, settings } = await admin.shop(authenticatedShop(res).shopId);
    const sample = sampleRenderInput(deps, shop, settings, locale, deps.clock.now());
    res.json({ template: await deps.templates.save(shop.id, locale, requireObjectBody(req.body), sample) });
  });
  router.delete('/email/templates/:locale', async (req, res) => {
    res.json({ template: await deps.templates.reset(authenticatedShop(res).shopId, localeParam(req.params.locale)) });
  });

  router.post('/email/preview', async (req, res) => {
    const body = parseBody(PreviewBody, req.body, 'The preview request has problems.');
    res.json(await admin.preview(authenticatedShop(res).shopId, body));
  });
  router.post('/email/test-send', async (req, res) => {
    const body = parseBody(TestSendBody, req.body, 'The test send request has problems.');
    res.json({ sent: true, ...(await admin.testSend(authenticatedShop(res).shopId, body)) });
  });

  router.get('/email/messages', async (req, res) => {
    const query = parseQuery(MessagesQuery, req.query, 'Invalid email list query.');
    res.json(await admin.messages(authenticatedShop(res).shopId, query));
  });
  router.get('/email/messages/:id', async (req, res) => {
    res.json({ email: await admin.message(authenticatedShop(res).shopId, req.params.id) });
  });

  router.get('/email/orders/:orderId', async (req, res) => {
    const orderId = orderGid(req.params.orderId);
    if (!orderId) throw new NotFoundError('Name the order by its id (a number or gid://shopify/Order/…).');
    res.json(await admin.orderEmails(authenticatedShop(res).shopId, orderId));
  });

  router.get('/email/analytics', async (req, res) => {
    const query = parseQuery(AnalyticsQuery, req.query, 'Invalid analytics range.');
    // [from, to): a date alone for `to` includes that day; without it, up to and including now.
    const to = query.to
      ? new Date(Date.parse(query.to) + (/^\d{4}-\d{2}-\d{2}$/.test(query.to) ? 86_400_000 : 0))
      : new Date(deps.clock.now().getTime() + 1);
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    res.json(await admin.analytics(authenticatedShop(res).shopId, { from, to }));
  });

  return router;
}
