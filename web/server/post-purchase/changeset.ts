// The changeset Encore signs for an accepted post-purchase step: the change built from the engine's priced
// change (never from anything the client sent), and the JWT Shopify applies. Change types: the `Changeset` union of
// @shopify/post-purchase-ui-extensions 0.13.5 (src/extension-points/api/post-purchase/post-purchase.ts); claims:
// https://shopify.dev/docs/api/checkout-extensions/post-purchase/jwt-specification
import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { type PricedChange, toLegacyId } from '../offers/index.js';
import type { ChangesetChange, ExplicitDiscount, SubscriptionShipping } from './wire.js';

/** The change for one accepted step, with Shopify's numeric ids. */
export function buildChange(priced: PricedChange, shipping: SubscriptionShipping): ChangesetChange {
  const discount = explicitDiscount(priced);
  const variantId = toLegacyId(priced.variantId);
  if (priced.type === 'add_subscription') {
    if (priced.sellingPlanId === null) throw new RangeError('a subscription change needs a selling plan');
    return {
      type: 'add_subscription',
      variantId,
      sellingPlanId: toLegacyId(priced.sellingPlanId),
      quantity: priced.quantity,
      initialShippingPrice: shipping.initialShippingPrice,
      recurringShippingPrice: shipping.recurringShippingPrice,
      shippingOption: { ...shipping.shippingOption },
      ...(discount ? { discount } : {}),
    };
  }
  return { type: 'add_variant', variantId, quantity: priced.quantity, ...(discount ? { discount } : {}) };
}

/**
 * The engine's discount in Shopify's ExplicitDiscount shape. A percentage goes through as is (Shopify applies it
 * to the line and rounds the amount off down, which the engine's prices reproduce); a fixed amount is per unit,
 * in presentment major units.
 */
export function explicitDiscount(priced: Pick<PricedChange, 'discount'>): ExplicitDiscount | null {
  const discount = priced.discount;
  if (!discount) return null;
  return { value: discount.value, valueType: discount.valueType, title: discount.title || 'Encore offer' };
}

export interface SignedChangeset {
  token: string;
  jti: string;
  issuedAt: number;
}

export interface ChangesetSigner {
  sign(input: { referenceId: string; changes: readonly ChangesetChange[]; now: Date }): SignedChangeset;
}

/**
 * HS256 with the app's client secret; `iss` = API key, `jti` = a new UUID, `iat` in seconds, `sub` = the
 * purchase's reference id, `changes`. No `exp`: Shopify's spec makes it optional and the post-purchase page
 * itself closes within the hour.
 */
export function createChangesetSigner(options: { apiKey: string; apiSecret: string }): ChangesetSigner {
  const key: KeyObject = createSecretKey(Buffer.from(options.apiSecret, 'utf8'));
  return {
    sign({ referenceId, changes, now }) {
      const jti = randomUUID();
      const issuedAt = Math.floor(now.getTime() / 1000);
      const token = jwt.sign({ iss: options.apiKey, jti, iat: issuedAt, sub: referenceId, changes }, key, { algorithm: 'HS256' });
      return { token, jti, issuedAt };
    },
  };
}
