// Customers: order counts and amount spent derived from orders (plus pre-history), tags, addresses and vaulted
// cards (CustomerPaymentMethod with a CustomerCreditCard instrument, revocable).
import type { GraphQLResolveInfo } from 'graphql';
import {
  type Args,
  argBoolean,
  argString,
  connectionArgs,
  pass,
  type ResolverContext,
  type TypeResolvers,
  typed,
} from '../graphql/resolver-kit.js';
import { connection } from '../store/connection.js';
import { gid, numericIdOf, parseGid } from '../store/ids.js';
import type { ContractRecord, CustomerRecord, OrderRecord, PaymentMethodRecord } from '../store/records.js';
import { customerAmountSpent, customerOrderCount, customerOrders, customerSearch, orderSearch } from '../store/search-schemas.js';
import { byCreatedAt, mailingAddress, metafieldFields, searchConnection, shopMoney } from './common.js';
import { readableOrders, sortOrders } from './orders.js';

const Customer: TypeResolvers<CustomerRecord> = {
  ...pass<CustomerRecord>('firstName', 'lastName', 'locale', 'tags', 'createdAt', 'updatedAt', 'note', 'email', 'phone'),
  id: (c) => gid('Customer', c.id),
  legacyResourceId: (c) => String(c.id),
  displayName: (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || 'Customer',
  numberOfOrders: (c, _args, ctx) => String(customerOrderCount(ctx.store, c)),
  amountSpent: (c, _args, ctx) => shopMoney(ctx.store, customerAmountSpent(ctx.store, c)),
  state: () => 'ENABLED',
  verifiedEmail: (c) => c.email !== null,
  taxExempt: () => false,
  canDelete: (c, _args, ctx) => customerOrders(ctx.store, c).length === 0,
  defaultAddress: (c) => mailingAddress(c.defaultAddress, c.defaultAddressId),
  addresses: (c) => (c.defaultAddress ? [mailingAddress(c.defaultAddress, c.defaultAddressId)] : []),
  addressesV2: (c, args) =>
    connection(c.defaultAddress ? [mailingAddress(c.defaultAddress, c.defaultAddressId)!] : [], connectionArgs(args), (a) => a.id),
  defaultEmailAddress: (c) =>
    c.email
      ? {
          emailAddress: c.email,
          marketingState: c.emailMarketingState,
          marketingOptInLevel: c.emailMarketingState === 'SUBSCRIBED' ? 'SINGLE_OPT_IN' : null,
          marketingUpdatedAt: c.updatedAt,
          validFormat: true,
        }
      : null,
  defaultPhoneNumber: (c) =>
    c.phone ? { phoneNumber: c.phone, marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: null, marketingUpdatedAt: null } : null,
  emailMarketingConsent: (c) =>
    c.email
      ? {
          marketingState: c.emailMarketingState,
          marketingOptInLevel: c.emailMarketingState === 'SUBSCRIBED' ? 'SINGLE_OPT_IN' : null,
          consentUpdatedAt: c.updatedAt,
        }
      : null,
  // Counts and amounts above cover the customer's lifetime; the orders themselves only what the app may read.
  lastOrder: (c, _args, ctx) => byCreatedAt(readableOrders(ctx, customerOrders(ctx.store, c))).pop() ?? null,
  orders: (c, args, ctx, info: GraphQLResolveInfo) =>
    searchConnection(
      ctx,
      info,
      sortOrders(readableOrders(ctx, customerOrders(ctx.store, c)), argString(args, 'sortKey')),
      args,
      orderSearch(ctx.store),
      (o: OrderRecord) => o.id,
    ),
  paymentMethods: (c, args, ctx) => {
    const showRevoked = argBoolean(args, 'showRevoked') ?? false;
    const methods = c.paymentMethodIds
      .map((id) => ctx.store.paymentMethods.get(id))
      .filter((m): m is PaymentMethodRecord => !!m && (showRevoked || !m.revokedAt));
    return connection(methods, connectionArgs(args), (m) => m.id);
  },
  subscriptionContracts: (c, args, ctx) =>
    connection(
      [...ctx.store.contracts.values()].filter((k) => k.customerId === c.id).sort((a, b) => a.id - b.id),
      connectionArgs(args),
      (k: ContractRecord) => k.id,
    ),
  ...metafieldFields<CustomerRecord>((c) => gid('Customer', c.id)),
};

const CustomerPaymentMethod: TypeResolvers<PaymentMethodRecord> = {
  ...pass<PaymentMethodRecord>('revokedAt', 'revokedReason'),
  id: (m) => gid('CustomerPaymentMethod', m.id),
  customer: (m, _args, ctx) => ctx.store.customers.get(m.customerId) ?? null,
  instrument: (m, _args, ctx) => {
    const now = ctx.store.now();
    const monthsLeft = (m.expiryYear - now.getUTCFullYear()) * 12 + (m.expiryMonth - (now.getUTCMonth() + 1));
    const customer = ctx.store.customers.get(m.customerId);
    return typed(
      {
        brand: m.brand,
        lastDigits: m.lastDigits,
        maskedNumber: `•••• •••• •••• ${m.lastDigits}`,
        expiryMonth: m.expiryMonth,
        expiryYear: m.expiryYear,
        expiresSoon: monthsLeft <= 2,
        name: m.name,
        firstDigits: null,
        isRevocable: m.revokedAt === null,
        source: null,
        virtualLastDigits: null,
        billingAddress: customer?.defaultAddress
          ? {
              address1: customer.defaultAddress.address1,
              city: customer.defaultAddress.city,
              country: customer.defaultAddress.country,
              countryCode: customer.defaultAddress.countryCode,
              province: customer.defaultAddress.province,
              provinceCode: customer.defaultAddress.provinceCode,
              zip: customer.defaultAddress.zip,
              firstName: customer.defaultAddress.firstName,
              lastName: customer.defaultAddress.lastName,
            }
          : null,
      },
      'CustomerCreditCard',
    );
  },
  subscriptionContracts: (m, args, ctx) =>
    connection(
      [...ctx.store.contracts.values()].filter((k) => k.paymentMethodId === m.id),
      connectionArgs(args),
      (k: ContractRecord) => k.id,
    ),
};

export function paymentMethodById(ctx: ResolverContext, id: string | null, showRevoked: boolean): PaymentMethodRecord | null {
  const parsed = parseGid(id ?? '');
  if (parsed?.type !== 'CustomerPaymentMethod') return null;
  const method = ctx.store.paymentMethods.get(parsed.id);
  if (!method || (method.revokedAt && !showRevoked)) return null;
  return method;
}

// customerPaymentMethodSendUpdateEmail: "Sends an email to a customer containing a secure link to update a specific
// vaulted payment method" (2026-07 schema). Shopify sends it; the emulator records it in store.sentPaymentUpdateEmails.
// The payload has plain UserErrors (no code). A revoked method or a customer without an email address is refused here;
// the wording is the emulator's (undocumented).
function customerPaymentMethodSendUpdateEmail(_s: unknown, args: Args, ctx: ResolverContext) {
  const method = paymentMethodById(ctx, argString(args, 'customerPaymentMethodId'), true);
  const refuse = (message: string) => ({ customer: null, userErrors: [{ field: ['customerPaymentMethodId'], message }] });
  if (!method) return refuse('Customer payment method does not exist');
  if (method.revokedAt) return refuse('Customer payment method is revoked');
  const customer = ctx.store.customers.get(method.customerId);
  if (!customer) return refuse('Customer does not exist');
  if (!customer.email) return refuse('Customer has no email address');
  ctx.store.sentPaymentUpdateEmails.push({
    paymentMethodId: method.id,
    customerId: customer.id,
    to: customer.email,
    sentAt: ctx.store.nowIso(),
  });
  return { customer, userErrors: [] };
}

export const customerResolvers = {
  Customer,
  CustomerPaymentMethod,
  QueryRoot: {
    customer: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const id = numericIdOf(argString(args, 'id') ?? '', 'Customer');
      return id === null ? null : (ctx.store.customers.get(id) ?? null);
    },
    customers: (_s: unknown, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) =>
      searchConnection(
        ctx,
        info,
        [...ctx.store.customers.values()].sort((a, b) => a.id - b.id),
        args,
        customerSearch(ctx.store),
        (c) => c.id,
      ),
    customerPaymentMethod: (_s: unknown, args: Args, ctx: ResolverContext) =>
      paymentMethodById(ctx, argString(args, 'id'), argBoolean(args, 'showRevoked') ?? false),
  },
  Mutation: { customerPaymentMethodSendUpdateEmail },
};
