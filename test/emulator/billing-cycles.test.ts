// One billing cycle's edit: subscriptionBillingCycleContractEdit → subscriptionDraftLineAdd →
// subscriptionBillingCycleContractDraftCommit changes what that cycle bills and ships, never the contract's lines nor
// the next cycles; the errors for an unknown contract, a billed cycle and the wrong commit mutation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../web/server/clock.js';
import { DEMO_CUSTOMERS, DEMO_SELLING_PLANS, DEMO_VARIANTS, SEED_NOW } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gid } from './store/ids.js';
import type { ContractRecord } from './store/records.js';
import { gqlData } from './testing.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    apiKey: 'cycles-key',
    apiSecret: 'cycles-secret',
    clock: new ManualClock(SEED_NOW),
    billingAttemptDelayMs: 60_000_000,
    webhookRetryDelaysMs: [],
  });
});
afterAll(async () => emulator?.close());

const CYCLE = `query Cycle($input: SubscriptionBillingCycleInput!) {
  subscriptionBillingCycle(billingCycleInput: $input) {
    cycleIndex billingAttemptExpectedDate status edited
    editedContract { lines(first: 10) { nodes { variantId quantity currentPrice { amount } customAttributes { key value } } } }
  }
}`;
const EDIT = `mutation Edit($input: SubscriptionBillingCycleInput!) {
  subscriptionBillingCycleContractEdit(billingCycleInput: $input) {
    draft { id billingCycle { cycleIndex } lines(first: 10) { nodes { variantId } } }
    userErrors { field message code }
  }
}`;
const LINE_ADD = `mutation Add($draftId: ID!, $input: SubscriptionLineInput!) {
  subscriptionDraftLineAdd(draftId: $draftId, input: $input) { lineAdded { id } userErrors { field message code } }
}`;
const CYCLE_COMMIT = `mutation Commit($draftId: ID!) {
  subscriptionBillingCycleContractDraftCommit(draftId: $draftId) {
    contract { lines(first: 10) { nodes { variantId quantity } } }
    userErrors { field message code }
  }
}`;
const DRAFT_COMMIT = `mutation Commit($draftId: ID!) {
  subscriptionDraftCommit(draftId: $draftId) { contract { id } userErrors { field message code } }
}`;
const BILL = `mutation Bill($contractId: ID!, $input: SubscriptionBillingAttemptInput!) {
  subscriptionBillingAttemptCreate(subscriptionContractId: $contractId, subscriptionBillingAttemptInput: $input) {
    subscriptionBillingAttempt { id } userErrors { code message }
  }
}`;

interface UserError {
  field: string[];
  message: string;
  code: string;
}
interface EditAnswer {
  subscriptionBillingCycleContractEdit: {
    draft: { id: string; billingCycle: { cycleIndex: number }; lines: { nodes: { variantId: string }[] } } | null;
    userErrors: UserError[];
  };
}
interface CommitAnswer {
  subscriptionBillingCycleContractDraftCommit: { contract: { lines: { nodes: { variantId: string }[] } } | null; userErrors: UserError[] };
}

function newContract(): ContractRecord {
  return emulator.store.createSubscriptionContractFromCheckout({
    customerId: DEMO_CUSTOMERS.vipWithCard,
    variantId: DEMO_VARIANTS.ethiopia250g,
    sellingPlanId: DEMO_SELLING_PLANS.monthly,
  }).contract;
}

const edit = (contract: ContractRecord, selector: Record<string, unknown>) =>
  gqlData<EditAnswer>(emulator, EDIT, { input: { contractId: gid('SubscriptionContract', contract.id), selector } });

async function addMug(draftId: string): Promise<void> {
  const added = await gqlData<{ subscriptionDraftLineAdd: { userErrors: UserError[] } }>(emulator, LINE_ADD, {
    draftId,
    input: {
      productVariantId: gid('ProductVariant', DEMO_VARIANTS.mugSand),
      quantity: 2,
      currentPrice: '9.00',
      customAttributes: [{ key: '_encore_email_offer', value: 'offer-1' }],
    },
  });
  expect(added.subscriptionDraftLineAdd.userErrors).toEqual([]);
}

async function billNext(contract: ContractRecord, key: string) {
  await gqlData(emulator, BILL, { contractId: gid('SubscriptionContract', contract.id), input: { idempotencyKey: key } });
  emulator.store.settleBillingAttempts();
  const order = emulator.store.orders.get(contract.orderIds.at(-1)!)!;
  return order.lines.map((l) => [l.variantId, l.quantity]);
}

describe('subscriptionBillingCycleContractEdit and its commit', () => {
  it('when the next cycle gets a line, then that cycle bills it once and the contract and the following cycle do not', async () => {
    const contract = newContract();
    const before = contract.lines.map((l) => l.variantId);
    const opened = await edit(contract, { date: contract.nextBillingDate });
    expect(opened.subscriptionBillingCycleContractEdit.userErrors).toEqual([]);
    const draft = opened.subscriptionBillingCycleContractEdit.draft!;
    expect(draft.billingCycle.cycleIndex).toBe(1);
    await addMug(draft.id);

    const committed = await gqlData<CommitAnswer>(emulator, CYCLE_COMMIT, { draftId: draft.id });
    expect(committed.subscriptionBillingCycleContractDraftCommit.userErrors).toEqual([]);
    expect(committed.subscriptionBillingCycleContractDraftCommit.contract!.lines.nodes.map((l) => l.variantId)).toEqual([
      gid('ProductVariant', DEMO_VARIANTS.ethiopia250g),
      gid('ProductVariant', DEMO_VARIANTS.mugSand),
    ]);
    expect(contract.lines.map((l) => l.variantId)).toEqual(before);

    const cycle = await gqlData<{ subscriptionBillingCycle: { cycleIndex: number; edited: boolean; status: string } }>(emulator, CYCLE, {
      input: { contractId: gid('SubscriptionContract', contract.id), selector: { index: 1 } },
    });
    expect(cycle.subscriptionBillingCycle).toMatchObject({ cycleIndex: 1, edited: true, status: 'UNBILLED' });

    expect(await billNext(contract, 'cycle-1')).toEqual([
      [DEMO_VARIANTS.ethiopia250g, 1],
      [DEMO_VARIANTS.mugSand, 2],
    ]);
    expect(await billNext(contract, 'cycle-2')).toEqual([[DEMO_VARIANTS.ethiopia250g, 1]]);
  });

  it('when the cycle was already billed, then the edit is refused', async () => {
    const contract = newContract();
    await billNext(contract, 'billed-1');
    const answer = await edit(contract, { index: 1 });
    expect(answer.subscriptionBillingCycleContractEdit.draft).toBeNull();
    expect(answer.subscriptionBillingCycleContractEdit.userErrors[0]).toMatchObject({ code: 'INVALID' });
    expect((await edit(contract, { index: 2 })).subscriptionBillingCycleContractEdit.draft?.billingCycle.cycleIndex).toBe(2);
  });

  it('when the cycle is billed between the edit and its commit, then the commit is refused', async () => {
    const contract = newContract();
    const draft = (await edit(contract, { index: 1 })).subscriptionBillingCycleContractEdit.draft!;
    await addMug(draft.id);
    await billNext(contract, 'raced-1');
    const committed = await gqlData<CommitAnswer>(emulator, CYCLE_COMMIT, { draftId: draft.id });
    expect(committed.subscriptionBillingCycleContractDraftCommit.contract).toBeNull();
    expect(committed.subscriptionBillingCycleContractDraftCommit.userErrors[0]).toMatchObject({ code: 'INVALID' });
  });

  it('when the contract is unknown or the selector names nothing, then userErrors say so', async () => {
    const unknown = await gqlData<EditAnswer>(emulator, EDIT, {
      input: { contractId: gid('SubscriptionContract', 1), selector: { index: 1 } },
    });
    expect(unknown.subscriptionBillingCycleContractEdit.userErrors).toEqual([
      { code: 'INVALID', field: ['billingCycleInput', 'contractId'], message: 'Contract does not exist' },
    ]);
    const contract = newContract();
    const both = await edit(contract, { index: 1, date: contract.nextBillingDate });
    expect(both.subscriptionBillingCycleContractEdit.userErrors[0]!.code).toBe('CYCLE_SELECTOR_VALIDATE_ONE_OF');
    const zero = await edit(contract, { index: 0 });
    expect(zero.subscriptionBillingCycleContractEdit.userErrors[0]!.code).toBe('CYCLE_INDEX_OUT_OF_RANGE');
  });

  it('when a cycle draft goes to subscriptionDraftCommit, then BILLING_CYCLE_PRESENT; the reverse, BILLING_CYCLE_ABSENT', async () => {
    const contract = newContract();
    const draft = (await edit(contract, { index: 1 })).subscriptionBillingCycleContractEdit.draft!;
    const wrong = await gqlData<{ subscriptionDraftCommit: { userErrors: UserError[] } }>(emulator, DRAFT_COMMIT, { draftId: draft.id });
    expect(wrong.subscriptionDraftCommit.userErrors[0]!.code).toBe('BILLING_CYCLE_PRESENT');
    const plain = await gqlData<{ subscriptionContractUpdate: { draft: { id: string } } }>(
      emulator,
      'mutation U($id: ID!) { subscriptionContractUpdate(contractId: $id) { draft { id } userErrors { message } } }',
      { id: gid('SubscriptionContract', contract.id) },
    );
    const reverse = await gqlData<CommitAnswer>(emulator, CYCLE_COMMIT, { draftId: plain.subscriptionContractUpdate.draft.id });
    expect(reverse.subscriptionBillingCycleContractDraftCommit.userErrors[0]!.code).toBe('BILLING_CYCLE_ABSENT');
  });
});
