// Turns a template and an offer into the email's parts: subject, preheader, HTML (CSS inlined by juice) and plain
// text. Pure apart from the Liquid engines; the same function renders the real email, the preview and the test send.
import juice from 'juice';
import type { Locale } from '../offers/index.js';
import { htmlLiquid, type LiquidProblem, renderLiquid, textLiquid } from './liquid.js';
import type { OfferSnapshot } from './offer-snapshot.js';
import { type EmailTemplateSource, shippedText } from './shipped-templates.js';

export interface BrandColors {
  primary: string;
  button: string;
  buttonText: string;
  background: string;
  text: string;
}

export interface EmailRenderInput {
  snapshot: OfferSnapshot;
  shop: { name: string; logoUrl: string | null; colors: BrandColors };
  customer: { firstName: string | null };
  order: { id: string; name: string };
  /** The offer page's URL (signed link). */
  offerUrl: string;
  /** The offer's window, for the "ends in" line. */
  windowMinutes: number;
}

export interface RenderedEmail {
  locale: Locale;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export type TemplatePart = 'subject' | 'preheader' | 'html' | 'text';

export type RenderResult = { ok: true; email: RenderedEmail } | { ok: false; part: TemplatePart; problem: LiquidProblem };

/** Longest subject kept: mail clients show ~60 characters, RFC 5322 lines end at 998. */
const MAX_SUBJECT = 250;

/** The variables a template sees (documented in README.md, "Template variables"). Snake case, as in Shopify's. */
export function templateVariables(input: EmailRenderInput): Record<string, unknown> {
  const { snapshot } = input;
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
    customer: { first_name: input.customer.firstName },
    order: { id: input.order.id, name: input.order.name },
    offer: {
      headline: snapshot.texts.headline,
      body: snapshot.texts.body,
      button: snapshot.texts.button,
      url: input.offerUrl,
      window_minutes: input.windowMinutes,
      locale: snapshot.locale,
      currency: snapshot.currency.presentment,
      products: snapshot.products.map((product) => {
        const variant = product.variants[0]!;
        return {
          title: product.title,
          label: product.label,
          image_url: variant.imageUrl ?? product.imageUrl,
          variant_title: product.variants.length === 1 && variant.title !== 'Default Title' ? variant.title : null,
          variant_count: product.variants.length,
          quantity: product.quantity.default,
          price: variant.display.total,
          unit_price: variant.display.unitPrice,
          compare_at_price: variant.display.compareAtTotal,
          discount_label: product.discountLabel,
          price_minor: variant.price.presentment.totalMinor,
        };
      }),
    },
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Renders every part; the first part that fails is named with its Liquid problem. */
export async function renderEmail(template: EmailTemplateSource, input: EmailRenderInput): Promise<RenderResult> {
  const variables = templateVariables(input);
  const subject = await renderLiquid(template.subject, variables, textLiquid);
  if (!subject.ok) return { ok: false, part: 'subject', problem: subject.problem };
  const preheader = await renderLiquid(template.preheader, variables, textLiquid);
  if (!preheader.ok) return { ok: false, part: 'preheader', problem: preheader.problem };
  const withHeaders = { ...variables, subject: oneLine(subject.output).slice(0, MAX_SUBJECT), preheader: oneLine(preheader.output) };
  const html = await renderLiquid(template.html, withHeaders, htmlLiquid);
  if (!html.ok) return { ok: false, part: 'html', problem: html.problem };
  const text = await renderLiquid(template.text ?? shippedText(input.snapshot.locale), withHeaders, textLiquid);
  if (!text.ok) return { ok: false, part: 'text', problem: text.problem };
  return {
    ok: true,
    email: {
      locale: input.snapshot.locale,
      subject: withHeaders.subject,
      preheader: withHeaders.preheader,
      // juice moves the <style> rules onto each element (and drops the block); media queries stay in a <style>.
      html: juice(html.output, { removeStyleTags: true, preserveMediaQueries: true, applyWidthAttributes: true }),
      text: text.output.replace(/\n{3,}/g, '\n\n').trim(),
    },
  };
}
