// The offer page and its answer pages as server-rendered HTML: no script, one stylesheet inline, readable at 320 px,
// every control labelled, focus always visible, text contrast at least 7:1 (WCAG AAA for body text). Pure: a model
// in, a string out; nothing here reads a database or a clock.
import { formatMoney, type Locale } from '../offers/index.js';
import { PAGE_MESSAGES, type PageMessages, say } from './messages.js';
import type { EmailOfferSnapshot, SnapshotOption, SnapshotVariant } from './offer-snapshot.local.js';

export interface OfferFormModel {
  kind: 'offer';
  locale: Locale;
  snapshot: EmailOfferSnapshot;
  /** Where the form posts (the page's own path). */
  action: string;
  nonce: string;
  endsAt: Date;
  now: Date;
  /** IANA zone the end time is shown in (the shop's); UTC when unknown. */
  timeZone: string | null;
  /** Variants the shop's catalog says cannot be sold now. */
  soldOut: ReadonlySet<string>;
  /** What to pre-select (after a refused choice, the shopper's own). */
  selected: { variantId: string; quantity: number } | null;
  /** Shown above the form after a refused choice. */
  notice: { title: string; body: string } | null;
}

export interface MessageModel {
  kind: 'message';
  locale: Locale;
  title: string;
  body: string;
  link: { href: string; text: string; primary?: boolean } | null;
  /** Reload the page after this many seconds (while an accept is being completed). */
  refreshSeconds?: number;
}

export type PageModel = OfferFormModel | MessageModel;

export function messagesFor(locale: Locale): PageMessages {
  return PAGE_MESSAGES[locale];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only http(s) URLs reach an href or src; anything else is dropped. */
function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

const STYLE = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:100%;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0;padding:1rem}
main{max-width:34rem;margin:0 auto}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
p{margin:0 0 1rem}
.ends{font-weight:600}
.notice{border:2px solid #8a1c1c;border-radius:.5rem;padding:.75rem;margin:0 0 1rem}
.notice h2{font-size:1.1rem;margin:0 0 .25rem}
fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
legend{font-weight:700;font-size:1.1rem;margin-bottom:.5rem;padding:0}
.choice{display:flex;gap:.75rem;align-items:flex-start;border:2px solid #5c5c5c;border-radius:.5rem;padding:.75rem;margin-bottom:.5rem}
.choice img{width:4.5rem;height:4.5rem;object-fit:cover;border-radius:.25rem;flex:none}
.choice input{width:1.5rem;height:1.5rem;margin:.125rem 0 0;flex:none}
.choice label{flex:1;min-width:0;overflow-wrap:anywhere}
.choice.unavailable{border-style:dashed;color:#4a4a4a}
.price{display:block;font-weight:700}
.was{font-weight:400;text-decoration:line-through}
.badge{display:inline-block;font-size:.875rem;font-weight:700;background:#14532d;color:#fff;border-radius:.25rem;padding:0 .375rem}
.quantity label{display:block;font-weight:700}
.quantity input{font-size:1.125rem;width:6rem;min-height:2.75rem;padding:.25rem .5rem;border:2px solid #5c5c5c;border-radius:.25rem}
.hint{color:#4a4a4a;font-size:.9375rem;margin:.25rem 0 1rem}
.button{display:block;width:100%;min-height:3rem;font-size:1.125rem;font-weight:700;text-align:center;text-decoration:none}
.button{background:#14532d;color:#fff;border:0;border-radius:.5rem;padding:.75rem 1rem;cursor:pointer}
.button.secondary{background:#fff;color:#14532d;border:2px solid #14532d}
a{color:#1d3f8f}
:focus-visible{outline:3px solid #1d3f8f;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.small{font-size:.9375rem;color:#4a4a4a}
`;

function document(locale: Locale, title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `\n<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">${refresh}
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function endsText(model: OfferFormModel, m: PageMessages): string {
  const minutes = Math.floor((model.endsAt.getTime() - model.now.getTime()) / 60_000);
  if (minutes < 1) return m.endsInUnderAMinute;
  const time = new Intl.DateTimeFormat(model.locale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: model.timeZone ?? 'UTC',
    timeZoneName: 'short',
  }).format(model.endsAt);
  return say(m.endsIn, { minutes, time });
}

function variantAvailable(model: OfferFormModel, variant: SnapshotVariant): boolean {
  return !model.soldOut.has(variant.id) && (variant.available === null || variant.available > 0);
}

function priceHtml(model: OfferFormModel, option: SnapshotOption, variant: SnapshotVariant): string {
  const quote = variant.price.presentment;
  const was = Math.max(quote.originalUnitPriceMinor, quote.compareAtUnitPriceMinor ?? 0);
  const wasHtml =
    was > quote.unitPriceMinor || option.resolvedDiscount.shop
      ? ` <span class="visually-hidden">${escapeHtml(messagesFor(model.locale).regularPrice)}:</span>` +
        ` <span class="was">${escapeHtml(formatMoney(was, quote.currency, model.locale))}</span>`
      : '';
  const badge = option.discountLabel ? ` <span class="badge">${escapeHtml(option.discountLabel)}</span>` : '';
  return `<span class="price">${escapeHtml(variant.display.unitPrice)}${wasHtml}${badge}</span>`;
}

/**
 * The radio's value: the variant id, or for a subscription option `<variant id>@<option id>` (a plans step offers the
 * same variants one-time and on each plan; `parseChoiceValue` in offer-snapshot.local.ts reads it back).
 */
function choiceValue(option: SnapshotOption, variant: SnapshotVariant): string {
  return option.sellingPlan ? `${variant.id}@${option.id}` : variant.id;
}

function choiceHtml(model: OfferFormModel, option: SnapshotOption, variant: SnapshotVariant, index: number, checked: boolean): string {
  const m = messagesFor(model.locale);
  const available = variantAvailable(model, variant);
  const id = `choice-${index}`;
  const image = safeUrl(variant.imageUrl ?? option.imageUrl);
  const name = option.variants.length > 1 || variant.title !== 'Default Title' ? `${option.label} – ${variant.title}` : option.label;
  const state = `${checked && available ? ' checked' : ''}${available ? '' : ' disabled'}`;
  const label = `${escapeHtml(name)}${available ? '' : ` (${escapeHtml(m.soldOut)})`}`;
  return `<div class="choice${available ? '' : ' unavailable'}">
<input type="radio" name="variant" id="${id}" value="${escapeHtml(choiceValue(option, variant))}"${state} required>
<label for="${id}"><span>${label}</span>${priceHtml(model, option, variant)}</label>
${image ? `<img src="${escapeHtml(image)}" alt="" width="72" height="72">` : ''}
</div>`;
}

function renderOfferForm(model: OfferFormModel): string {
  const m = messagesFor(model.locale);
  const { snapshot } = model;
  const pairs = snapshot.options.flatMap((option) => option.variants.map((variant) => ({ option, variant })));
  const firstAvailable = pairs.find((p) => variantAvailable(model, p.variant));
  const selectedId = model.selected?.variantId ?? (firstAvailable ? choiceValue(firstAvailable.option, firstAvailable.variant) : null);
  const choices = pairs
    .map((p, i) => choiceHtml(model, p.option, p.variant, i, choiceValue(p.option, p.variant) === selectedId))
    .join('\n');
  const min = Math.min(...snapshot.options.map((o) => o.quantity.min));
  const max = Math.max(...snapshot.options.map((o) => o.quantity.max));
  const quantity = model.selected?.quantity ?? snapshot.options[0]?.quantity.default ?? 1;
  const quantityHtml =
    max > min
      ? `<div class="quantity"><label for="quantity">${escapeHtml(m.quantity)}</label>
<input type="number" id="quantity" name="quantity" inputmode="numeric" min="${min}" max="${max}" step="1" value="${quantity}"
 aria-describedby="quantity-hint" required>
<p class="hint" id="quantity-hint">${escapeHtml(say(m.quantityHint, { min, max }))}</p></div>`
      : `<input type="hidden" name="quantity" value="${min}">`;
  const notice = model.notice
    ? `<div class="notice" role="alert"><h2>${escapeHtml(model.notice.title)}</h2><p>${escapeHtml(model.notice.body)}</p></div>\n`
    : '';
  const body = `${notice}<h1>${escapeHtml(snapshot.content.headline)}</h1>
<p>${escapeHtml(snapshot.content.body)}</p>
<p class="ends"><time datetime="${model.endsAt.toISOString()}">${escapeHtml(endsText(model, m))}</time></p>
<form method="post" action="${escapeHtml(model.action)}">
<input type="hidden" name="nonce" value="${escapeHtml(model.nonce)}">
<fieldset>
<legend>${escapeHtml(m.chooseItem)}</legend>
${choices}
</fieldset>
${quantityHtml}
<button type="submit" class="button"${firstAvailable ? '' : ' disabled'}>${escapeHtml(snapshot.content.button)}</button>
</form>
<p class="small">${escapeHtml(m.howItWorks)}</p>`;
  return document(model.locale, snapshot.content.headline || m.pageTitle, body);
}

function renderMessage(model: MessageModel): string {
  const link = model.link
    ? `<p><a class="button${model.link.primary ? '' : ' secondary'}" href="${escapeHtml(model.link.href)}">` +
      `${escapeHtml(model.link.text)}</a></p>`
    : '';
  const body = `<h1>${escapeHtml(model.title)}</h1>\n<p>${escapeHtml(model.body)}</p>\n${link}`;
  return document(model.locale, model.title, body, model.refreshSeconds);
}

export function renderPage(model: PageModel): string {
  return model.kind === 'offer' ? renderOfferForm(model) : renderMessage(model);
}
