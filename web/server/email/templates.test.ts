// The shipped templates and the Liquid rules merchant templates run under: every language renders both parts,
// output is escaped in the HTML only, and a template that reads files, loops without end or uses an unknown filter
// is refused with where the problem is.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../offers/index.js';
import { sampleSnapshot } from './preview.js';
import { type EmailRenderInput, renderEmail } from './render.js';
import { shippedTemplate } from './shipped-templates.js';
import { templateProblems } from './templates.js';

const colors = { primary: '#111827', button: '#1d4ed8', buttonText: '#ffffff', background: '#f4f4f5', text: '#1f2937' };

function input(locale: (typeof LOCALES)[number], firstName: string | null = 'Alex'): EmailRenderInput {
  return {
    snapshot: sampleSnapshot(locale, 'EUR'),
    shop: { name: 'Café <Noir> & Co', logoUrl: 'https://cdn.example/logo.png', colors },
    customer: { firstName },
    order: { id: 'gid://shopify/Order/1', name: '#1042' },
    offerUrl: 'https://app.example/offers/email/TOKEN',
    windowMinutes: 45,
  };
}

const WHY = {
  en: 'Why you are getting this',
  fr: 'Pourquoi cet e-mail',
  es: 'Por qué recibes este correo',
  de: 'Warum Sie diese E-Mail erhalten',
  sv: 'Därför får du det här mejlet',
};
const SUBJECT = {
  en: 'One more thing for your order #1042',
  fr: 'Un petit plus pour votre commande #1042',
  es: 'Algo más para tu pedido #1042',
  de: 'Noch etwas für Ihre Bestellung #1042',
  sv: 'Något extra till din beställning #1042',
};

describe('shipped templates', () => {
  it.each(LOCALES)(
    'when an email is rendered in %s, then subject, preheader, HTML and text are in that language with the link',
    async (locale) => {
      const template = shippedTemplate(locale);
      expect(await templateProblems(template, input(locale))).toEqual([]);
      const rendered = await renderEmail(template, input(locale));
      if (!rendered.ok) throw new Error(JSON.stringify(rendered));
      const { email } = rendered;
      expect(email.subject).toBe(SUBJECT[locale]);
      expect(email.preheader.length).toBeGreaterThan(20);
      expect(email.html).toContain(`lang="${locale}"`);
      expect(email.html).toContain('href="https://app.example/offers/email/TOKEN"');
      expect(email.html).toContain(WHY[locale]);
      expect(email.html).toContain('45');
      expect(email.text).toContain('https://app.example/offers/email/TOKEN');
      expect(email.text).toContain(WHY[locale]);
      // CSS is inlined and the block removed; the small-screen rule and Outlook's fixed-width table stay.
      expect(email.html).not.toMatch(/<style>[^<]*\.button/);
      expect(email.html).toMatch(/<a class="button"[^>]*style="[^"]*background: #1d4ed8/);
      expect(email.html).toContain('@media (max-width: 480px)');
      expect(email.html).toContain('<!--[if mso]>');
    },
  );

  it('when a value holds markup, then the HTML shows it as text and the plain-text part keeps it as written', async () => {
    const rendered = await renderEmail(shippedTemplate('en'), input('en', '<img src=x onerror=alert(1)>'));
    if (!rendered.ok) throw new Error('did not render');
    expect(rendered.email.html).not.toContain('<img src=x');
    expect(rendered.email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(rendered.email.html).toContain('Café &lt;Noir&gt; &amp; Co');
    expect(rendered.email.text).toContain('Hi <img src=x onerror=alert(1)>,');
  });

  it('when the customer has no first name, then the greeting has none', async () => {
    const rendered = await renderEmail(shippedTemplate('fr'), input('fr', null));
    expect(rendered.ok && rendered.email.text.startsWith('Bonjour,')).toBe(true);
  });
});

describe('merchant templates', () => {
  const template = (html: string, subject = 'Hi') => ({ subject, preheader: '', html, text: null });

  it('when a tag is not closed, then the problem names the part, line and column', async () => {
    const problems = await templateProblems(template('<p>\n<b>{% for p in offer.products %}{{ p.title }}</b>\n</p>'), input('en'));
    expect(problems).toEqual([expect.objectContaining({ field: 'html', line: 2, column: 4 })]);
  });

  it('when a filter does not exist, then it is refused when parsed', async () => {
    const problems = await templateProblems(template('<p>ok</p>', '{{ order.name | shout }}'), input('en'));
    expect(problems).toEqual([expect.objectContaining({ field: 'subject', line: 1, column: 1 })]);
    expect(problems[0]!.message).toMatch(/shout/);
  });

  it('when a template includes a file, then it is refused: templates read nothing from disk', async () => {
    for (const tag of ['{% include "/etc/passwd" %}', '{% render "x" %}', '{% layout "x" %}']) {
      const problems = await templateProblems(template(`<p>${tag}</p>`), input('en'));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ field: 'html', line: 1, column: 4 });
    }
  });

  it('when a template loops without end, then rendering stops and the template is refused', async () => {
    const started = Date.now();
    const problems = await templateProblems(template('{% for i in (1..100000000) %}{{ i }}{% endfor %}'), input('en'));
    expect(problems).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('when amounts are formatted with the money filter, then the currency and locale are applied', async () => {
    const rendered = await renderEmail(
      template("{{ 123456 | money: 'EUR', 'de' }}|{{ 500 | money: 'JPY' }}|{{ 'x' | money }}"),
      input('en'),
    );
    expect(rendered.ok && rendered.email.html).toBe('1.234,56\u00a0€|¥500|');
  });
});
