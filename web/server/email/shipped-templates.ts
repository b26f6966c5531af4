// The Liquid templates Encore ships, one per locale (en, fr, es, de, sv). A merchant who saves none gets these; the
// merchant API returns them as the starting point to edit. The HTML is a table layout (one column, at most 600 px;
// a fixed 600 px table inside an MSO conditional comment for Outlook's Word engine, which ignores max-width; no
// flexbox or grid) with its CSS in a <style> block that juice inlines into each element at send time (Gmail drops
// <style> in some views; inlined styles survive; the small-screen media query stays in a <style>). Variables:
// README.md.
import type { Locale } from '../offers/index.js';
import { htmlLayout, textLayout } from './template-layout.js';

export interface EmailTemplateSource {
  subject: string;
  preheader: string;
  html: string;
  /** The plain-text part; null uses the shipped one of the same locale. */
  text: string | null;
}

interface LocaleStrings {
  lang: string;
  subject: string;
  preheader: string;
  greeting: string;
  greetingNoName: string;
  was: string;
  quantity: string;
  ends: string;
  why: string;
}

const STRINGS: Record<Locale, LocaleStrings> = {
  en: {
    lang: 'en',
    subject: 'One more thing for your order {{ order.name }}',
    preheader: 'Add it to the order you just placed: it ships with it, no new checkout.',
    greeting: 'Hi {{ customer.first_name }},',
    greetingNoName: 'Hello,',
    was: 'Was',
    quantity: 'Quantity',
    ends: 'This offer ends {{ offer.window_minutes }} minutes after this email was sent.',
    why:
      'Why you are getting this: you placed order {{ order.name }} at {{ shop.name }} a few minutes ago. This is a one-time ' +
      'message about that order; accepting adds the item to it and you only pay the difference. If you do nothing, ' +
      'your order stays as it is.',
  },
  fr: {
    lang: 'fr',
    subject: 'Un petit plus pour votre commande {{ order.name }}',
    preheader: 'Ajoutez-le à la commande que vous venez de passer : il part avec elle, sans nouveau paiement complet.',
    greeting: 'Bonjour {{ customer.first_name }},',
    greetingNoName: 'Bonjour,',
    was: 'Au lieu de',
    quantity: 'Quantité',
    ends: "Cette offre prend fin {{ offer.window_minutes }} minutes après l'envoi de cet e-mail.",
    why:
      'Pourquoi cet e-mail : vous avez passé la commande {{ order.name }} chez {{ shop.name }} il y a quelques minutes. Ce message ' +
      "unique concerne cette commande ; en acceptant, l'article y est ajouté et vous ne payez que la différence. Sans" +
      ' action de votre part, votre commande reste inchangée.',
  },
  es: {
    lang: 'es',
    subject: 'Algo más para tu pedido {{ order.name }}',
    preheader: 'Añádelo al pedido que acabas de hacer: se envía con él, sin pasar otra vez por caja.',
    greeting: 'Hola, {{ customer.first_name }}:',
    greetingNoName: 'Hola:',
    was: 'Antes',
    quantity: 'Cantidad',
    ends: 'Esta oferta termina {{ offer.window_minutes }} minutos después del envío de este correo.',
    why:
      'Por qué recibes este correo: hiciste el pedido {{ order.name }} en {{ shop.name }} hace unos minutos. Es un mensaje único ' +
      'sobre ese pedido; si aceptas, el artículo se añade a él y solo pagas la diferencia. Si no haces nada, tu pedido no cambia.',
  },
  de: {
    lang: 'de',
    subject: 'Noch etwas für Ihre Bestellung {{ order.name }}',
    preheader: 'Fügen Sie es Ihrer gerade aufgegebenen Bestellung hinzu: Es wird mit ihr versendet, ohne neuen Checkout.',
    greeting: 'Hallo {{ customer.first_name }},',
    greetingNoName: 'Hallo,',
    was: 'Statt',
    quantity: 'Menge',
    ends: 'Dieses Angebot endet {{ offer.window_minutes }} Minuten nach dem Versand dieser E-Mail.',
    why:
      'Warum Sie diese E-Mail erhalten: Sie haben vor wenigen Minuten die Bestellung {{ order.name }} bei {{ shop.name }} ' +
      'aufgegeben. Dies ist eine einmalige Nachricht zu dieser Bestellung; wenn Sie annehmen, wird der Artikel ' +
      'hinzugefügt und Sie zahlen nur die Differenz. Ohne Ihr Zutun bleibt Ihre Bestellung unverändert.',
  },
  sv: {
    lang: 'sv',
    subject: 'Något extra till din beställning {{ order.name }}',
    preheader: 'Lägg till det i beställningen du just gjorde: det skickas tillsammans med den, utan ny kassa.',
    greeting: 'Hej {{ customer.first_name }},',
    greetingNoName: 'Hej,',
    was: 'Ord. pris',
    quantity: 'Antal',
    ends: 'Erbjudandet upphör {{ offer.window_minutes }} minuter efter att det här mejlet skickades.',
    why:
      'Därför får du det här mejlet: du lade beställning {{ order.name }} hos {{ shop.name }} för några minuter sedan. Det är ' +
      'ett engångsmeddelande om den beställningen; tackar du ja läggs varan till och du betalar bara ' +
      'mellanskillnaden. Gör du ingenting förblir beställningen som den är.',
  },
};

const STYLE = `  .product-title { margin: 0; font-size: 16px; font-weight: bold; }
  .product-image { display: block; border: 0; width: 120px; height: auto; border-radius: 4px; }
  .price { font-size: 18px; font-weight: bold; color: {{ shop.colors.primary }}; }
  .was { color: #6b7280; text-decoration: line-through; font-size: 14px; }
  .badge { color: {{ shop.colors.button }}; font-weight: bold; font-size: 14px; }
`;

function html(s: LocaleStrings): string {
  const rows = `{% for product in offer.products %}
<tr><td class="pad">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr>
<td width="136" valign="top">{% if product.image_url %}
<img class="product-image" src="{{ product.image_url }}" alt="{{ product.title }}" width="120">{% endif %}</td>
<td valign="top">
<p class="product-title">{{ product.label }}</p>
{% if product.variant_title %}<p class="small">{{ product.variant_title }}</p>{% endif %}
<p><span class="price">{{ product.price }}</span>
{% if product.compare_at_price %} <span class="was">${s.was} {{ product.compare_at_price }}</span>{% endif %}</p>
{% if product.discount_label %}<p class="badge">{{ product.discount_label }}</p>{% endif %}
</td>
</tr>
</table>
</td></tr>
{% endfor %}
<tr><td class="pad" align="center">
<a class="button" href="{{ offer.url }}">{{ offer.button }}</a>
<p class="small">${s.ends}</p>
</td></tr>`;
  return htmlLayout(s, {
    style: STYLE,
    smallScreenStyle: '.product-image { width: 88px !important; }',
    headline: '{{ offer.headline }}',
    body: '{{ offer.body }}',
    rows,
  });
}

/** One product of the plain-text part, on one line. */
function productLine(s: LocaleStrings): string {
  return (
    '- {{ product.label }}{% if product.variant_title %} ({{ product.variant_title }}){% endif %}: {{ product.price }}' +
    `{% if product.compare_at_price %} (${s.was} {{ product.compare_at_price }}){% endif %}` +
    '{% if product.discount_label %}, {{ product.discount_label }}{% endif %}'
  );
}

function text(s: LocaleStrings): string {
  const lines = `{% for product in offer.products %}
${productLine(s)}
{% endfor %}
{{ offer.button }}: {{ offer.url }}

${s.ends}
`;
  return textLayout(s, '{{ offer.headline }}', '{{ offer.body }}', lines);
}

/** The shipped template of a locale. */
export function shippedTemplate(locale: Locale): EmailTemplateSource {
  const strings = STRINGS[locale];
  return { subject: strings.subject, preheader: strings.preheader, html: html(strings), text: text(strings) };
}

/** The shipped plain-text part of a locale (used when a merchant's template has none). */
export function shippedText(locale: Locale): string {
  return text(STRINGS[locale]);
}
