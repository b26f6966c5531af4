// The engine speaks GIDs. Post-purchase input data and changesets use numeric legacy ids; callers convert here.

export type GidType = 'Product' | 'ProductVariant' | 'Collection' | 'SellingPlan' | 'Customer' | 'Order';

export function toGid(type: GidType, legacyId: number | string): string {
  const text = String(legacyId);
  if (!/^\d+$/.test(text)) throw new RangeError(`"${text}" is not a numeric ${type} id`);
  return `gid://shopify/${type}/${text}`;
}

/** gid://shopify/ProductVariant/42 -> 42; throws on anything else (a changeset must never carry a guess). */
export function toLegacyId(gid: string): number {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)$/.exec(gid);
  if (!match) throw new RangeError(`"${gid}" is not a Shopify GID`);
  const id = Number(match[1]);
  if (!Number.isSafeInteger(id)) throw new RangeError(`"${gid}" does not fit a safe integer`);
  return id;
}
