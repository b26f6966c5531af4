// Billing cycles of a contract and edits of one cycle (subscriptionBillingCycleContractEdit → draft line changes →
// subscriptionBillingCycleContractDraftCommit). Shopify's 2026-07 descriptions: a cycle edit "Edit[s] the contents of
// a subscription contract for the specified billing cycle"; the committed object is a
// `SubscriptionBillingCycleEditedContract` ("Represents a subscription contract with billing cycles"), and
// `SubscriptionBillingCycle.edited` / `editedContract` ("The active edited contract for the billing cycle") say
// which cycle carries it. So an edit changes what THAT cycle bills and ships; the contract's own lines (and every
// other cycle) stay as they are.
//
// Cycle numbering (a model, see README "Guesses"): the cycle the contract's nextBillingDate names is
// 1 + the cycles already billed by attempts that billed "the next cycle"; later cycles follow one billing interval
// apart. A cycle's billingAttemptExpectedDate is its start; it ends where the next one starts.
import { numericIdOf } from './ids.js';
import type { BillingAttemptRecord, ContractLineRecord, ContractRecord, CycleEditRecord, DraftRecord } from './records.js';
import type { ShopStore } from './shop-store.js';
import { addInterval } from './subscriptions.js';

const DAY_MS = 86_400_000;

export interface CycleView {
  contract: ContractRecord;
  cycleIndex: number;
  expectedDate: string;
  endAt: string;
  status: 'BILLED' | 'UNBILLED';
  edit: CycleEditRecord | null;
}

export type CycleLookup = { ok: true; cycle: CycleView } | { ok: false; code: string; field: string[]; message: string };

const editKey = (contractId: number, index: number) => `${contractId}:${index}`;

/** Cycles this contract has billed (successful attempts that billed a cycle). */
function billedCount(store: ShopStore, contractId: number): number {
  let count = 0;
  for (const attempt of store.billingAttempts.values())
    if (attempt.contractId === contractId && attempt.state === 'success' && attempt.billedCycleIndex) count++;
  return count;
}

/** The index of the cycle the contract's nextBillingDate names. */
export function nextCycleIndex(store: ShopStore, contract: ContractRecord): number {
  return billedCount(store, contract.id) + 1;
}

function dateOf(contract: ContractRecord, next: number, index: number): string {
  const { interval, intervalCount } = contract.billingPolicy;
  let at = contract.nextBillingDate;
  if (index >= next) {
    for (let i = next; i < index; i++) at = addInterval(at, interval, intervalCount);
    return at;
  }
  // Past cycles: step back one interval at a time (negative counts).
  for (let i = next; i > index; i--) at = addInterval(at, interval, -intervalCount);
  return at;
}

function view(store: ShopStore, contract: ContractRecord, index: number): CycleView {
  const next = nextCycleIndex(store, contract);
  return {
    contract,
    cycleIndex: index,
    expectedDate: dateOf(contract, next, index),
    endAt: dateOf(contract, next, index + 1),
    status: index < next ? 'BILLED' : 'UNBILLED',
    edit: store.cycleEdits.get(editKey(contract.id, index)) ?? null,
  };
}

/** A SubscriptionBillingCycleInput ({contractId, selector: {index | date}}) resolved to one cycle, or why not. */
export function findCycle(store: ShopStore, contractGid: string | null, selector: { index?: unknown; date?: unknown } | null): CycleLookup {
  const id = numericIdOf(contractGid ?? '', 'SubscriptionContract');
  const contract = id === null ? undefined : store.contracts.get(id);
  if (!contract) return { ok: false, code: 'INVALID', field: ['billingCycleInput', 'contractId'], message: 'Contract does not exist' };
  const hasIndex = selector?.index !== undefined && selector?.index !== null;
  const hasDate = selector?.date !== undefined && selector?.date !== null;
  if (hasIndex === hasDate) {
    return {
      ok: false,
      code: 'CYCLE_SELECTOR_VALIDATE_ONE_OF',
      field: ['billingCycleInput', 'selector'],
      message: 'Billing cycle selector requires exactly one of index or date to be provided',
    };
  }
  if (hasIndex) {
    const index = Number(selector?.index);
    if (!Number.isInteger(index) || index < 1)
      return {
        ok: false,
        code: 'CYCLE_INDEX_OUT_OF_RANGE',
        field: ['billingCycleInput', 'selector', 'index'],
        message: 'Billing cycle selector cannot select billing cycle outside of index range',
      };
    return { ok: true, cycle: view(store, contract, index) };
  }
  const at = Date.parse(String(selector?.date));
  const next = nextCycleIndex(store, contract);
  // A date up to a day before the next cycle's date still names it (the shop's and UTC's "today" may differ).
  if (at >= Date.parse(contract.nextBillingDate) - DAY_MS) {
    let index = next;
    while (Date.parse(dateOf(contract, next, index + 1)) <= at) index++;
    return { ok: true, cycle: view(store, contract, index) };
  }
  let index = next - 1;
  while (index >= 1 && Date.parse(dateOf(contract, next, index)) > at) index--;
  if (index < 1 || Number.isNaN(at))
    return {
      ok: false,
      code: 'CYCLE_START_DATE_OUT_OF_RANGE',
      field: ['billingCycleInput', 'selector', 'date'],
      message: 'Billing cycle selector cannot select billing cycle outside of start date range',
    };
  return { ok: true, cycle: view(store, contract, index) };
}

const copyLines = (lines: ContractLineRecord[]) =>
  lines.map((l) => ({ ...l, customAttributes: l.customAttributes.map((a) => ({ ...a })) }));

/** A draft of one cycle: the cycle's edited contents if it was edited before, else the contract's. */
export function openCycleDraft(store: ShopStore, cycle: CycleView): DraftRecord {
  const { contract } = cycle;
  const draft: DraftRecord = {
    id: store.newId(),
    contractId: contract.id,
    billingCycleIndex: cycle.cycleIndex,
    customerId: contract.customerId,
    currencyCode: contract.currencyCode,
    committed: false,
    addedLineIds: [],
    removedLines: [],
    createdAt: store.nowIso(),
    status: contract.status,
    paymentMethodId: contract.paymentMethodId,
    nextBillingDate: cycle.expectedDate,
    billingPolicy: { ...contract.billingPolicy, anchors: [...contract.billingPolicy.anchors] },
    deliveryPolicy: { ...contract.deliveryPolicy, anchors: [...contract.deliveryPolicy.anchors] },
    deliveryPrice: contract.deliveryPrice,
    deliveryMethod: contract.deliveryMethod,
    note: contract.note,
    customAttributes: contract.customAttributes.map((a) => ({ ...a })),
    lines: copyLines(cycle.edit?.lines ?? contract.lines),
  };
  store.drafts.set(draft.id, draft);
  return draft;
}

/** Stores a cycle draft's lines as that cycle's contents. The caller checked the cycle is still unbilled. */
export function commitCycleDraft(store: ShopStore, draft: DraftRecord, cycleIndex: number): CycleEditRecord {
  draft.committed = true;
  const edit: CycleEditRecord = { contractId: draft.contractId!, cycleIndex, lines: copyLines(draft.lines), updatedAt: store.nowIso() };
  store.cycleEdits.set(editKey(edit.contractId, cycleIndex), edit);
  return edit;
}

/**
 * What a billing attempt bills: the cycle it selects (by index, by date, or the next one without a selector) and
 * that cycle's lines (its edit, if any, else the contract's).
 */
export function cycleBilledBy(
  store: ShopStore,
  contract: ContractRecord,
  attempt: BillingAttemptRecord,
): { index: number; lines: ContractLineRecord[] } {
  let index = nextCycleIndex(store, contract);
  if (attempt.billingCycleIndex !== null) index = attempt.billingCycleIndex;
  else if (attempt.cycleDate !== null) {
    const found = findCycle(store, `gid://shopify/SubscriptionContract/${contract.id}`, { date: attempt.cycleDate });
    if (found.ok) index = found.cycle.cycleIndex;
  }
  const edit = store.cycleEdits.get(editKey(contract.id, index));
  return { index, lines: edit ? edit.lines : contract.lines };
}
