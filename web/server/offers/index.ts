// The offer engine's public surface. Pure: nothing here does I/O or reads the clock.
export {
  buildCatalog,
  compareIds,
  normalizeText,
  plansForVariant,
  type Catalog,
  type CatalogInput,
  type CatalogProduct,
  type CatalogProductInput,
  type CatalogVariant,
  type CatalogVariantInput,
  type CatalogSellingPlanInput,
} from './catalog.js';
export { compileFunnels, type CompiledFunnels } from './compile.js';
export { discountLabel, fillPlaceholders, resolveLocale } from './content.js';
export {
  EMPTY_LEDGER,
  type CustomerSnapshot,
  type DecideContext,
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
  FunnelSchema,
  LOCALES,
  MAX_FUNNEL_LEVELS,
  MAX_POST_PURCHASE_ACCEPTS,
  OfferSchema,
  parseShopSettings,
  ShopSettingsSchema,
  StepSchema,
  SURFACES,
  type Discount,
  type FunnelDefinition,
  type FunnelDefinitionInput,
  type LeafCondition,
  type Locale,
  type Offer,
  type ShopSettings,
  type ShopSettingsInput,
  type Step,
  type StepContent,
  type Surface,
  type Targeting,
  type TargetingCondition,
  type Template,
} from './definitions.js';
export {
  decide,
  next,
  priceChange,
  type NextResult,
  type PriceChangeError,
  type PriceChangeResult,
  type PricedChange,
  type PricedLine,
} from './engine.js';
export { toGid, toLegacyId, type GidType } from './ids.js';
export {
  convertToPresentment,
  createConversion,
  percentToHundredths,
  quote,
  quoteInputFor,
  resolveDiscount,
  type CurrencyConversion,
  type OfferLine,
  type PlanPriceAdjustment,
  type PriceQuote,
  type QuoteInput,
  type ResolvedDiscount,
} from './pricing.js';
export { buildOrderFacts, type OrderFacts } from './targeting.js';
export { compileTemplate, rankTemplate } from './templates.js';
export type { TraceEntry, TraceReason } from './trace.js';
export {
  validateFunnel,
  type ProblemCode,
  type ValidationOptions,
  type ValidationProblem,
  type ValidationResult,
} from './validate.js';
