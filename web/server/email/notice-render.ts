// Notices (notice-templates.ts) rendered and checked with the offer email's engines: the HTML engine escapes every
// output, the subject/preheader/text engine does not; juice inlines the CSS; a template is checked at save time by
// parsing each part and rendering it once on sample data, so a Liquid error is refused with its line and column.
import juice from 'juice';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { formatMoney, LOCALES, type Locale } from '../offers/index.js';
import { htmlLiquid, renderLiquid, textLiquid } from './liquid.js';
import { NOTICE_KINDS, type NoticeKind, shippedNoticeTemplate } from './notice-templates.js';
import type { BrandColors, TemplatePart } from './render.js';
import type { EmailTemplateSource } from './shipped-templates.js';
import type { StoredTemplate, TemplateProblem } from './templates.js';
import { liquidRefusal, parseProblems, parseTemplateInput, TemplateInputSchema } from './templates.js';

/** What a subscription notice is about, as the subscriptions module gives it (dates and amounts unformatted). */
export interface NoticeData {
  customer: { firstName: string | null };
  subscription: {
    /** The signed self-service link. */
    manageUrl: string;
    items: { title: string; variantTitle: string | null; quantity: number }[];
    nextBillingDate: Date | null;
    amountMinor: number | null;
    currencyCode: string;
    /** Where the customer confirms a payment (3-D Secure); null when Shopify gave none. */
    actionUrl: string | null;
    retryDate: Date | null;
    cardUpdateRequested: boolean;
  };
}

export interface NoticeRenderInput {
  locale: Locale;
  shop: { name: string; logoUrl: string | null; colors: BrandColors };
  data: NoticeData;
}

export interface RenderedNotice {
  locale: Locale;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export type NoticeRenderResult = { ok: true; email: RenderedNotice } | { ok: false; part: TemplatePart; problem: TemplateProblem };

const formatDate = (date: Date | null, locale: Locale) =>
  date ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date) : '';

/** The variables a notice template sees (email/README.md, "Subscription notices"). */
export function noticeVariables(input: NoticeRenderInput): Record<string, unknown> {
  const { subscription } = input.data;
  const amount = subscription.amountMinor === null ? '' : formatMoney(subscription.amountMinor, subscription.currencyCode, input.locale);
  return {
    shop: {
      name: input.shop.name,
      logo_url: input.shop.logoUrl,
      colors: {
        primary: input.shop.colors.primary,
        button: input.shop.colors.button,
        button_text: input.shop.colors.buttonText,
        background: input.shop.colors.background,
        text: input.shop.colors.text,
      },
    },
    customer: { first_name: input.data.customer.firstName },
    subscription: {
      manage_url: subscription.manageUrl,
      action_url: subscription.actionUrl ?? '',
      // The button: the payment confirmation when there is one, else the manage page.
      button_url: subscription.actionUrl ?? subscription.manageUrl,
      items: subscription.items.map((item) => ({ title: item.title, variant_title: item.variantTitle ?? '', quantity: item.quantity })),
      next_billing_date: formatDate(subscription.nextBillingDate, input.locale),
      amount,
      amount_minor: subscription.amountMinor,
      currency: subscription.currencyCode,
      retry_date: formatDate(subscription.retryDate, input.locale),
      card_update_requested: subscription.cardUpdateRequested,
    },
  };
}

const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

export async function renderNotice(template: EmailTemplateSource, input: NoticeRenderInput, kind: NoticeKind): Promise<NoticeRenderResult> {
  const variables = noticeVariables(input);
  const fail = (part: TemplatePart, problem: { line: number; column: number; message: string }): NoticeRenderResult => ({
    ok: false,
    part,
    problem: { field: part, ...problem },
  });
  const subject = await renderLiquid(template.subject, variables, textLiquid);
  if (!subject.ok) return fail('subject', subject.problem);
  const preheader = await renderLiquid(template.preheader, variables, textLiquid);
  if (!preheader.ok) return fail('preheader', preheader.problem);
  const withHeaders = { ...variables, subject: oneLine(subject.output).slice(0, 250), preheader: oneLine(preheader.output) };
  const html = await renderLiquid(template.html, withHeaders, htmlLiquid);
  if (!html.ok) return fail('html', html.problem);
  const text = await renderLiquid(template.text ?? shippedNoticeTemplate(kind, input.locale).text ?? '', withHeaders, textLiquid);
  if (!text.ok) return fail('text', text.problem);
  return {
    ok: true,
    email: {
      locale: input.locale,
      subject: withHeaders.subject,
      preheader: withHeaders.preheader,
      html: juice(html.output, { removeStyleTags: true, preserveMediaQueries: true, applyWidthAttributes: true }),
      text: text.output.replace(/\n{3,}/g, '\n\n').trim(),
    },
  };
}

/** Each part's parse problem, then the sample render's when every part parses. */
export async function noticeTemplateProblems(
  template: EmailTemplateSource,
  sample: NoticeRenderInput,
  kind: NoticeKind,
): Promise<TemplateProblem[]> {
  const problems = parseProblems(template);
  if (problems.length > 0) return problems;
  const rendered = await renderNotice(template, sample, kind);
  return rendered.ok ? [] : [rendered.problem];
}

/** Sample data for previews and the save-time check: a monthly tea subscription renewing in three days. */
export function sampleNoticeInput(shop: NoticeRenderInput['shop'], locale: Locale, now: Date, manageUrl: string): NoticeRenderInput {
  const inThreeDays = new Date(now.getTime() + 3 * 86_400_000);
  return {
    locale,
    shop,
    data: {
      customer: { firstName: 'Alex' },
      subscription: {
        manageUrl,
        items: [{ title: 'Sencha green tea', variantTitle: '100 g', quantity: 2 }],
        nextBillingDate: inThreeDays,
        amountMinor: 2160,
        currencyCode: 'USD',
        actionUrl: null,
        retryDate: inThreeDays,
        cardUpdateRequested: false,
      },
    },
  };
}

export interface StoredNoticeTemplate extends StoredTemplate {
  kind: NoticeKind;
}

export interface NoticeTemplateStore {
  get(shopId: string, kind: NoticeKind, locale: Locale): Promise<StoredNoticeTemplate>;
  list(shopId: string): Promise<StoredNoticeTemplate[]>;
  /** Validates and saves; 422 with `problems: [{field, line, column, message}]` on a Liquid error. */
  save(shopId: string, kind: NoticeKind, locale: Locale, input: unknown, sample: NoticeRenderInput): Promise<StoredNoticeTemplate>;
  reset(shopId: string, kind: NoticeKind, locale: Locale): Promise<StoredNoticeTemplate>;
}

type Row = NonNullable<Awaited<ReturnType<Db['prisma']['emailNoticeTemplate']['findUnique']>>>;

const fromRow = (row: Row): StoredNoticeTemplate => ({
  kind: row.kind as NoticeKind,
  locale: row.locale as Locale,
  subject: row.subject,
  preheader: row.preheader,
  html: row.html,
  text: row.text,
  custom: true,
  version: row.version,
  updatedAt: row.updatedAt.toISOString(),
});

const shipped = (kind: NoticeKind, locale: Locale): StoredNoticeTemplate => ({
  kind,
  locale,
  ...shippedNoticeTemplate(kind, locale),
  custom: false,
  version: 0,
  updatedAt: null,
});

export function createNoticeTemplateStore(db: Db): NoticeTemplateStore {
  const key = (shopId: string, kind: NoticeKind, locale: Locale) => ({ shopId_kind_locale: { shopId, kind, locale } });
  return {
    async get(shopId, kind, locale) {
      const row = await db.prisma.emailNoticeTemplate.findUnique({ where: key(shopId, kind, locale) });
      return row ? fromRow(row) : shipped(kind, locale);
    },
    async list(shopId) {
      const rows = await db.prisma.emailNoticeTemplate.findMany({ where: { shopId } });
      return NOTICE_KINDS.flatMap((kind) =>
        LOCALES.map((locale) => {
          const row = rows.find((r) => r.kind === kind && r.locale === locale);
          return row ? fromRow(row) : shipped(kind, locale);
        }),
      );
    },
    async save(shopId, kind, locale, input, sample) {
      const template = parseTemplateInput(input);
      const problems = await noticeTemplateProblems(template, { ...sample, locale }, kind);
      if (problems.length > 0) throw liquidRefusal(problems);
      const row = await db.prisma.emailNoticeTemplate.upsert({
        where: key(shopId, kind, locale),
        create: { shopId, kind, locale, ...template },
        update: { ...template, version: { increment: 1 } },
      });
      return fromRow(row);
    },
    async reset(shopId, kind, locale) {
      await db.prisma.emailNoticeTemplate.deleteMany({ where: { shopId, kind, locale } });
      return shipped(kind, locale);
    },
  };
}

export const NoticePreviewBody = z.object({ locale: z.enum(LOCALES).optional(), template: TemplateInputSchema.optional() }).strict();
