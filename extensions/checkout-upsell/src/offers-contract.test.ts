import { describe, expect, it } from 'vitest';
import {
  type CartSnapshot,
  type CheckoutOffer,
  type CheckoutOffersContract,
  localize,
  parseCheckoutOffers,
  selectOffers,
} from './offers-contract.js';

const product = (n: number) => `gid://shopify/Product/${n}`;
const variant = (n: number) => `gid://shopify/ProductVariant/${n}`;

function offer(id: string, n: number, fields: Partial<CheckoutOffer> = {}): CheckoutOffer {
  return {
    id,
    productId: product(n),
    merchandiseId: variant(n * 10),
    quantity: 1,
    title: { en: `Offer ${id}` },
    prices: [{ currencyCode: 'EUR', amount: 9 }],
    ...fields,
  };
}

function contract(offers: CheckoutOffer[], fields: Partial<CheckoutOffersContract> = {}): CheckoutOffersContract {
  return { version: 1, defaultLanguage: 'en', maxOffers: 10, offers, ...fields };
}

function cart(productNumbers: number[], subtotal = 50, currencyCode = 'EUR'): CartSnapshot {
  return {
    lines: productNumbers.map((n) => ({ productId: product(n), merchandiseId: variant(n * 10) })),
    subtotal: { amount: subtotal, currencyCode },
  };
}

const ids = (selected: ReturnType<typeof selectOffers>) => selected.map(({ offer }) => offer.id);

describe('selectOffers', () => {
  it('when offers have no conditions, then they are all shown in priority order up to maxOffers', () => {
    const offers = [offer('a', 1), offer('b', 2), offer('c', 3)];
    expect(ids(selectOffers(contract(offers, { maxOffers: 2 }), cart([9])))).toEqual(['a', 'b']);
    expect(selectOffers(contract(offers, { maxOffers: 0 }), cart([9]))).toEqual([]);
  });

  it('when the offered product is already in the cart (any variant), then the offer is left out and the next one fills its place', () => {
    const offers = [offer('a', 1), offer('b', 2), offer('c', 3)];
    const inCartOtherVariant: CartSnapshot = {
      lines: [{ productId: product(1), merchandiseId: variant(11) }],
      subtotal: { amount: 50, currencyCode: 'EUR' },
    };
    expect(ids(selectOffers(contract(offers, { maxOffers: 2 }), inCartOtherVariant))).toEqual(['b', 'c']);
    const inCartSameVariant: CartSnapshot = {
      lines: [{ productId: product(99), merchandiseId: variant(20) }],
      subtotal: { amount: 50, currencyCode: 'EUR' },
    };
    expect(ids(selectOffers(contract(offers), inCartSameVariant))).toEqual(['a', 'c']);
  });

  it('when cartIncludesAny lists products, variants or collections, then the offer shows only if one of them is in the cart', () => {
    const offers = [
      offer('by-product', 1, { conditions: { cartIncludesAny: { productIds: [product(5)] } } }),
      offer('by-variant', 2, { conditions: { cartIncludesAny: { variantIds: [variant(60)] } } }),
      offer('by-collection', 3, { conditions: { cartIncludesAny: { collectionIds: ['gid://shopify/Collection/7'] } } }),
      offer('unknown-collection', 4, { conditions: { cartIncludesAny: { collectionIds: ['gid://shopify/Collection/404'] } } }),
      offer('empty-selector', 8, { conditions: { cartIncludesAny: {} } }),
    ];
    const rules = contract(offers, { collections: { 'gid://shopify/Collection/7': [product(7), product(70)] } });
    expect(ids(selectOffers(rules, cart([5])))).toEqual(['by-product']);
    expect(ids(selectOffers(rules, cart([6])))).toEqual(['by-variant']);
    expect(ids(selectOffers(rules, cart([70])))).toEqual(['by-collection']);
    expect(ids(selectOffers(rules, cart([5, 6, 7])))).toEqual(['by-product', 'by-variant', 'by-collection']);
    expect(ids(selectOffers(rules, cart([9])))).toEqual([]);
  });

  it('when cartExcludes matches the cart, then the offer is hidden', () => {
    const rules = contract([offer('no-refills', 1, { conditions: { cartExcludes: { productIds: [product(2)], collectionIds: ['c'] } } })], {
      collections: { c: [product(3)] },
    });
    expect(ids(selectOffers(rules, cart([9])))).toEqual(['no-refills']);
    expect(ids(selectOffers(rules, cart([2])))).toEqual([]);
    expect(ids(selectOffers(rules, cart([3])))).toEqual([]);
  });

  it('when a subtotal range is set, then min is inclusive, max exclusive, and a currency without a range hides the offer', () => {
    const rules = contract([
      offer('small', 1, { conditions: { subtotal: [{ currencyCode: 'EUR', max: 50 }] } }),
      offer('large', 2, {
        prices: [
          { currencyCode: 'EUR', amount: 9 },
          { currencyCode: 'SEK', amount: 99 },
        ],
        conditions: { subtotal: [{ currencyCode: 'EUR', min: 50 }] },
      }),
    ]);
    expect(ids(selectOffers(rules, cart([9], 49.99)))).toEqual(['small']);
    expect(ids(selectOffers(rules, cart([9], 50)))).toEqual(['large']);
    expect(ids(selectOffers(rules, cart([9], 500, 'SEK')))).toEqual([]);
  });

  it('when the offer has no price in the checkout currency, then it is not shown, and the matching price is returned otherwise', () => {
    const rules = contract([
      offer('eur-only', 1),
      offer('both', 2, {
        prices: [
          { currencyCode: 'EUR', amount: 9 },
          { currencyCode: 'SEK', amount: 99, compareAtAmount: 110 },
        ],
      }),
    ]);
    const selected = selectOffers(rules, cart([9], 300, 'SEK'));
    expect(selected).toEqual([{ offer: rules.offers[1], price: { currencyCode: 'SEK', amount: 99, compareAtAmount: 110 } }]);
  });
});

describe('localize', () => {
  const text = { en: 'Socks', fr: 'Chaussettes', 'pt-br': 'Meias', de: 'Socken' };

  it('when the buyer language has a text, then it is used, region first, then the base language', () => {
    expect(localize(text, 'fr', 'en')).toBe('Chaussettes');
    expect(localize(text, 'pt-BR', 'en')).toBe('Meias');
    expect(localize(text, 'fr-CA', 'en')).toBe('Chaussettes');
  });

  it("when the buyer language has no text, then the shop's default language is used, then any text", () => {
    expect(localize(text, 'sv', 'de')).toBe('Socken');
    expect(localize({ es: 'Calcetines' }, 'sv', 'de')).toBe('Calcetines');
    expect(localize(undefined, 'sv', 'de')).toBe('');
  });
});

describe('parseCheckoutOffers', () => {
  it('when the value is a version 1 contract, then offers with every required field are kept and malformed ones dropped', () => {
    const good = offer('good', 1);
    const parsed = parseCheckoutOffers(
      JSON.stringify({
        version: 1,
        defaultLanguage: 'fr',
        maxOffers: 3,
        offers: [good, { id: 'no-variant', title: {} }, { ...good, id: 'zero', quantity: 0 }],
      }),
    );
    expect(parsed).toEqual({ version: 1, defaultLanguage: 'fr', maxOffers: 3, collections: {}, offers: [good] });
  });

  it('when the value is not JSON, another version, or has no offer list, then there is no contract', () => {
    expect(parseCheckoutOffers('{not json')).toBeNull();
    expect(parseCheckoutOffers(JSON.stringify({ version: 2, offers: [] }))).toBeNull();
    expect(parseCheckoutOffers(JSON.stringify({ version: 1 }))).toBeNull();
    expect(parseCheckoutOffers('null')).toBeNull();
  });
});
