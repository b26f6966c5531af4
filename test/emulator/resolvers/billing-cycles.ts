// Billing cycles: the subscriptionBillingCycle query, one cycle's edit (subscriptionBillingCycleContractEdit → the
// draft's line mutations → subscriptionBillingCycleContractDraftCommit) and the edited contract it produces. The
// model and its sources: store/billing-cycles.ts; guesses: README "Guesses added with smart routing".
import { type Args, argObject, argString, connectionArgs, type ResolverContext, type TypeResolvers } from '../graphql/resolver-kit.js';
import { type CycleView, commitCycleDraft, findCycle, nextCycleIndex, openCycleDraft } from '../store/billing-cycles.js';
import { connection } from '../store/connection.js';
import { numericIdOf } from '../store/ids.js';
import type { ContractRecord, DraftRecord } from '../store/records.js';
import { readableOrders } from './orders.js';
import { termsFields } from './subscriptions.js';

/** A SubscriptionBillingCycleEditedContract: the contract's terms with the cycle's lines. */
type EditedContract = ContractRecord & { cycle: CycleView };

function editedContract(cycle: CycleView): EditedContract | null {
  if (!cycle.edit) return null;
  return { ...cycle.contract, lines: cycle.edit.lines, updatedAt: cycle.edit.updatedAt, cycle };
}

const SubscriptionBillingCycleEditedContract: TypeResolvers<EditedContract> = {
  ...termsFields<EditedContract>((c) => c.id),
  createdAt: (c) => c.createdAt,
  updatedAt: (c) => c.updatedAt,
  lineCount: (c) => c.lines.length,
  app: (c, _args, ctx) => (c.appId ? { store: ctx.store } : null),
  appAdminUrl: (c, _args, ctx) => `https://${ctx.store.domain}/admin/apps/encore/contracts/${c.id}`,
  orders: (c, args, ctx) =>
    connection(
      readableOrders(
        ctx,
        c.orderIds.flatMap((id) => ctx.store.orders.get(id) ?? []),
      ),
      connectionArgs(args),
      (o) => o.id,
    ),
  billingCycles: (c, args) => connection([c.cycle], connectionArgs(args), (cycle) => cycle.cycleIndex),
};

const SubscriptionBillingCycle: TypeResolvers<CycleView> = {
  cycleIndex: (c) => c.cycleIndex,
  billingAttemptExpectedDate: (c) => c.expectedDate,
  cycleStartAt: (c) => c.expectedDate,
  cycleEndAt: (c) => c.endAt,
  status: (c) => c.status,
  edited: (c) => c.edit !== null,
  skipped: () => false,
  editedContract: (c) => editedContract(c),
  sourceContract: (c) => c.contract,
  billingAttempts: (c, args, ctx) =>
    connection(
      [...ctx.store.billingAttempts.values()].filter((a) => a.contractId === c.contract.id && a.billedCycleIndex === c.cycleIndex),
      connectionArgs(args),
      (a) => a.id,
    ),
};

function cycleInput(args: Args) {
  const input = argObject(args, 'billingCycleInput') ?? {};
  return { contractId: argString(input, 'contractId'), selector: argObject(input, 'selector') };
}

function draftCycle(ctx: ResolverContext, draft: DraftRecord): CycleView | null {
  if (!draft.billingCycleIndex || !draft.contractId) return null;
  const found = findCycle(ctx.store, `gid://shopify/SubscriptionContract/${draft.contractId}`, { index: draft.billingCycleIndex });
  return found.ok ? found.cycle : null;
}

/** Shopify does not document the error for a cycle already billed; the emulator refuses it (the stricter choice). */
const alreadyBilled = (field: string[]) => ({
  code: 'INVALID',
  field,
  message: 'Billing cycle has already been billed and can no longer be edited',
});

export const billingCycleResolvers = {
  SubscriptionBillingCycle,
  SubscriptionBillingCycleEditedContract,
  SubscriptionDraft: {
    billingCycle: (d: DraftRecord, _args: Args, ctx: ResolverContext) => draftCycle(ctx, d),
  },
  QueryRoot: {
    subscriptionBillingCycle: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const { contractId, selector } = cycleInput(args);
      const found = findCycle(ctx.store, contractId, selector);
      return found.ok ? found.cycle : null;
    },
  },
  Mutation: {
    subscriptionBillingCycleContractEdit: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const { contractId, selector } = cycleInput(args);
      const found = findCycle(ctx.store, contractId, selector);
      if (!found.ok) return { draft: null, userErrors: [{ code: found.code, field: found.field, message: found.message }] };
      if (found.cycle.status === 'BILLED') return { draft: null, userErrors: [alreadyBilled(['billingCycleInput', 'selector'])] };
      const status = found.cycle.contract.status;
      if (status === 'CANCELLED' || status === 'EXPIRED')
        return {
          draft: null,
          userErrors: [{ code: 'INVALID', field: ['billingCycleInput', 'contractId'], message: `Contract is ${status.toLowerCase()}` }],
        };
      return { draft: openCycleDraft(ctx.store, found.cycle), userErrors: [] };
    },
    subscriptionBillingCycleContractDraftCommit: (_s: unknown, args: Args, ctx: ResolverContext) => {
      const id = numericIdOf(argString(args, 'draftId') ?? '', 'SubscriptionDraft');
      const draft = id === null ? undefined : ctx.store.drafts.get(id);
      if (!draft) return { contract: null, userErrors: [{ code: 'INVALID', field: ['draftId'], message: 'Draft does not exist' }] };
      if (!draft.billingCycleIndex || !draft.contractId) {
        // SubscriptionDraftErrorCode.BILLING_CYCLE_ABSENT: "Cannot commit a contract draft with this mutation. Please
        // use SubscriptionDraftCommit."
        const message = 'Cannot commit a contract draft with this mutation. Please use SubscriptionDraftCommit.';
        return { contract: null, userErrors: [{ code: 'BILLING_CYCLE_ABSENT', field: ['draftId'], message }] };
      }
      if (draft.committed)
        return { contract: null, userErrors: [{ code: 'COMMITTED', field: ['draftId'], message: 'Draft has already been committed' }] };
      if (draft.lines.length === 0)
        return {
          contract: null,
          userErrors: [{ code: 'INVALID_LINES', field: ['draftId'], message: 'A subscription contract must have at least one line' }],
        };
      const contract = ctx.store.contracts.get(draft.contractId);
      if (!contract || draft.billingCycleIndex < nextCycleIndex(ctx.store, contract))
        return { contract: null, userErrors: [alreadyBilled(['draftId'])] };
      commitCycleDraft(ctx.store, draft, draft.billingCycleIndex);
      const cycle = draftCycle(ctx, draft);
      return { contract: cycle ? editedContract(cycle) : null, userErrors: [] };
    },
  },
};
