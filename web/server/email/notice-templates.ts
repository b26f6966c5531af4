// The notices Encore sends about a subscription (renewal reminder, payment to confirm, payment failed, paused,
// cancelled, skipped) and the Liquid templates it ships for each, in the five languages of the offer email. Same
// layout rules as the offer email (shipped-templates.ts): one column of tables at most 600 px wide, an MSO table
// for Outlook, CSS in a <style> block that juice inlines at send time, a hidden preheader, a plain-text part, and
// a line saying why the customer gets the email. Every notice carries the signed self-service link.
import type { Locale } from '../offers/index.js';
import type { EmailTemplateSource } from './shipped-templates.js';
import { htmlLayout, textLayout } from './template-layout.js';

export const NOTICE_KINDS = [
  'subscription_renewal_reminder',
  'subscription_payment_action',
  'subscription_payment_failed',
  'subscription_paused',
  'subscription_cancelled',
  'subscription_skipped',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function isNoticeKind(value: string): value is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(value);
}

interface KindStrings {
  subject: string;
  preheader: string;
  headline: string;
  /** Liquid, one paragraph. */
  body: string;
  /** The button's label; it opens `button_url` (the payment confirmation for payment_action, else the manage page). */
  button: string;
}

interface LocaleStrings {
  lang: string;
  greeting: string;
  greetingNoName: string;
  items: string;
  manage: string;
  why: string;
  kinds: Record<NoticeKind, KindStrings>;
}

const STRINGS: Record<Locale, LocaleStrings> = {
  en: {
    lang: 'en',
    greeting: 'Hi {{ customer.first_name }},',
    greetingNoName: 'Hello,',
    items: 'Your subscription',
    manage: 'Manage your subscription',
    why:
      'Why you are getting this: you have a subscription at {{ shop.name }}. We write before each charge and when ' +
      'something about it changes. You can skip, reschedule, pause or cancel it at any time from the link above.',
    kinds: {
      subscription_renewal_reminder: {
        subject: 'Your subscription renews on {{ subscription.next_billing_date }}',
        preheader: '{{ subscription.amount }} will be charged. Skip, reschedule or pause before then.',
        headline: 'Your next delivery is coming up',
        body:
          'On {{ subscription.next_billing_date }} you will be charged {{ subscription.amount }} (plus taxes, if any). You ' +
          'can skip this delivery, change its date or frequency, pause or cancel before then.',
        button: 'Manage your subscription',
      },
      subscription_payment_action: {
        subject: 'Please confirm your subscription payment',
        preheader: 'Your bank asks you to confirm the payment of {{ subscription.amount }}.',
        headline: 'Your bank asks you to confirm this payment',
        body: 'To renew your subscription ({{ subscription.amount }}), your bank needs you to confirm the payment. It takes a minute.',
        button: 'Confirm the payment',
      },
      subscription_payment_failed: {
        subject: 'Your subscription payment did not go through',
        preheader: 'We could not charge {{ subscription.amount }} for your subscription.',
        headline: 'Your payment did not go through',
        body:
          'We could not charge {{ subscription.amount }} for your subscription.{% if subscription.retry_date %} We will try ' +
          'again on {{ subscription.retry_date }}.{% endif %}{% if subscription.card_update_requested %} You will also ' +
          'receive an email with a secure link to update your card.{% endif %}',
        button: 'Manage your subscription',
      },
      subscription_paused: {
        subject: 'Your subscription is paused',
        preheader: 'No charges or deliveries until you resume it.',
        headline: 'Your subscription is paused',
        body: 'You will not be charged and nothing will be sent until you resume it. You can resume it at any time.',
        button: 'Resume or manage',
      },
      subscription_cancelled: {
        subject: 'Your subscription is cancelled',
        preheader: 'You will not be charged again.',
        headline: 'Your subscription is cancelled',
        body: 'You will not be charged again. Thank you for having been a subscriber.',
        button: 'View your subscription',
      },
      subscription_skipped: {
        subject: 'Your next delivery is skipped',
        preheader: 'Your next charge is on {{ subscription.next_billing_date }}.',
        headline: 'Your next delivery is skipped',
        body: 'This delivery will not be charged or sent. Your next charge is on {{ subscription.next_billing_date }}.',
        button: 'Manage your subscription',
      },
    },
  },
  fr: {
    lang: 'fr',
    greeting: 'Bonjour {{ customer.first_name }},',
    greetingNoName: 'Bonjour,',
    items: 'Votre abonnement',
    manage: 'Gérer votre abonnement',
    why:
      'Pourquoi cet e-mail : vous avez un abonnement chez {{ shop.name }}. Nous vous écrivons avant chaque prélèvement et ' +
      "quand quelque chose change. Vous pouvez le décaler, le mettre en pause ou l'annuler à tout moment avec le lien ci-dessus.",
    kinds: {
      subscription_renewal_reminder: {
        subject: 'Votre abonnement est renouvelé le {{ subscription.next_billing_date }}',
        preheader: '{{ subscription.amount }} seront prélevés. Vous pouvez sauter, décaler ou mettre en pause avant.',
        headline: 'Votre prochaine livraison approche',
        body:
          'Le {{ subscription.next_billing_date }}, {{ subscription.amount }} seront prélevés (taxes éventuelles en sus). ' +
          "D'ici là, vous pouvez sauter cette livraison, changer sa date ou sa fréquence, mettre en pause ou annuler.",
        button: 'Gérer votre abonnement',
      },
      subscription_payment_action: {
        subject: 'Merci de confirmer le paiement de votre abonnement',
        preheader: 'Votre banque vous demande de confirmer le paiement de {{ subscription.amount }}.',
        headline: 'Votre banque vous demande de confirmer ce paiement',
        body:
          'Pour renouveler votre abonnement ({{ subscription.amount }}), votre banque doit obtenir votre confirmation. ' +
          'Cela prend une minute.',
        button: 'Confirmer le paiement',
      },
      subscription_payment_failed: {
        subject: "Le paiement de votre abonnement n'a pas abouti",
        preheader: "Nous n'avons pas pu prélever {{ subscription.amount }} pour votre abonnement.",
        headline: "Votre paiement n'a pas abouti",
        body:
          "Nous n'avons pas pu prélever {{ subscription.amount }} pour votre abonnement.{% if subscription.retry_date %} " +
          'Nous réessaierons le {{ subscription.retry_date }}.{% endif %}{% if subscription.card_update_requested %} Vous ' +
          'recevrez aussi un e-mail avec un lien sécurisé pour mettre à jour votre carte.{% endif %}',
        button: 'Gérer votre abonnement',
      },
      subscription_paused: {
        subject: 'Votre abonnement est en pause',
        preheader: "Aucun prélèvement ni envoi jusqu'à sa reprise.",
        headline: 'Votre abonnement est en pause',
        body: "Rien ne sera prélevé ni envoyé jusqu'à ce que vous le repreniez. Vous pouvez le reprendre à tout moment.",
        button: 'Reprendre ou gérer',
      },
      subscription_cancelled: {
        subject: 'Votre abonnement est annulé',
        preheader: 'Vous ne serez plus prélevé.',
        headline: 'Votre abonnement est annulé',
        body: "Vous ne serez plus prélevé. Merci d'avoir été abonné.",
        button: 'Voir votre abonnement',
      },
      subscription_skipped: {
        subject: 'Votre prochaine livraison est sautée',
        preheader: 'Votre prochain prélèvement aura lieu le {{ subscription.next_billing_date }}.',
        headline: 'Votre prochaine livraison est sautée',
        body:
          'Cette livraison ne sera ni prélevée ni envoyée. Votre prochain prélèvement aura lieu le ' +
          '{{ subscription.next_billing_date }}.',
        button: 'Gérer votre abonnement',
      },
    },
  },
  es: {
    lang: 'es',
    greeting: 'Hola, {{ customer.first_name }}:',
    greetingNoName: 'Hola:',
    items: 'Tu suscripción',
    manage: 'Gestionar tu suscripción',
    why:
      'Por qué recibes este correo: tienes una suscripción en {{ shop.name }}. Te escribimos antes de cada cobro y cuando ' +
      'algo cambia. Puedes saltarla, cambiarla de fecha, pausarla o cancelarla cuando quieras desde el enlace de arriba.',
    kinds: {
      subscription_renewal_reminder: {
        subject: 'Tu suscripción se renueva el {{ subscription.next_billing_date }}',
        preheader: 'Se cobrarán {{ subscription.amount }}. Puedes saltar, cambiar la fecha o pausar antes.',
        headline: 'Tu próxima entrega está cerca',
        body:
          'El {{ subscription.next_billing_date }} se cobrarán {{ subscription.amount }} (más impuestos, si los hay). Hasta ' +
          'entonces puedes saltar esta entrega, cambiar su fecha o frecuencia, pausar o cancelar.',
        button: 'Gestionar tu suscripción',
      },
      subscription_payment_action: {
        subject: 'Confirma el pago de tu suscripción',
        preheader: 'Tu banco te pide confirmar el pago de {{ subscription.amount }}.',
        headline: 'Tu banco te pide confirmar este pago',
        body: 'Para renovar tu suscripción ({{ subscription.amount }}), tu banco necesita que confirmes el pago. Es un minuto.',
        button: 'Confirmar el pago',
      },
      subscription_payment_failed: {
        subject: 'El pago de tu suscripción no se ha completado',
        preheader: 'No hemos podido cobrar {{ subscription.amount }} de tu suscripción.',
        headline: 'Tu pago no se ha completado',
        body:
          'No hemos podido cobrar {{ subscription.amount }} de tu suscripción.{% if subscription.retry_date %} Lo ' +
          'intentaremos de nuevo el {{ subscription.retry_date }}.{% endif %}{% if subscription.card_update_requested %} ' +
          'También recibirás un correo con un enlace seguro para actualizar tu tarjeta.{% endif %}',
        button: 'Gestionar tu suscripción',
      },
      subscription_paused: {
        subject: 'Tu suscripción está en pausa',
        preheader: 'Sin cobros ni envíos hasta que la reanudes.',
        headline: 'Tu suscripción está en pausa',
        body: 'No se cobrará ni se enviará nada hasta que la reanudes. Puedes reanudarla cuando quieras.',
        button: 'Reanudar o gestionar',
      },
      subscription_cancelled: {
        subject: 'Tu suscripción está cancelada',
        preheader: 'No se te volverá a cobrar.',
        headline: 'Tu suscripción está cancelada',
        body: 'No se te volverá a cobrar. Gracias por haber sido suscriptor.',
        button: 'Ver tu suscripción',
      },
      subscription_skipped: {
        subject: 'Tu próxima entrega se ha saltado',
        preheader: 'Tu próximo cobro será el {{ subscription.next_billing_date }}.',
        headline: 'Tu próxima entrega se ha saltado',
        body: 'Esta entrega no se cobrará ni se enviará. Tu próximo cobro será el {{ subscription.next_billing_date }}.',
        button: 'Gestionar tu suscripción',
      },
    },
  },
  de: {
    lang: 'de',
    greeting: 'Hallo {{ customer.first_name }},',
    greetingNoName: 'Hallo,',
    items: 'Ihr Abonnement',
    manage: 'Abonnement verwalten',
    why:
      'Warum Sie diese E-Mail erhalten: Sie haben ein Abonnement bei {{ shop.name }}. Wir schreiben Ihnen vor jeder ' +
      'Abbuchung und wenn sich etwas ändert. Über den Link oben können Sie es jederzeit überspringen, verschieben, ' +
      'pausieren oder kündigen.',
    kinds: {
      subscription_renewal_reminder: {
        subject: 'Ihr Abonnement verlängert sich am {{ subscription.next_billing_date }}',
        preheader: '{{ subscription.amount }} werden abgebucht. Vorher können Sie überspringen, verschieben oder pausieren.',
        headline: 'Ihre nächste Lieferung steht bevor',
        body:
          'Am {{ subscription.next_billing_date }} werden {{ subscription.amount }} abgebucht (zzgl. eventueller Steuern). ' +
          'Bis dahin können Sie diese Lieferung überspringen, Datum oder Häufigkeit ändern, pausieren oder kündigen.',
        button: 'Abonnement verwalten',
      },
      subscription_payment_action: {
        subject: 'Bitte bestätigen Sie die Zahlung für Ihr Abonnement',
        preheader: 'Ihre Bank bittet Sie, die Zahlung von {{ subscription.amount }} zu bestätigen.',
        headline: 'Ihre Bank bittet Sie, diese Zahlung zu bestätigen',
        body: 'Um Ihr Abonnement zu verlängern ({{ subscription.amount }}), braucht Ihre Bank Ihre Bestätigung. Das dauert eine Minute.',
        button: 'Zahlung bestätigen',
      },
      subscription_payment_failed: {
        subject: 'Die Zahlung für Ihr Abonnement ist fehlgeschlagen',
        preheader: 'Wir konnten {{ subscription.amount }} für Ihr Abonnement nicht abbuchen.',
        headline: 'Ihre Zahlung ist fehlgeschlagen',
        body:
          'Wir konnten {{ subscription.amount }} für Ihr Abonnement nicht abbuchen.{% if subscription.retry_date %} Wir ' +
          'versuchen es am {{ subscription.retry_date }} erneut.{% endif %}{% if subscription.card_update_requested %} Sie ' +
          'erhalten außerdem eine E-Mail mit einem sicheren Link, um Ihre Karte zu aktualisieren.{% endif %}',
        button: 'Abonnement verwalten',
      },
      subscription_paused: {
        subject: 'Ihr Abonnement ist pausiert',
        preheader: 'Keine Abbuchungen oder Lieferungen, bis Sie es fortsetzen.',
        headline: 'Ihr Abonnement ist pausiert',
        body: 'Bis Sie es fortsetzen, wird nichts abgebucht und nichts versendet. Sie können es jederzeit fortsetzen.',
        button: 'Fortsetzen oder verwalten',
      },
      subscription_cancelled: {
        subject: 'Ihr Abonnement ist gekündigt',
        preheader: 'Es wird nichts mehr abgebucht.',
        headline: 'Ihr Abonnement ist gekündigt',
        body: 'Es wird nichts mehr abgebucht. Danke, dass Sie Abonnent waren.',
        button: 'Abonnement ansehen',
      },
      subscription_skipped: {
        subject: 'Ihre nächste Lieferung wird übersprungen',
        preheader: 'Die nächste Abbuchung ist am {{ subscription.next_billing_date }}.',
        headline: 'Ihre nächste Lieferung wird übersprungen',
        body: 'Diese Lieferung wird weder abgebucht noch versendet. Die nächste Abbuchung ist am {{ subscription.next_billing_date }}.',
        button: 'Abonnement verwalten',
      },
    },
  },
  sv: {
    lang: 'sv',
    greeting: 'Hej {{ customer.first_name }},',
    greetingNoName: 'Hej,',
    items: 'Din prenumeration',
    manage: 'Hantera din prenumeration',
    why:
      'Därför får du det här mejlet: du har en prenumeration hos {{ shop.name }}. Vi skriver före varje dragning och när ' +
      'något ändras. Du kan hoppa över, flytta, pausa eller avsluta den när som helst via länken ovan.',
    kinds: {
      subscription_renewal_reminder: {
        subject: 'Din prenumeration förnyas den {{ subscription.next_billing_date }}',
        preheader: '{{ subscription.amount }} dras. Du kan hoppa över, flytta eller pausa innan dess.',
        headline: 'Din nästa leverans närmar sig',
        body:
          'Den {{ subscription.next_billing_date }} dras {{ subscription.amount }} (plus eventuell moms). Innan dess kan du ' +
          'hoppa över leveransen, ändra datum eller frekvens, pausa eller avsluta.',
        button: 'Hantera din prenumeration',
      },
      subscription_payment_action: {
        subject: 'Bekräfta betalningen för din prenumeration',
        preheader: 'Din bank ber dig bekräfta betalningen på {{ subscription.amount }}.',
        headline: 'Din bank ber dig bekräfta betalningen',
        body: 'För att förnya din prenumeration ({{ subscription.amount }}) behöver din bank din bekräftelse. Det tar en minut.',
        button: 'Bekräfta betalningen',
      },
      subscription_payment_failed: {
        subject: 'Betalningen för din prenumeration gick inte igenom',
        preheader: 'Vi kunde inte dra {{ subscription.amount }} för din prenumeration.',
        headline: 'Din betalning gick inte igenom',
        body:
          'Vi kunde inte dra {{ subscription.amount }} för din prenumeration.{% if subscription.retry_date %} Vi försöker igen ' +
          'den {{ subscription.retry_date }}.{% endif %}{% if subscription.card_update_requested %} Du får också ett mejl med ' +
          'en säker länk för att uppdatera ditt kort.{% endif %}',
        button: 'Hantera din prenumeration',
      },
      subscription_paused: {
        subject: 'Din prenumeration är pausad',
        preheader: 'Inga dragningar eller leveranser förrän du återupptar den.',
        headline: 'Din prenumeration är pausad',
        body: 'Inget dras och inget skickas förrän du återupptar den. Du kan återuppta den när som helst.',
        button: 'Återuppta eller hantera',
      },
      subscription_cancelled: {
        subject: 'Din prenumeration är avslutad',
        preheader: 'Inget mer kommer att dras.',
        headline: 'Din prenumeration är avslutad',
        body: 'Inget mer kommer att dras. Tack för att du har varit prenumerant.',
        button: 'Visa din prenumeration',
      },
      subscription_skipped: {
        subject: 'Din nästa leverans hoppas över',
        preheader: 'Nästa dragning sker den {{ subscription.next_billing_date }}.',
        headline: 'Din nästa leverans hoppas över',
        body: 'Leveransen varken dras eller skickas. Nästa dragning sker den {{ subscription.next_billing_date }}.',
        button: 'Hantera din prenumeration',
      },
    },
  },
};

const STYLE = `  .items { margin: 0; padding: 0 0 0 18px; }
`;

function html(s: LocaleStrings, k: KindStrings): string {
  const rows = `{% if subscription.items.size > 0 %}<tr><td class="pad">
<p><strong>${s.items}</strong></p>
<ul class="items">{% for item in subscription.items %}
<li>{{ item.quantity }} × {{ item.title }}{% if item.variant_title %} ({{ item.variant_title }}){% endif %}</li>{% endfor %}
</ul>
</td></tr>{% endif %}
<tr><td class="pad" align="center">
<a class="button" href="{{ subscription.button_url }}">${k.button}</a>
{% if subscription.button_url != subscription.manage_url %}
<p class="small"><a href="{{ subscription.manage_url }}">${s.manage}</a></p>{% endif %}
</td></tr>`;
  return htmlLayout(s, { style: STYLE, headline: k.headline, body: k.body, rows });
}

function text(s: LocaleStrings, k: KindStrings): string {
  const lines = `{% if subscription.items.size > 0 %}
${s.items}:
{% for item in subscription.items %}- {{ item.quantity }} × {{ item.title }}{% if item.variant_title %} ({{ item.variant_title }}){%
endif %}
{% endfor %}{% endif %}
${k.button}: {{ subscription.button_url }}
{% if subscription.button_url != subscription.manage_url %}${s.manage}: {{ subscription.manage_url }}
{% endif %}`;
  return textLayout(s, k.headline, k.body, lines);
}

/** The shipped template of a notice in a locale. */
export function shippedNoticeTemplate(kind: NoticeKind, locale: Locale): EmailTemplateSource {
  const strings = STRINGS[locale];
  const k = strings.kinds[kind];
  return { subject: k.subject, preheader: k.preheader, html: html(strings, k), text: text(strings, k) };
}
