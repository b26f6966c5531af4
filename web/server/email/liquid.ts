// The Liquid engines merchant templates run in (liquidjs, the Liquid dialect Shopify's notification templates use).
// Two engines: one for the HTML body, which escapes every {{ output }} (a customer's name or a product title must
// not become markup), one for the subject, preheader and plain-text part, which must not. Both refuse unknown
// filters when the template is parsed (strictFilters), so a typo is refused at save time with its line and column;
// neither reads files (no {% include %} / {% render %} / {% layout %} from disk: an empty in-memory template map),
// and both stop a template that loops or allocates without bound (render time and memory limits).
import { Liquid, LiquidError } from 'liquidjs';
import { formatMoney } from '../offers/index.js';

/** A template problem, where the merchant can find it. */
export interface LiquidProblem {
  line: number;
  column: number;
  message: string;
}

const LIMITS = {
  // Characters parsed per template; merchant templates are a few KB.
  parseLimit: 200_000,
  // Milliseconds one render may take.
  renderLimit: 500,
  // Rough bytes allocated by one render (liquidjs counts strings and arrays it builds).
  memoryLimit: 20_000_000,
};

function engine(escapeOutput: boolean): Liquid {
  const liquid = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    jsTruthy: false,
    templates: {},
    relativeReference: false,
    cache: false,
    ...LIMITS,
    ...(escapeOutput ? { outputEscape: 'escape' as const } : {}),
  });
  // Shopify's notification templates format money with `money`; here amounts are minor units with the currency and
  // locale given ({{ 1250 | money: 'EUR', 'fr' }}); the offer's prices also come preformatted.
  liquid.registerFilter('money', (minor: unknown, currency: unknown = 'USD', locale: unknown = 'en') => {
    const amount = Number(minor);
    if (!Number.isSafeInteger(amount) || typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return '';
    try {
      return formatMoney(amount, currency, typeof locale === 'string' ? locale : 'en');
    } catch {
      return '';
    }
  });
  return liquid;
}

export const htmlLiquid = engine(true);
export const textLiquid = engine(false);

/** Where a liquidjs error points: its token's [line, column]; 1:1 when it carries none. */
export function liquidProblem(error: unknown): LiquidProblem {
  if (error instanceof LiquidError) {
    const token = (error as LiquidError & { token?: { getPosition?: () => [number, number] } }).token;
    const position = token?.getPosition?.();
    const line = position?.[0] ?? 1;
    const column = position?.[1] ?? 1;
    // liquidjs appends ", line:3, col:5" to its messages; the position is reported on its own.
    const message = error.message.replace(/, line:\d+, col:\d+$/, '');
    return { line, column, message };
  }
  return { line: 1, column: 1, message: error instanceof Error ? error.message : String(error) };
}

/** Parses a template; its first problem when it does not parse. */
export function checkLiquid(source: string, liquid: Liquid): LiquidProblem | null {
  try {
    liquid.parse(source);
    return null;
  } catch (error) {
    return liquidProblem(error);
  }
}

export type LiquidResult = { ok: true; output: string } | { ok: false; problem: LiquidProblem };

/** Renders a template with the given variables; a render-time problem (an include, a limit) with its position. */
export async function renderLiquid(source: string, variables: Record<string, unknown>, liquid: Liquid): Promise<LiquidResult> {
  try {
    return { ok: true, output: await liquid.parseAndRender(source, variables) };
  } catch (error) {
    return { ok: false, problem: liquidProblem(error) };
  }
}
