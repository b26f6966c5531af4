// The extension's own interface strings. Merchant texts (offer titles...) come localized in the offers contract.
// Placeholders are {name}; fill() replaces them.

const en = {
  saveHeadline: 'Subscribe and save {percent}%',
  subscribeHeadline: 'Also available as a subscription',
  frequency: 'Delivery frequency',
  planPrice: '{plan} · {price} per delivery',
  planSaving: 'save {percent}%',
  subscribe: 'Subscribe',
  subscribeLabel: 'Subscribe to {item}, {plan}',
  subscribed: 'Subscription: {plan}',
  oneTime: 'Switch to one-time purchase',
  oneTimeLabel: 'Switch {item} to a one-time purchase',
  updateFailed: "This item couldn't be changed. Please try again.",
  heading: 'Recommended for you',
  add: 'Add',
  addLabel: 'Add {item} for {price}',
  added: '{item} was added to your order',
  addFailed: "This item couldn't be added. Please try again.",
  discountFailed: "{item} was added, but its discount couldn't be applied.",
};

export type Messages = typeof en;

const fr: Messages = {
  saveHeadline: 'Abonnez-vous et économisez {percent}\u00a0%',
  subscribeHeadline: 'Aussi disponible par abonnement',
  frequency: 'Fréquence de livraison',
  planPrice: '{plan} · {price} par livraison',
  planSaving: 'économisez {percent}\u00a0%',
  subscribe: "S'abonner",
  subscribeLabel: "S'abonner à {item}, {plan}",
  subscribed: 'Abonnement : {plan}',
  oneTime: 'Passer à un achat unique',
  oneTimeLabel: 'Passer {item} en achat unique',
  updateFailed: 'Impossible de modifier cet article. Veuillez réessayer.',
  heading: 'Recommandé pour vous',
  add: 'Ajouter',
  addLabel: 'Ajouter {item} pour {price}',
  added: '{item} a été ajouté à votre commande',
  addFailed: "Impossible d'ajouter cet article. Veuillez réessayer.",
  discountFailed: "{item} a été ajouté, mais sa remise n'a pas pu être appliquée.",
};

const es: Messages = {
  saveHeadline: 'Suscríbete y ahorra un {percent}\u00a0%',
  subscribeHeadline: 'También disponible por suscripción',
  frequency: 'Frecuencia de entrega',
  planPrice: '{plan} · {price} por entrega',
  planSaving: 'ahorra un {percent}\u00a0%',
  subscribe: 'Suscribirse',
  subscribeLabel: 'Suscribirse a {item}, {plan}',
  subscribed: 'Suscripción: {plan}',
  oneTime: 'Cambiar a compra única',
  oneTimeLabel: 'Cambiar {item} a compra única',
  updateFailed: 'No se pudo cambiar este artículo. Inténtalo de nuevo.',
  heading: 'Recomendado para ti',
  add: 'Añadir',
  addLabel: 'Añadir {item} por {price}',
  added: '{item} se añadió a tu pedido',
  addFailed: 'No se pudo añadir este artículo. Inténtalo de nuevo.',
  discountFailed: '{item} se añadió, pero no se pudo aplicar su descuento.',
};

const de: Messages = {
  saveHeadline: 'Abonnieren und {percent}\u00a0% sparen',
  subscribeHeadline: 'Auch im Abo erhältlich',
  frequency: 'Lieferintervall',
  planPrice: '{plan} · {price} pro Lieferung',
  planSaving: '{percent}\u00a0% sparen',
  subscribe: 'Abonnieren',
  subscribeLabel: '{item} abonnieren, {plan}',
  subscribed: 'Abo: {plan}',
  oneTime: 'Zu Einmalkauf wechseln',
  oneTimeLabel: '{item} auf Einmalkauf umstellen',
  updateFailed: 'Dieser Artikel konnte nicht geändert werden. Bitte versuche es erneut.',
  heading: 'Für dich empfohlen',
  add: 'Hinzufügen',
  addLabel: '{item} für {price} hinzufügen',
  added: '{item} wurde deiner Bestellung hinzugefügt',
  addFailed: 'Dieser Artikel konnte nicht hinzugefügt werden. Bitte versuche es erneut.',
  discountFailed: '{item} wurde hinzugefügt, aber der Rabatt konnte nicht angewendet werden.',
};

const sv: Messages = {
  saveHeadline: 'Prenumerera och spara {percent}\u00a0%',
  subscribeHeadline: 'Finns även som prenumeration',
  frequency: 'Leveransintervall',
  planPrice: '{plan} · {price} per leverans',
  planSaving: 'spara {percent}\u00a0%',
  subscribe: 'Prenumerera',
  subscribeLabel: 'Prenumerera på {item}, {plan}',
  subscribed: 'Prenumeration: {plan}',
  oneTime: 'Byt till engångsköp',
  oneTimeLabel: 'Byt {item} till engångsköp',
  updateFailed: 'Artikeln kunde inte ändras. Försök igen.',
  heading: 'Rekommenderat för dig',
  add: 'Lägg till',
  addLabel: 'Lägg till {item} för {price}',
  added: '{item} har lagts till i din beställning',
  addFailed: 'Artikeln kunde inte läggas till. Försök igen.',
  discountFailed: '{item} har lagts till, men rabatten kunde inte tillämpas.',
};

const catalog: Readonly<Record<string, Messages>> = { en, fr, es, de, sv };

/** Strings for the buyer's language (`fr-CA` uses `fr`), else the shop's default language, else English. */
export function messagesFor(language: string, defaultLanguage = 'en'): Messages {
  const base = language.toLowerCase().split('-')[0] ?? '';
  return catalog[base] ?? catalog[defaultLanguage] ?? en;
}

export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(values[name] ?? placeholder));
}
