// Every shipped notice template (each kind, each language) passes the save-time check and renders both parts with
// the signed self-service link; the payment confirmation's button is the bank's link; values are escaped in HTML.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../offers/index.js';
import { noticeTemplateProblems, renderNotice, sampleNoticeInput } from './notice-render.js';
import { NOTICE_KINDS, shippedNoticeTemplate } from './notice-templates.js';

const colors = { primary: '#111827', button: '#1d4ed8', buttonText: '#ffffff', background: '#f4f4f5', text: '#1f2937' };
const shop = { name: 'Tea & <Co>', logoUrl: null, colors };
const manageUrl = 'https://app.example/subscriptions/manage/token123';
const now = new Date('2026-12-01T10:00:00Z');

describe('shipped notice templates', () => {
  for (const kind of NOTICE_KINDS) {
    it(`when ${kind} is rendered in each language, then it passes the save check and carries the manage link`, async () => {
      const subjects = new Set<string>();
      for (const locale of LOCALES) {
        const sample = sampleNoticeInput(shop, locale, now, manageUrl);
        const template = shippedNoticeTemplate(kind, locale);
        expect(await noticeTemplateProblems(template, sample, kind)).toEqual([]);
        const rendered = await renderNotice(template, sample, kind);
        if (!rendered.ok) throw new Error(rendered.problem.message);
        expect(rendered.email.text).toContain(manageUrl);
        expect(rendered.email.html).toContain(manageUrl);
        expect(rendered.email.html).toContain('Tea &amp; &lt;Co&gt;');
        expect(rendered.email.html).not.toContain('<style>.pad'); // inlined
        subjects.add(rendered.email.subject);
      }
      expect(subjects.size).toBe(LOCALES.length);
    });
  }

  it('when a payment needs confirming, then the button opens the bank’s page and the manage link stays below it', async () => {
    const sample = sampleNoticeInput(shop, 'en', now, manageUrl);
    sample.data.subscription.actionUrl = 'https://bank.example/3ds/abc';
    const rendered = await renderNotice(shippedNoticeTemplate('subscription_payment_action', 'en'), sample, 'subscription_payment_action');
    if (!rendered.ok) throw new Error(rendered.problem.message);
    expect(rendered.email.text).toContain('Confirm the payment: https://bank.example/3ds/abc');
    expect(rendered.email.text).toContain(`Manage your subscription: ${manageUrl}`);
    expect(rendered.email.subject).toBe('Please confirm your subscription payment');
  });
});
