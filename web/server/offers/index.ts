// The offer engine's public surface. Pure: nothing here does I/O or reads the clock.
export {
  buildCatalog,
  type Catalog,
  type CatalogInput,
  type CatalogProduct,
  type CatalogProductInput,
  type CatalogSellingPlanInput,
  type CatalogVariant,
  type CatalogVariantInput,
  compareIds,
  normalizeText,
  plansForVariant,
} from './catalog.js';
export { type CompiledFunnels, compileFunnels } from './compile.js';
export { discountLabel, fillPlaceholders, resolveLocale } from './content.js';
export {
  type CustomerSnapshot,
  type DecideContext,
  EMPTY_LEDGER,
  type LedgerFacts,
  type OfferImpression,
  type OrderLine,
  type OrderSnapshot,
} from './context.js';
export {
  CURRENCY_EXPONENTS,
  currencyExponent,
  decimalToMinor,
  formatMoney,
  isKnownCurrency,
  minorToDecimal,
  UnknownCurrencyError,
} from './currency.js';
export type { Decision, PathEntry, PresentedOption, PresentedStep, PresentedVariant, StepState } from './decision.js';
export {
  ContentSchema,
  type Discount,
  type FunnelDefinition,
  type FunnelDefinitionInput,
  FunnelSchema,
  type LeafCondition,
  LOCALES,
  type Locale,
  MAX_FUNNEL_LEVELS,
  MAX_POST_PURCHASE_ACCEPTS,
  type Offer,
  OfferSchema,
  parseShopSettings,
  type ShopSettings,
  type ShopSettingsInput,
  ShopSettingsSchema,
  type Step,
  type StepContent,
  StepSchema,
  SURFACES,
  type Surface,
  type Targeting,
  type TargetingCondition,
  type Template,
} from './definitions.js';
export {
  decide,
  type NextResult,
  next,
  type PriceChangeError,
  type PriceChangeResult,
  type PricedChange,
  type PricedLine,
  priceChange,
} from './engine.js';
export { type GidType, toGid, toLegacyId } from './ids.js';
export {
  type CurrencyConversion,
  convertToPresentment,
  createConversion,
  type OfferLine,
  type PlanPriceAdjustment,
  type PriceQuote,
  percentToHundredths,
  type QuoteInput,
  quote,
  quoteInputFor,
  type ResolvedDiscount,
  resolveDiscount,
} from './pricing.js';
export { buildOrderFacts, type OrderFacts } from './targeting.js';
export { compileTemplate, rankTemplate } from './templates.js';
export type { TraceEntry, TraceReason } from './trace.js';
export {
  type ProblemCode,
  type ValidationOptions,
  type ValidationProblem,
  type ValidationResult,
  validateFunnel,
} from './validate.js';
