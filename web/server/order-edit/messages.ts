// The offer page's own words in the five languages Encore ships (the offer's headline, text and button come from
// the merchant's funnel, already in the shopper's language). Written for these pages; {placeholders} are filled by
// `say`. Every message exists in every language (the type requires it).
import type { Locale } from '../offers/index.js';

export interface PageMessages {
  pageTitle: string;
  endsIn: string;
  endsInUnderAMinute: string;
  chooseItem: string;
  quantity: string;
  quantityHint: string;
  soldOut: string;
  regularPrice: string;
  howItWorks: string;
  expiredTitle: string;
  expiredBody: string;
  invalidTitle: string;
  invalidBody: string;
  acceptedTitle: string;
  acceptedBody: string;
  payNow: string;
  paidTitle: string;
  paidBody: string;
  goneTitle: string;
  goneBody: string;
  orderChangedTitle: string;
  orderCancelledBody: string;
  orderFulfilledBody: string;
  notEditableBody: string;
  soldOutTitle: string;
  soldOutBody: string;
  backToOffer: string;
  processingTitle: string;
  processingBody: string;
  invalidChoiceTitle: string;
  invalidChoiceBody: string;
  formExpiredTitle: string;
  formExpiredBody: string;
  unavailableTitle: string;
  unavailableBody: string;
  nextShipmentTitle: string;
  /** {date}: the delivery's date in the shop's time zone. */
  nextShipmentBody: string;
  checkoutTitle: string;
  checkoutBody: string;
  checkoutButton: string;
  subscribedTitle: string;
  /** {date}: the first delivery's billing date. */
  subscribedBody: string;
  subscribeCheckoutTitle: string;
  subscribeCheckoutBody: string;
}

const en: PageMessages = {
  pageTitle: 'An offer for your order',
  endsIn: 'This offer ends in {minutes} min, at {time}.',
  endsInUnderAMinute: 'This offer ends in less than a minute.',
  chooseItem: 'Choose your item',
  quantity: 'Quantity',
  quantityHint: 'From {min} to {max}.',
  soldOut: 'sold out',
  regularPrice: 'Regular price',
  howItWorks:
    'The item is added to the order you just placed and ships with it. You then pay only the difference on Shopify’s secure ' +
    'payment page. If you do not pay before the offer ends, the item is taken off your order and nothing is charged.',
  expiredTitle: 'This offer has ended',
  expiredBody: 'The time to accept it is over, and your order stays exactly as you placed it.',
  invalidTitle: 'This link does not work',
  invalidBody: 'It may have been copied incompletely. Please open the button in the email again.',
  acceptedTitle: 'Added to your order',
  acceptedBody: 'Pay the difference to confirm it. If it is not paid before the offer ends, the item is removed and nothing is charged.',
  payNow: 'Pay the difference',
  paidTitle: 'Thank you, it is all paid',
  paidBody: 'The item ships with your order.',
  goneTitle: 'This offer is no longer available',
  goneBody: 'Your order stays exactly as you placed it.',
  orderChangedTitle: 'Your order can no longer be changed',
  orderCancelledBody: 'The order was cancelled, so nothing can be added to it.',
  orderFulfilledBody: 'The order is already on its way, so nothing can be added to it.',
  notEditableBody: 'This order cannot be changed online. Nothing was added and nothing was charged.',
  soldOutTitle: 'This item just sold out',
  soldOutBody: 'Nothing was added to your order and nothing was charged.',
  backToOffer: 'Back to the offer',
  processingTitle: 'We are adding it to your order',
  processingBody: 'This takes a moment. This page will refresh; you can also reload it in a minute.',
  invalidChoiceTitle: 'Please check your choice',
  invalidChoiceBody: 'Choose one of the available items and a quantity within the limits shown.',
  formExpiredTitle: 'Please try again',
  formExpiredBody: 'This page was open for too long. Open the offer again and accept it from there.',
  unavailableTitle: 'This offer cannot be accepted right now',
  unavailableBody: 'Nothing was added to your order and nothing was charged.',
  nextShipmentTitle: 'Added to your next delivery',
  nextShipmentBody:
    'Your order had already shipped, so we added the item to the next delivery of your subscription, on {date}, for that ' +
    'delivery only. It is charged with that delivery, at the offer price.',
  checkoutTitle: 'Your order has already shipped',
  checkoutBody: 'The item can no longer be added to it, but you can still order it on its own.',
  checkoutButton: 'Order it now',
  subscribedTitle: 'Your subscription has started',
  subscribedBody: 'The first delivery is charged to the card you used before, on {date}. You can skip, change or cancel it at any time.',
  subscribeCheckoutTitle: 'Finish your subscription at checkout',
  subscribeCheckoutBody: 'We could not start it with a saved card, so checkout asks for your payment details once.',
};

const fr: PageMessages = {
  pageTitle: 'Une offre pour votre commande',
  endsIn: 'Cette offre se termine dans {minutes} min, à {time}.',
  endsInUnderAMinute: 'Cette offre se termine dans moins d’une minute.',
  chooseItem: 'Choisissez votre article',
  quantity: 'Quantité',
  quantityHint: 'De {min} à {max}.',
  soldOut: 'épuisé',
  regularPrice: 'Prix habituel',
  howItWorks:
    'L’article est ajouté à la commande que vous venez de passer et part dans le même colis. Vous réglez ensuite seulement la ' +
    'différence sur la page de paiement sécurisée de Shopify. Sans paiement avant la fin de l’offre, l’article est retiré de ' +
    'votre commande et rien ne vous est facturé.',
  expiredTitle: 'Cette offre est terminée',
  expiredBody: 'Le délai pour l’accepter est passé ; votre commande reste telle que vous l’avez passée.',
  invalidTitle: 'Ce lien ne fonctionne pas',
  invalidBody: 'Il a peut-être été copié en partie seulement. Rouvrez le bouton de l’e-mail.',
  acceptedTitle: 'Ajouté à votre commande',
  acceptedBody:
    'Réglez la différence pour le confirmer. Sans paiement avant la fin de l’offre, l’article est retiré et rien n’est facturé.',
  payNow: 'Régler la différence',
  paidTitle: 'Merci, tout est réglé',
  paidBody: 'L’article part avec votre commande.',
  goneTitle: 'Cette offre n’est plus disponible',
  goneBody: 'Votre commande reste telle que vous l’avez passée.',
  orderChangedTitle: 'Votre commande ne peut plus être modifiée',
  orderCancelledBody: 'La commande a été annulée : on ne peut plus rien y ajouter.',
  orderFulfilledBody: 'La commande est déjà en route : on ne peut plus rien y ajouter.',
  notEditableBody: 'Cette commande ne peut pas être modifiée en ligne. Rien n’a été ajouté ni facturé.',
  soldOutTitle: 'Cet article vient d’être épuisé',
  soldOutBody: 'Rien n’a été ajouté à votre commande et rien n’a été facturé.',
  backToOffer: 'Revenir à l’offre',
  processingTitle: 'Nous l’ajoutons à votre commande',
  processingBody: 'Cela prend un instant. La page va se recharger ; vous pouvez aussi la recharger dans une minute.',
  invalidChoiceTitle: 'Vérifiez votre choix',
  invalidChoiceBody: 'Choisissez un article disponible et une quantité dans les limites indiquées.',
  formExpiredTitle: 'Merci de réessayer',
  formExpiredBody: 'Cette page est restée ouverte trop longtemps. Rouvrez l’offre et acceptez-la depuis celle-ci.',
  unavailableTitle: 'Cette offre ne peut pas être acceptée pour le moment',
  unavailableBody: 'Rien n’a été ajouté à votre commande et rien n’a été facturé.',
  nextShipmentTitle: 'Ajouté à votre prochaine livraison',
  nextShipmentBody:
    'Votre commande était déjà expédiée : l’article est ajouté à la prochaine livraison de votre abonnement, le {date}, ' +
    'pour cette livraison seulement. Il est débité avec elle, au prix de l’offre.',
  checkoutTitle: 'Votre commande est déjà expédiée',
  checkoutBody: 'L’article ne peut plus y être ajouté, mais vous pouvez encore le commander seul.',
  checkoutButton: 'Le commander',
  subscribedTitle: 'Votre abonnement a commencé',
  subscribedBody:
    'La première livraison est débitée sur la carte déjà utilisée, le {date}. Vous pouvez la décaler, la modifier ou ' +
    'l’annuler à tout moment.',
  subscribeCheckoutTitle: 'Finalisez votre abonnement au paiement',
  subscribeCheckoutBody: 'Aucune carte enregistrée ne permettait de le démarrer : le paiement vous demandera vos coordonnées une fois.',
};

const es: PageMessages = {
  pageTitle: 'Una oferta para tu pedido',
  endsIn: 'Esta oferta termina en {minutes} min, a las {time}.',
  endsInUnderAMinute: 'Esta oferta termina en menos de un minuto.',
  chooseItem: 'Elige tu artículo',
  quantity: 'Cantidad',
  quantityHint: 'De {min} a {max}.',
  soldOut: 'agotado',
  regularPrice: 'Precio habitual',
  howItWorks:
    'El artículo se añade al pedido que acabas de hacer y se envía con él. Después solo pagas la diferencia en la página de ' +
    'pago segura de Shopify. Si no pagas antes de que termine la oferta, el artículo se quita del pedido y no se cobra nada.',
  expiredTitle: 'Esta oferta ha terminado',
  expiredBody: 'El plazo para aceptarla ya pasó y tu pedido sigue tal como lo hiciste.',
  invalidTitle: 'Este enlace no funciona',
  invalidBody: 'Puede que se haya copiado incompleto. Vuelve a abrir el botón del correo.',
  acceptedTitle: 'Añadido a tu pedido',
  acceptedBody:
    'Paga la diferencia para confirmarlo. Si no se paga antes de que termine la oferta, el artículo se quita y no se cobra nada.',
  payNow: 'Pagar la diferencia',
  paidTitle: 'Gracias, ya está todo pagado',
  paidBody: 'El artículo se envía con tu pedido.',
  goneTitle: 'Esta oferta ya no está disponible',
  goneBody: 'Tu pedido sigue tal como lo hiciste.',
  orderChangedTitle: 'Tu pedido ya no se puede modificar',
  orderCancelledBody: 'El pedido se canceló, así que ya no se le puede añadir nada.',
  orderFulfilledBody: 'El pedido ya está en camino, así que ya no se le puede añadir nada.',
  notEditableBody: 'Este pedido no se puede modificar en línea. No se añadió ni se cobró nada.',
  soldOutTitle: 'Este artículo se acaba de agotar',
  soldOutBody: 'No se añadió nada a tu pedido y no se cobró nada.',
  backToOffer: 'Volver a la oferta',
  processingTitle: 'Lo estamos añadiendo a tu pedido',
  processingBody: 'Tarda un momento. Esta página se actualizará; también puedes recargarla dentro de un minuto.',
  invalidChoiceTitle: 'Revisa tu elección',
  invalidChoiceBody: 'Elige un artículo disponible y una cantidad dentro de los límites indicados.',
  formExpiredTitle: 'Inténtalo de nuevo',
  formExpiredBody: 'Esta página estuvo abierta demasiado tiempo. Vuelve a abrir la oferta y acéptala desde allí.',
  unavailableTitle: 'Esta oferta no se puede aceptar ahora',
  unavailableBody: 'No se añadió nada a tu pedido y no se cobró nada.',
  nextShipmentTitle: 'Añadido a tu próxima entrega',
  nextShipmentBody:
    'Tu pedido ya se había enviado, así que añadimos el artículo a la próxima entrega de tu suscripción, el {date}, solo ' +
    'para esa entrega. Se cobra con ella, al precio de la oferta.',
  checkoutTitle: 'Tu pedido ya se ha enviado',
  checkoutBody: 'Ya no se puede añadir el artículo, pero aún puedes pedirlo por separado.',
  checkoutButton: 'Pedirlo ahora',
  subscribedTitle: 'Tu suscripción ha comenzado',
  subscribedBody:
    'La primera entrega se cobra en la tarjeta que ya usaste, el {date}. Puedes saltarla, cambiarla o cancelarla cuando quieras.',
  subscribeCheckoutTitle: 'Completa tu suscripción en el pago',
  subscribeCheckoutBody: 'No pudimos iniciarla con una tarjeta guardada, así que el pago te pedirá tus datos una vez.',
};

const de: PageMessages = {
  pageTitle: 'Ein Angebot zu Ihrer Bestellung',
  endsIn: 'Dieses Angebot endet in {minutes} Min., um {time}.',
  endsInUnderAMinute: 'Dieses Angebot endet in weniger als einer Minute.',
  chooseItem: 'Wählen Sie Ihren Artikel',
  quantity: 'Menge',
  quantityHint: 'Von {min} bis {max}.',
  soldOut: 'ausverkauft',
  regularPrice: 'Regulärer Preis',
  howItWorks:
    'Der Artikel wird Ihrer gerade aufgegebenen Bestellung hinzugefügt und mit ihr versendet. Sie zahlen danach nur die ' +
    'Differenz auf der sicheren Zahlungsseite von Shopify. Zahlen Sie nicht vor Ende des Angebots, wird der Artikel wieder ' +
    'aus der Bestellung entfernt und nichts berechnet.',
  expiredTitle: 'Dieses Angebot ist abgelaufen',
  expiredBody: 'Die Zeit zum Annehmen ist vorbei; Ihre Bestellung bleibt genau so, wie Sie sie aufgegeben haben.',
  invalidTitle: 'Dieser Link funktioniert nicht',
  invalidBody: 'Er wurde vielleicht unvollständig kopiert. Öffnen Sie bitte die Schaltfläche in der E-Mail erneut.',
  acceptedTitle: 'Zu Ihrer Bestellung hinzugefügt',
  acceptedBody:
    'Zahlen Sie die Differenz, um ihn zu bestätigen. Ist sie vor Ende des Angebots nicht bezahlt, wird der Artikel entfernt ' +
    'und nichts berechnet.',
  payNow: 'Differenz bezahlen',
  paidTitle: 'Danke, alles ist bezahlt',
  paidBody: 'Der Artikel wird mit Ihrer Bestellung versendet.',
  goneTitle: 'Dieses Angebot ist nicht mehr verfügbar',
  goneBody: 'Ihre Bestellung bleibt genau so, wie Sie sie aufgegeben haben.',
  orderChangedTitle: 'Ihre Bestellung kann nicht mehr geändert werden',
  orderCancelledBody: 'Die Bestellung wurde storniert, daher kann nichts mehr hinzugefügt werden.',
  orderFulfilledBody: 'Die Bestellung ist bereits unterwegs, daher kann nichts mehr hinzugefügt werden.',
  notEditableBody: 'Diese Bestellung kann nicht online geändert werden. Es wurde nichts hinzugefügt und nichts berechnet.',
  soldOutTitle: 'Dieser Artikel ist gerade ausverkauft',
  soldOutBody: 'Ihrer Bestellung wurde nichts hinzugefügt und es wurde nichts berechnet.',
  backToOffer: 'Zurück zum Angebot',
  processingTitle: 'Wir fügen ihn Ihrer Bestellung hinzu',
  processingBody: 'Das dauert einen Moment. Diese Seite lädt sich neu; Sie können sie auch in einer Minute neu laden.',
  invalidChoiceTitle: 'Bitte prüfen Sie Ihre Auswahl',
  invalidChoiceBody: 'Wählen Sie einen verfügbaren Artikel und eine Menge innerhalb der angegebenen Grenzen.',
  formExpiredTitle: 'Bitte versuchen Sie es erneut',
  formExpiredBody: 'Diese Seite war zu lange geöffnet. Öffnen Sie das Angebot erneut und nehmen Sie es dort an.',
  unavailableTitle: 'Dieses Angebot kann gerade nicht angenommen werden',
  unavailableBody: 'Ihrer Bestellung wurde nichts hinzugefügt und es wurde nichts berechnet.',
  nextShipmentTitle: 'Zu Ihrer nächsten Lieferung hinzugefügt',
  nextShipmentBody:
    'Ihre Bestellung war bereits versandt, daher haben wir den Artikel der nächsten Lieferung Ihres Abos am {date} ' +
    'hinzugefügt, nur dieser Lieferung. Er wird mit ihr zum Angebotspreis berechnet.',
  checkoutTitle: 'Ihre Bestellung ist bereits versandt',
  checkoutBody: 'Der Artikel kann nicht mehr hinzugefügt werden, aber Sie können ihn separat bestellen.',
  checkoutButton: 'Jetzt bestellen',
  subscribedTitle: 'Ihr Abo hat begonnen',
  subscribedBody:
    'Die erste Lieferung wird am {date} von der bereits genutzten Karte abgebucht. Sie können sie jederzeit überspringen, ' +
    'ändern oder kündigen.',
  subscribeCheckoutTitle: 'Schließen Sie Ihr Abo an der Kasse ab',
  subscribeCheckoutBody: 'Ohne gespeicherte Karte konnten wir es nicht starten; die Kasse fragt einmal nach Ihren Zahlungsdaten.',
};

const sv: PageMessages = {
  pageTitle: 'Ett erbjudande till din beställning',
  endsIn: 'Erbjudandet slutar om {minutes} min, kl. {time}.',
  endsInUnderAMinute: 'Erbjudandet slutar om mindre än en minut.',
  chooseItem: 'Välj din artikel',
  quantity: 'Antal',
  quantityHint: 'Från {min} till {max}.',
  soldOut: 'slutsåld',
  regularPrice: 'Ordinarie pris',
  howItWorks:
    'Artikeln läggs till i beställningen du just gjorde och skickas med den. Sedan betalar du bara mellanskillnaden på ' +
    'Shopifys säkra betalsida. Betalar du inte innan erbjudandet slutar tas artikeln bort från beställningen och ingenting ' +
    'debiteras.',
  expiredTitle: 'Erbjudandet har gått ut',
  expiredBody: 'Tiden för att tacka ja är över, och din beställning är precis som när du lade den.',
  invalidTitle: 'Länken fungerar inte',
  invalidBody: 'Den kan ha kopierats ofullständigt. Öppna knappen i mejlet igen.',
  acceptedTitle: 'Tillagd i din beställning',
  acceptedBody:
    'Betala mellanskillnaden för att bekräfta. Om den inte betalas innan erbjudandet slutar tas artikeln bort och ingenting debiteras.',
  payNow: 'Betala mellanskillnaden',
  paidTitle: 'Tack, allt är betalt',
  paidBody: 'Artikeln skickas med din beställning.',
  goneTitle: 'Erbjudandet är inte längre tillgängligt',
  goneBody: 'Din beställning är precis som när du lade den.',
  orderChangedTitle: 'Din beställning kan inte längre ändras',
  orderCancelledBody: 'Beställningen har avbrutits, så inget kan läggas till.',
  orderFulfilledBody: 'Beställningen är redan på väg, så inget kan läggas till.',
  notEditableBody: 'Den här beställningen kan inte ändras online. Inget lades till och inget debiterades.',
  soldOutTitle: 'Artikeln tog precis slut',
  soldOutBody: 'Inget lades till i din beställning och inget debiterades.',
  backToOffer: 'Tillbaka till erbjudandet',
  processingTitle: 'Vi lägger till den i din beställning',
  processingBody: 'Det tar en liten stund. Sidan laddas om; du kan också ladda om den om en minut.',
  invalidChoiceTitle: 'Kontrollera ditt val',
  invalidChoiceBody: 'Välj en tillgänglig artikel och ett antal inom de angivna gränserna.',
  formExpiredTitle: 'Försök igen',
  formExpiredBody: 'Sidan var öppen för länge. Öppna erbjudandet igen och tacka ja därifrån.',
  unavailableTitle: 'Erbjudandet kan inte accepteras just nu',
  unavailableBody: 'Inget lades till i din beställning och inget debiterades.',
  nextShipmentTitle: 'Tillagd i din nästa leverans',
  nextShipmentBody:
    'Din beställning hade redan skickats, så vi lade till varan i nästa leverans av din prenumeration, den {date}, bara ' +
    'för den leveransen. Den debiteras med den, till erbjudandets pris.',
  checkoutTitle: 'Din beställning har redan skickats',
  checkoutBody: 'Varan kan inte längre läggas till, men du kan fortfarande beställa den separat.',
  checkoutButton: 'Beställ nu',
  subscribedTitle: 'Din prenumeration har startat',
  subscribedBody:
    'Den första leveransen debiteras kortet du använde tidigare, den {date}. Du kan hoppa över, ändra eller avsluta den när som helst.',
  subscribeCheckoutTitle: 'Slutför din prenumeration i kassan',
  subscribeCheckoutBody: 'Vi kunde inte starta den med ett sparat kort, så kassan frågar efter dina betaluppgifter en gång.',
};

export const PAGE_MESSAGES: Readonly<Record<Locale, PageMessages>> = { en, fr, es, de, sv };

/** A message with its {placeholders} filled. */
export function say(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The shopper's language from Accept-Language, for pages that cannot tell which offer they are about. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const wanted = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1 };
    })
    .filter((entry) => entry.base && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { base } of wanted) if (base in PAGE_MESSAGES) return base as Locale;
  return 'en';
}
