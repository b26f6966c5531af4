// The frame every email Encore ships is drawn in (the offer email and the subscription notices): one column of
// tables at most 600 px wide, a 600 px table for Outlook inside `<!--[if mso]>`, CSS in a `<style>` block that juice
// inlines at send time, a hidden preheader, the shop's logo or name, a greeting, the headline and body, the email's
// own rows, and the line saying why the customer gets it. Each email adds its rows and their CSS.

/** What the frame says, in one language (Liquid may be inside: `{{ customer.first_name }}`). */
export interface LayoutStrings {
  lang: string;
  greeting: string;
  greetingNoName: string;
  why: string;
}

export interface HtmlLayoutParts {
  /** CSS rules for the email's own rows. */
  style: string;
  /** CSS rules added inside the small-screen media query. */
  smallScreenStyle?: string;
  headline: string;
  body: string;
  /** `<tr>` rows between the body and the "why" line. */
  rows: string;
}

const STYLE_BEFORE = `
  body { margin: 0; padding: 0; background: {{ shop.colors.background }}; }
  .wrapper { width: 100%; background: {{ shop.colors.background }}; }
  .card { width: 100%; max-width: 600px; background: #ffffff; border-radius: 8px; }
  .pad { padding: 24px 32px; font-family: Helvetica, Arial, sans-serif; color: {{ shop.colors.text }}; font-size: 16px; line-height: 24px; }
  .logo { display: block; border: 0; max-height: 48px; }
  .headline { margin: 0 0 8px 0; font-size: 22px; line-height: 28px; color: {{ shop.colors.primary }}; }
`;

const STYLE_AFTER = `  .button { display: inline-block; padding: 14px 28px; background: {{ shop.colors.button }};
    color: {{ shop.colors.button_text }}; text-decoration: none; border-radius: 6px; font-weight: bold;
    font-family: Helvetica, Arial, sans-serif; }
  .small { font-size: 12px; line-height: 18px; color: #6b7280; font-family: Helvetica, Arial, sans-serif; }
`;

const greetingLiquid = (s: LayoutStrings) => `{% if customer.first_name %}${s.greeting}{% else %}${s.greetingNoName}{% endif %}`;

export function htmlLayout(s: LayoutStrings, parts: HtmlLayoutParts): string {
  const smallScreen = parts.smallScreenStyle ? ` ${parts.smallScreenStyle}` : '';
  const style = `${STYLE_BEFORE}${parts.style}${STYLE_AFTER}  @media (max-width: 480px) { .pad { padding: 16px !important; }${smallScreen} }
`;
  return `<!DOCTYPE html>
<html lang="${s.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ subject }}</title>
<style>${style}</style>
</head>
<body>
<div style="display:none;max-height:0;overflow:hidden;opacity:0">{{ preheader }}</div>
<table role="presentation" class="wrapper" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td align="center" style="padding: 24px 8px;">
<!--[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" class="card" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td class="pad">
{% if shop.logo_url %}<img class="logo" src="{{ shop.logo_url }}" alt="{{ shop.name }}">
{% else %}<strong>{{ shop.name }}</strong>{% endif %}
</td></tr>
<tr><td class="pad">
<p>${greetingLiquid(s)}</p>
<h1 class="headline">${parts.headline}</h1>
<p>${parts.body}</p>
</td></tr>
${parts.rows}
<tr><td class="pad">
<p class="small">${s.why}</p>
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}

/** The plain-text part: greeting, headline, body, the email's own lines, then the "why" line. */
export function textLayout(s: LayoutStrings, headline: string, body: string, lines: string): string {
  return `${greetingLiquid(s)}

${headline}

${body}
${lines}
--
${s.why}
`;
}
