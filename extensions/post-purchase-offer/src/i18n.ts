// Interface strings of the post-purchase page. Offer texts (headline, body, buttons, plan names, discount labels)
// arrive localized from the backend; these are the page's own words, in the five languages Encore ships.

export type ChangesetErrorCode =
  | 'payment_required'
  | 'insufficient_inventory'
  | 'changeset_already_applied'
  | 'unsupported_payment_method'
  | 'invalid_request'
  | 'server_error'
  | 'buyer_consent_required'
  | 'subscription_vaulting_error'
  | 'subscription_contract_creation_error'
  | 'subscription_no_shipping_address_error'
  | 'subscription_limit_error'
  | 'order_released_error';

const en = {
  decline: 'Decline this offer',
  next: 'Continue',
  continue: 'Continue to order confirmation',
  adding: 'Adding to your order',
  subtotal: 'Subtotal',
  shipping: 'Shipping',
  taxes: 'Taxes',
  total: 'Total',
  free: 'Free',
  quantity: 'Quantity',
  variant: 'Option',
  chooseProduct: 'Choose a product',
  chooseAmount: 'Choose an amount',
  purchaseOption: 'Purchase option',
  planTerms: '{plan}. Charged to the card you just used on each delivery until you cancel; cancel any time.',
  consentNeeded: 'Please agree to the subscription terms first.',
  endsIn: 'Offer ends in {time}',
  expired: 'This offer has expired.',
  unavailable: 'This offer is no longer available.',
  failed: "We couldn't add this to your order, and you haven't been charged for it.",
  errors: {
    payment_required: 'Your payment needs attention before this can be added. You have not been charged for it.',
    insufficient_inventory: 'Sorry, there is not enough stock left for this offer. You have not been charged for it.',
    changeset_already_applied: 'This offer is already part of your order.',
    unsupported_payment_method: "This offer can't be paid with the payment method you used. You have not been charged for it.",
    buyer_consent_required: 'Please agree to the subscription terms to add it.',
    subscription_vaulting_error: "We couldn't save your card for the subscription. You have not been charged for it.",
    subscription_contract_creation_error: "We couldn't set up the subscription. You have not been charged for it.",
    subscription_no_shipping_address_error: 'A subscription needs a shipping address, and this order has none.',
    subscription_limit_error: 'Only one subscription can be added to this order.',
    order_released_error: 'Your order is already being prepared, so nothing more can be added to it.',
  } as Partial<Record<ChangesetErrorCode, string>>,
};

export type Messages = typeof en;

const fr: Messages = {
  decline: 'Refuser cette offre',
  next: 'Continuer',
  continue: 'Continuer vers la confirmation de commande',
  adding: 'Ajout à votre commande',
  subtotal: 'Sous-total',
  shipping: 'Expédition',
  taxes: 'Taxes',
  total: 'Total',
  free: 'Gratuite',
  quantity: 'Quantité',
  variant: 'Option',
  chooseProduct: 'Choisissez un produit',
  chooseAmount: 'Choisissez une quantité',
  purchaseOption: "Option d'achat",
  planTerms: '{plan}. Débité à chaque livraison sur la carte que vous venez d’utiliser, jusqu’à résiliation ; résiliable à tout moment.',
  consentNeeded: "Veuillez d'abord accepter les conditions de l'abonnement.",
  endsIn: "L'offre se termine dans {time}",
  expired: 'Cette offre a expiré.',
  unavailable: "Cette offre n'est plus disponible.",
  failed: "Nous n'avons pas pu ajouter cet article à votre commande, et il ne vous a pas été facturé.",
  errors: {
    payment_required: "Votre paiement doit être vérifié avant l'ajout. Cet article ne vous a pas été facturé.",
    insufficient_inventory: 'Désolés, le stock ne suffit plus pour cette offre. Elle ne vous a pas été facturée.',
    changeset_already_applied: 'Cette offre fait déjà partie de votre commande.',
    unsupported_payment_method: 'Cette offre ne peut pas être payée avec votre moyen de paiement. Elle ne vous a pas été facturée.',
    buyer_consent_required: "Veuillez accepter les conditions de l'abonnement pour l'ajouter.",
    subscription_vaulting_error: "Nous n'avons pas pu enregistrer votre carte pour l'abonnement. Rien ne vous a été facturé.",
    subscription_contract_creation_error: "Nous n'avons pas pu créer l'abonnement. Rien ne vous a été facturé.",
    subscription_no_shipping_address_error: "Un abonnement nécessite une adresse de livraison, et cette commande n'en a pas.",
    subscription_limit_error: 'Un seul abonnement peut être ajouté à cette commande.',
    order_released_error: 'Votre commande est déjà en préparation, plus rien ne peut y être ajouté.',
  },
};

const es: Messages = {
  decline: 'Rechazar esta oferta',
  next: 'Continuar',
  continue: 'Continuar a la confirmación del pedido',
  adding: 'Añadiendo a tu pedido',
  subtotal: 'Subtotal',
  shipping: 'Envío',
  taxes: 'Impuestos',
  total: 'Total',
  free: 'Gratis',
  quantity: 'Cantidad',
  variant: 'Opción',
  chooseProduct: 'Elige un producto',
  chooseAmount: 'Elige una cantidad',
  purchaseOption: 'Opción de compra',
  planTerms: '{plan}. Se cobra en cada entrega a la tarjeta que acabas de usar hasta que canceles; cancela cuando quieras.',
  consentNeeded: 'Primero acepta las condiciones de la suscripción.',
  endsIn: 'La oferta termina en {time}',
  expired: 'Esta oferta ha caducado.',
  unavailable: 'Esta oferta ya no está disponible.',
  failed: 'No pudimos añadir esto a tu pedido y no se te ha cobrado.',
  errors: {
    payment_required: 'Tu pago requiere atención antes de añadir esto. No se te ha cobrado.',
    insufficient_inventory: 'Lo sentimos, no queda suficiente stock para esta oferta. No se te ha cobrado.',
    changeset_already_applied: 'Esta oferta ya forma parte de tu pedido.',
    unsupported_payment_method: 'Esta oferta no se puede pagar con el método de pago que usaste. No se te ha cobrado.',
    buyer_consent_required: 'Acepta las condiciones de la suscripción para añadirla.',
    subscription_vaulting_error: 'No pudimos guardar tu tarjeta para la suscripción. No se te ha cobrado.',
    subscription_contract_creation_error: 'No pudimos crear la suscripción. No se te ha cobrado.',
    subscription_no_shipping_address_error: 'Una suscripción necesita una dirección de envío y este pedido no tiene.',
    subscription_limit_error: 'Solo se puede añadir una suscripción a este pedido.',
    order_released_error: 'Tu pedido ya se está preparando, así que no se puede añadir nada más.',
  },
};

const de: Messages = {
  decline: 'Angebot ablehnen',
  next: 'Weiter',
  continue: 'Weiter zur Bestellbestätigung',
  adding: 'Wird zur Bestellung hinzugefügt',
  subtotal: 'Zwischensumme',
  shipping: 'Versand',
  taxes: 'Steuern',
  total: 'Gesamt',
  free: 'Kostenlos',
  quantity: 'Menge',
  variant: 'Variante',
  chooseProduct: 'Produkt wählen',
  chooseAmount: 'Menge wählen',
  purchaseOption: 'Kaufoption',
  planTerms: '{plan}. Wird bei jeder Lieferung von der eben verwendeten Karte abgebucht, bis du kündigst; jederzeit kündbar.',
  consentNeeded: 'Bitte stimme zuerst den Abo-Bedingungen zu.',
  endsIn: 'Angebot endet in {time}',
  expired: 'Dieses Angebot ist abgelaufen.',
  unavailable: 'Dieses Angebot ist nicht mehr verfügbar.',
  failed: 'Wir konnten das nicht zu deiner Bestellung hinzufügen, und es wurde dir nichts berechnet.',
  errors: {
    payment_required: 'Deine Zahlung muss geprüft werden, bevor das hinzugefügt werden kann. Es wurde dir nichts berechnet.',
    insufficient_inventory: 'Leider ist nicht mehr genug auf Lager. Es wurde dir nichts berechnet.',
    changeset_already_applied: 'Dieses Angebot ist bereits Teil deiner Bestellung.',
    unsupported_payment_method: 'Dieses Angebot kann mit deiner Zahlungsart nicht bezahlt werden. Es wurde dir nichts berechnet.',
    buyer_consent_required: 'Bitte stimme den Abo-Bedingungen zu, um es hinzuzufügen.',
    subscription_vaulting_error: 'Wir konnten deine Karte nicht für das Abo speichern. Es wurde dir nichts berechnet.',
    subscription_contract_creation_error: 'Wir konnten das Abo nicht einrichten. Es wurde dir nichts berechnet.',
    subscription_no_shipping_address_error: 'Ein Abo braucht eine Lieferadresse, und diese Bestellung hat keine.',
    subscription_limit_error: 'Zu dieser Bestellung kann nur ein Abo hinzugefügt werden.',
    order_released_error: 'Deine Bestellung wird schon vorbereitet, daher kann nichts mehr hinzugefügt werden.',
  },
};

const sv: Messages = {
  decline: 'Avböj erbjudandet',
  next: 'Fortsätt',
  continue: 'Fortsätt till orderbekräftelsen',
  adding: 'Läggs till i din beställning',
  subtotal: 'Delsumma',
  shipping: 'Frakt',
  taxes: 'Moms',
  total: 'Totalt',
  free: 'Gratis',
  quantity: 'Antal',
  variant: 'Variant',
  chooseProduct: 'Välj en produkt',
  chooseAmount: 'Välj antal',
  purchaseOption: 'Köpalternativ',
  planTerms: '{plan}. Dras vid varje leverans från kortet du just använde tills du säger upp; kan sägas upp när som helst.',
  consentNeeded: 'Godkänn prenumerationsvillkoren först.',
  endsIn: 'Erbjudandet slutar om {time}',
  expired: 'Erbjudandet har gått ut.',
  unavailable: 'Erbjudandet är inte längre tillgängligt.',
  failed: 'Vi kunde inte lägga till detta i din beställning, och du har inte debiterats för det.',
  errors: {
    payment_required: 'Din betalning behöver åtgärdas innan detta kan läggas till. Du har inte debiterats.',
    insufficient_inventory: 'Tyvärr finns det inte tillräckligt i lager för erbjudandet. Du har inte debiterats.',
    changeset_already_applied: 'Erbjudandet finns redan i din beställning.',
    unsupported_payment_method: 'Erbjudandet kan inte betalas med betalsättet du använde. Du har inte debiterats.',
    buyer_consent_required: 'Godkänn prenumerationsvillkoren för att lägga till den.',
    subscription_vaulting_error: 'Vi kunde inte spara ditt kort för prenumerationen. Du har inte debiterats.',
    subscription_contract_creation_error: 'Vi kunde inte skapa prenumerationen. Du har inte debiterats.',
    subscription_no_shipping_address_error: 'En prenumeration kräver en leveransadress, och den här beställningen saknar en.',
    subscription_limit_error: 'Bara en prenumeration kan läggas till i den här beställningen.',
    order_released_error: 'Din beställning förbereds redan, så inget mer kan läggas till.',
  },
};

const catalog: Readonly<Record<string, Messages>> = { en, fr, es, de, sv };

/** Strings for the buyer's locale (`fr-CA` uses `fr`), English otherwise. */
export function messagesFor(locale: string): Messages {
  return catalog[locale.toLowerCase().split(/[-_]/)[0] ?? ''] ?? en;
}

/** The buyer-facing sentence for an applyChangeset error code; unknown codes get the generic one. */
export function changesetErrorMessage(t: Messages, code: string): string {
  return t.errors[code as ChangesetErrorCode] ?? t.failed;
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

/** 125 -> "2:05" */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
