// Interface strings of the post-purchase page. Offer texts arrive localized from the backend.

const en = {
  accept: 'Pay now · {price}',
  decline: 'Decline this offer',
  continue: 'Continue to order confirmation',
  subtotal: 'Subtotal',
  shipping: 'Shipping',
  taxes: 'Taxes',
  total: 'Total',
  free: 'Free',
  failed: "We couldn't add this to your order, and you haven't been charged for it.",
  unavailable: 'This offer is no longer available.',
};

export type Messages = typeof en;

const fr: Messages = {
  accept: 'Payer maintenant · {price}',
  decline: 'Refuser cette offre',
  continue: 'Continuer vers la confirmation de commande',
  subtotal: 'Sous-total',
  shipping: 'Expédition',
  taxes: 'Taxes',
  total: 'Total',
  free: 'Gratuite',
  failed: "Nous n'avons pas pu ajouter cet article à votre commande, et il ne vous a pas été facturé.",
  unavailable: "Cette offre n'est plus disponible.",
};

const es: Messages = {
  accept: 'Pagar ahora · {price}',
  decline: 'Rechazar esta oferta',
  continue: 'Continuar a la confirmación del pedido',
  subtotal: 'Subtotal',
  shipping: 'Envío',
  taxes: 'Impuestos',
  total: 'Total',
  free: 'Gratis',
  failed: 'No pudimos añadir esto a tu pedido y no se te ha cobrado.',
  unavailable: 'Esta oferta ya no está disponible.',
};

const de: Messages = {
  accept: 'Jetzt bezahlen · {price}',
  decline: 'Angebot ablehnen',
  continue: 'Weiter zur Bestellbestätigung',
  subtotal: 'Zwischensumme',
  shipping: 'Versand',
  taxes: 'Steuern',
  total: 'Gesamt',
  free: 'Kostenlos',
  failed: 'Wir konnten das nicht zu deiner Bestellung hinzufügen, und es wurde dir nichts berechnet.',
  unavailable: 'Dieses Angebot ist nicht mehr verfügbar.',
};

const sv: Messages = {
  accept: 'Betala nu · {price}',
  decline: 'Avböj erbjudandet',
  continue: 'Fortsätt till orderbekräftelsen',
  subtotal: 'Delsumma',
  shipping: 'Frakt',
  taxes: 'Moms',
  total: 'Totalt',
  free: 'Gratis',
  failed: 'Vi kunde inte lägga till detta i din beställning, och du har inte debiterats för det.',
  unavailable: 'Erbjudandet är inte längre tillgängligt.',
};

const catalog: Readonly<Record<string, Messages>> = { en, fr, es, de, sv };

/** Strings for the buyer's locale (`fr-CA` uses `fr`), English otherwise. */
export function messagesFor(locale: string): Messages {
  return catalog[locale.toLowerCase().split('-')[0] ?? ''] ?? en;
}

export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}

export function formatMoney(money: { amount: string; currencyCode: string }, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currencyCode }).format(Number(money.amount));
  } catch {
    return `${money.amount} ${money.currencyCode}`;
  }
}
