// Merchant templates per locale (EmailTemplate), checked when saved: each part is parsed with the engine it runs
// in, then the whole template is rendered once on a sample offer, so a Liquid error is refused at save time with the
// part, line and column, never met at send time.
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { UnprocessableError } from '../errors.js';
import { LOCALES, type Locale } from '../offers/index.js';
import { checkLiquid, htmlLiquid, textLiquid } from './liquid.js';
import { type EmailRenderInput, renderEmail, type TemplatePart } from './render.js';
import { type EmailTemplateSource, shippedTemplate } from './shipped-templates.js';

export const TemplateInputSchema = z
  .object({
    subject: z.string().min(1, { message: 'Write a subject' }).max(1_000),
    preheader: z.string().max(1_000).default(''),
    html: z.string().min(1, { message: 'Write the HTML body' }).max(200_000),
    text: z.string().max(100_000).nullable().default(null),
  })
  .strict();
export type TemplateInput = z.input<typeof TemplateInputSchema>;

export interface StoredTemplate extends EmailTemplateSource {
  locale: Locale;
  /** false: the template Encore ships (the shop saved none for this locale). */
  custom: boolean;
  version: number;
  updatedAt: string | null;
}

export interface TemplateProblem {
  field: TemplatePart;
  line: number;
  column: number;
  message: string;
}

/** Every part's parse problem, each part parsed with the engine it runs in (HTML escapes, the others do not). */
export function parseProblems(template: EmailTemplateSource): TemplateProblem[] {
  const parts: Array<[TemplatePart, string | null, typeof htmlLiquid]> = [
    ['subject', template.subject, textLiquid],
    ['preheader', template.preheader, textLiquid],
    ['html', template.html, htmlLiquid],
    ['text', template.text, textLiquid],
  ];
  const problems: TemplateProblem[] = [];
  for (const [field, source, liquid] of parts) {
    const problem = source === null ? null : checkLiquid(source, liquid);
    if (problem) problems.push({ field, ...problem });
  }
  return problems;
}

/** Every part's parse problem, then a sample render's, if parsing passed. */
export async function templateProblems(template: EmailTemplateSource, sample: EmailRenderInput): Promise<TemplateProblem[]> {
  const problems = parseProblems(template);
  if (problems.length > 0) return problems;
  const rendered = await renderEmail(template, sample);
  return rendered.ok ? [] : [{ field: rendered.part, ...rendered.problem }];
}

/** A template from a request body, or a 422 naming each field's problem. */
export function parseTemplateInput(input: unknown): z.output<typeof TemplateInputSchema> {
  const parsed = TemplateInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new UnprocessableError(
    'The template has problems; see each field.',
    parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message })),
  );
}

/** The 422 a template with Liquid errors gets: every problem with its part, line and column. */
export function liquidRefusal(problems: TemplateProblem[], message?: string): UnprocessableError {
  const first = problems[0]!;
  return new UnprocessableError(
    message ?? `The ${first.field} template has a Liquid error at line ${first.line}, column ${first.column}: ${first.message}`,
    problems.map((problem) => ({
      field: problem.field,
      message: `Line ${problem.line}, column ${problem.column}: ${problem.message}`,
      line: problem.line,
      column: problem.column,
    })),
  );
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export interface TemplateStore {
  get(shopId: string, locale: Locale): Promise<StoredTemplate>;
  list(shopId: string): Promise<StoredTemplate[]>;
  /** Validates and saves; 422 with `problems: [{field, line, column, message}]` on a Liquid error. */
  save(shopId: string, locale: Locale, input: unknown, sample: EmailRenderInput): Promise<StoredTemplate>;
  /** Back to the shipped template. */
  reset(shopId: string, locale: Locale): Promise<StoredTemplate>;
}

type TemplateRow = NonNullable<Awaited<ReturnType<Db['prisma']['emailTemplate']['findUnique']>>>;

function fromRow(row: TemplateRow): StoredTemplate {
  return {
    locale: row.locale as Locale,
    subject: row.subject,
    preheader: row.preheader,
    html: row.html,
    text: row.text,
    custom: true,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function shipped(locale: Locale): StoredTemplate {
  return { locale, ...shippedTemplate(locale), custom: false, version: 0, updatedAt: null };
}

export function createTemplateStore(db: Db): TemplateStore {
  const get: TemplateStore['get'] = async (shopId, locale) => {
    const row = await db.prisma.emailTemplate.findUnique({ where: { shopId_locale: { shopId, locale } } });
    return row ? fromRow(row) : shipped(locale);
  };
  return {
    get,
    async list(shopId) {
      const rows = await db.prisma.emailTemplate.findMany({ where: { shopId } });
      return LOCALES.map((locale) => {
        const row = rows.find((candidate) => candidate.locale === locale);
        return row ? fromRow(row) : shipped(locale);
      });
    },
    async save(shopId, locale, input, sample) {
      const template = parseTemplateInput(input);
      const problems = await templateProblems(template, { ...sample, snapshot: { ...sample.snapshot, locale } });
      if (problems.length > 0) throw liquidRefusal(problems);
      const row = await db.prisma.emailTemplate.upsert({
        where: { shopId_locale: { shopId, locale } },
        create: { shopId, locale, ...template },
        update: { ...template, version: { increment: 1 } },
      });
      return fromRow(row);
    },
    async reset(shopId, locale) {
      await db.prisma.emailTemplate.deleteMany({ where: { shopId, locale } });
      return shipped(locale);
    },
  };
}
