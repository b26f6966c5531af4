// What the checkout contract's planning and rendering take and give back, and the pieces they pass between them.
import type { CheckoutOffer, CheckoutOffersContract } from '../../../../extensions/checkout-upsell/src/offers-contract.js';
import type {
  Catalog,
  CatalogProduct,
  CatalogSellingPlanInput,
  Discount,
  FunnelDefinition,
  Locale,
  ShopSettings,
} from '../../offers/index.js';
import type { ConditionsDraft } from '../conditions.js';

export type WarningCode =
  | 'targeting_unsupported'
  | 'experiment_arm_not_synced'
  | 'settings_not_applied'
  | 'template_unsupported'
  | 'template_no_match'
  | 'conditions_unsupported'
  | 'step_simplified'
  | 'product_unavailable'
  | 'out_of_stock'
  | 'no_price'
  | 'discount_code_failed'
  | 'trimmed_for_size';

/** Something the merchant should know about what the checkout block shows (or does not). */
export interface ContractWarning {
  code: WarningCode;
  message: string;
  funnelId?: string;
  stepId?: string;
  /** The one offer it concerns, when it is about one offer (a refused discount code). */
  offerId?: string;
}

/** What an offer's discount code must grant: exactly the step's discount, on the offered variant only. */
export interface DiscountTerms {
  discount: Discount;
  productId: string;
  variantId: string;
  /** The line is bought on a selling plan: the code applies to subscriptions (first cycle) instead of one-time. */
  subscription: boolean;
  /** Units the line needs before the code applies (the tier's quantity); 1 otherwise. */
  minQuantity: number;
}

export interface PlannedOffer {
  /** CheckoutOffer.id: `<funnelId>/<stepId>/<product number>[/<ledger offer key>]`, see parseCheckoutOfferId. */
  id: string;
  funnelId: string;
  stepId: string;
  /** The step's ledger key ("declined this offer"). */
  offerKey: string;
  productId: string;
  variantId: string;
  quantity: number;
  sellingPlanId: string | null;
  /** null: no discount, no code. */
  discountTerms: DiscountTerms | null;
  shopCurrency: string;
  /** What the line costs in the shop currency after the discount (the ledger's accepted amount). */
  shopTotalMinor: number;
  /** The product title, for discount titles and logs. */
  productTitle: string;
  /** The offer as written to the metafield, without its discount code. */
  offer: Omit<CheckoutOffer, 'discountCode'>;
}

export interface CheckoutPlan {
  defaultLanguage: Locale;
  maxOffers: number;
  /** In priority order. */
  offers: PlannedOffer[];
  /** Product lists the offers' conditions refer to (collection GIDs and encore:tag/vendor/type keys). */
  lists: ReadonlyMap<string, readonly string[]>;
  /** `<funnelId>/<stepId>` of every step of a synced funnel, offerable now or not: their codes stay valid. */
  liveSteps: ReadonlySet<string>;
  warnings: ContractWarning[];
}

export interface PlanInput {
  /** The shop's funnels (any surface; only enabled checkout funnels are used). Library references resolved. */
  funnels: readonly FunnelDefinition[];
  catalog: Catalog;
  settings: ShopSettings;
  /** Templates that depend on time (new arrivals, expiring soon...) are resolved at this instant. */
  now: Date;
  maxOffers?: number;
}

export interface RenderedContract {
  contract: CheckoutOffersContract;
  /** The metafield value: JSON.stringify(contract). */
  value: string;
  bytes: number;
  /** Offers written, in order. */
  written: PlannedOffer[];
  /** Offers left out: no code for their discount, or beyond the size limit. */
  dropped: Array<{ offer: PlannedOffer; reason: 'no_discount_code' | 'size_limit' }>;
  warnings: ContractWarning[];
}

/** A product a step could show, before stock, prices and texts are looked at. */
export interface Candidate {
  product: CatalogProduct | undefined;
  productId: string;
  variantIds: readonly string[] | null;
  discount: Discount | null;
  quantity: number;
  plan: CatalogSellingPlanInput | null;
  /** Extra conditions the candidate brings (a complementary pair's "cart holds the partner"). */
  conditions: ConditionsDraft | null;
}

/** A synced funnel with its targeting translated for the checkout block. */
export interface FunnelEnv {
  funnel: FunnelDefinition;
  conditions: ConditionsDraft;
  lists: ReadonlyMap<string, readonly string[]>;
}

/** Records a warning about one step of the funnel being planned. */
export type StepWarn = (code: WarningCode, message: string) => void;
