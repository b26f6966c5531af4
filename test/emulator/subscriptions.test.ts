// Subscription contracts and renewal billing: idempotent billing attempts with scripted outcomes and their webhooks,
// contracts created by checkout or by the app, and the draft update flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTRACTS, DEMO_CUSTOMERS, DEMO_SELLING_PLANS, DEMO_VARIANTS } from './seed/demo-store.js';
import { type RunningEmulator, startEmulator } from './server.js';
import { gid } from './store/ids.js';
import { gqlData, startWebhookReceiver, type WebhookReceiver } from './testing.js';

let emulator: RunningEmulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startEmulator({
    apiKey: 'subs-key',
    apiSecret: 'subs-secret',
    appUrl: receiver.url,
    billingAttemptDelayMs: 20,
    webhookRetryDelaysMs: [],
    webhookTopics: 'all',
  });
});
afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

const CREATE_ATTEMPT = `mutation Bill($contractId: ID!, $input: SubscriptionBillingAttemptInput!) {
  subscriptionBillingAttemptCreate(subscriptionContractId: $contractId, subscriptionBillingAttemptInput: $input) {
    subscriptionBillingAttempt { id ready idempotencyKey state { __typename } }
    userErrors { field message code }
  }
}`;

const ATTEMPT = `query Attempt($id: ID!) {
  subscriptionBillingAttempt(id: $id) {
    id ready errorCode
    state {
      __typename
      ... on SubscriptionBillingAttemptSuccessState { order { id name displayFinancialStatus totalPriceSet { shopMoney { amount } } } }
      ... on SubscriptionBillingAttemptFailedState { error { __typename ... on SubscriptionBillingAttemptPaymentError { code } } }
      ... on SubscriptionBillingAttemptActionRequiredState {
        action { ... on SubscriptionBillingAttemptPaymentChallenge { nextActionUrl } }
      }
    }
    subscriptionContract { id lastPaymentStatus nextBillingDate orders(first: 10) { nodes { id } } }
  }
}`;

interface AttemptPayload {
  subscriptionBillingAttemptCreate: {
    subscriptionBillingAttempt: { id: string; ready: boolean; idempotencyKey: string; state: { __typename: string } } | null;
    userErrors: { field: string[]; message: string; code: string }[];
  };
}

function bill(contractId: number, idempotencyKey: string): Promise<AttemptPayload> {
  return gqlData<AttemptPayload>(emulator, CREATE_ATTEMPT, {
    contractId: gid('SubscriptionContract', contractId),
    input: { idempotencyKey, originTime: new Date().toISOString() },
  });
}

describe('billing attempts', () => {
  it('when the same idempotency key is sent twice, returns the same attempt and charges once', async () => {
    emulator.store.scriptBillingOutcome(DEMO_CONTRACTS.farahMonthlySencha, [
      { kind: 'failure', errorCode: 'INSUFFICIENT_FUNDS' },
      { kind: 'success' },
    ]);
    const ordersBefore = emulator.store.orders.size;
    const first = await bill(DEMO_CONTRACTS.farahMonthlySencha, 'farah:cycle-2');
    expect(first.subscriptionBillingAttemptCreate.userErrors).toEqual([]);
    expect(first.subscriptionBillingAttemptCreate.subscriptionBillingAttempt).toMatchObject({
      ready: false,
      idempotencyKey: 'farah:cycle-2',
      state: { __typename: 'SubscriptionBillingAttemptPendingState' },
    });
    const again = await bill(DEMO_CONTRACTS.farahMonthlySencha, 'farah:cycle-2');
    expect(again.subscriptionBillingAttemptCreate.subscriptionBillingAttempt?.id).toBe(
      first.subscriptionBillingAttemptCreate.subscriptionBillingAttempt?.id,
    );

    const [failure] = await receiver.waitFor(1, 'subscription_billing_attempts/failure');
    expect(JSON.parse(failure!.rawBody)).toMatchObject({
      admin_graphql_api_subscription_contract_id: gid('SubscriptionContract', DEMO_CONTRACTS.farahMonthlySencha),
      idempotency_key: 'farah:cycle-2',
      error_code: 'insufficient_funds',
      order_id: null,
      ready: true,
    });
    const third = await bill(DEMO_CONTRACTS.farahMonthlySencha, 'farah:cycle-2');
    expect(third.subscriptionBillingAttemptCreate.subscriptionBillingAttempt?.id).toBe(
      first.subscriptionBillingAttemptCreate.subscriptionBillingAttempt?.id,
    );
    expect(emulator.store.orders.size).toBe(ordersBefore);
    expect(receiver.received.filter((r) => r.topic.startsWith('subscription_billing_attempts/'))).toHaveLength(1);

    const read = await gqlData<{
      subscriptionBillingAttempt: {
        errorCode: string;
        state: { __typename: string; error: { __typename: string; code: string } };
        subscriptionContract: { lastPaymentStatus: string };
      };
    }>(emulator, ATTEMPT, {
      id: first.subscriptionBillingAttemptCreate.subscriptionBillingAttempt!.id,
    });
    expect(read.subscriptionBillingAttempt).toMatchObject({
      errorCode: 'INSUFFICIENT_FUNDS',
      state: {
        __typename: 'SubscriptionBillingAttemptFailedState',
        error: { __typename: 'SubscriptionBillingAttemptPaymentError', code: 'INSUFFICIENT_FUNDS' },
      },
      subscriptionContract: { lastPaymentStatus: 'FAILED' },
    });
  });

  it('when a retry with a new key succeeds, creates a paid order on the contract and sends the success webhook', async () => {
    const contractBefore = emulator.store.contract(DEMO_CONTRACTS.farahMonthlySencha)!;
    const nextBillingBefore = contractBefore.nextBillingDate;
    const created = await bill(DEMO_CONTRACTS.farahMonthlySencha, 'farah:cycle-2:retry-1');
    const [success] = await receiver.waitFor(1, 'subscription_billing_attempts/success');
    const payload = JSON.parse(success!.rawBody) as { order_id: number; idempotency_key: string };
    expect(payload.idempotency_key).toBe('farah:cycle-2:retry-1');
    const read = await gqlData<{
      subscriptionBillingAttempt: {
        ready: boolean;
        state: { order: { id: string; displayFinancialStatus: string; totalPriceSet: { shopMoney: { amount: string } } } };
        subscriptionContract: { lastPaymentStatus: string; nextBillingDate: string; orders: { nodes: { id: string }[] } };
      };
    }>(emulator, ATTEMPT, {
      id: created.subscriptionBillingAttemptCreate.subscriptionBillingAttempt!.id,
    });
    expect(read.subscriptionBillingAttempt.ready).toBe(true);
    // 2 x Sencha at the subscription price of 10.80, free delivery.
    expect(read.subscriptionBillingAttempt.state.order).toMatchObject({
      id: gid('Order', payload.order_id),
      displayFinancialStatus: 'PAID',
      totalPriceSet: { shopMoney: { amount: '21.60' } },
    });
    expect(read.subscriptionBillingAttempt.subscriptionContract.lastPaymentStatus).toBe('SUCCEEDED');
    expect(read.subscriptionBillingAttempt.subscriptionContract.orders.nodes.map((o) => o.id)).toContain(gid('Order', payload.order_id));
    expect(Date.parse(read.subscriptionBillingAttempt.subscriptionContract.nextBillingDate)).toBeGreaterThan(Date.parse(nextBillingBefore));
    const orderWebhooks = await receiver.waitFor(1, 'orders/create');
    expect(orderWebhooks.some((r) => JSON.parse(r.rawBody).id === payload.order_id)).toBe(true);
  });

  it('when the charge needs the buyer, the attempt requires action and the challenged webhook is sent', async () => {
    emulator.store.scriptBillingOutcome(DEMO_CONTRACTS.aliceEspressoEveryTwoMonths, { kind: 'challenged' });
    const created = await bill(DEMO_CONTRACTS.aliceEspressoEveryTwoMonths, 'alice:cycle-2');
    await receiver.waitFor(1, 'subscription_billing_attempts/challenged');
    const read = await gqlData<{ subscriptionBillingAttempt: { state: { __typename: string; action: { nextActionUrl: string } } } }>(
      emulator,
      ATTEMPT,
      { id: created.subscriptionBillingAttemptCreate.subscriptionBillingAttempt!.id },
    );
    expect(read.subscriptionBillingAttempt.state.__typename).toBe('SubscriptionBillingAttemptActionRequiredState');
    expect(read.subscriptionBillingAttempt.state.action.nextActionUrl).toMatch(/^https:\/\//);
  });

  it('when the contract is paused, refuses to bill it', async () => {
    const result = await bill(DEMO_CONTRACTS.hanaPaused, 'hana:cycle-6');
    expect(result.subscriptionBillingAttemptCreate).toEqual({
      subscriptionBillingAttempt: null,
      userErrors: [{ field: ['subscriptionContractId'], message: 'Subscription contract is paused.', code: 'CONTRACT_PAUSED' }],
    });
  });
});

describe('contracts', () => {
  it('when a buyer checks out a selling-plan line, the contract and its create webhook appear', async () => {
    const { order, contract } = emulator.store.createSubscriptionContractFromCheckout({
      customerId: DEMO_CUSTOMERS.vipWithCard,
      variantId: DEMO_VARIANTS.ethiopia250g,
      sellingPlanId: DEMO_SELLING_PLANS.monthly,
      quantity: 2,
    });
    const deliveries = await receiver.waitFor(1, 'subscription_contracts/create');
    expect(deliveries.map((d) => JSON.parse(d.rawBody))).toContainEqual(
      expect.objectContaining({
        id: contract.id,
        origin_order_id: order.id,
        customer_id: DEMO_CUSTOMERS.vipWithCard,
        status: 'active',
        billing_policy: { interval: 'month', interval_count: 1, min_cycles: null, max_cycles: null },
      }),
    );
    const read = await gqlData<{
      subscriptionContract: {
        status: string;
        originOrder: { id: string };
        lines: { nodes: { quantity: number; currentPrice: { amount: string }; sellingPlanId: string }[] };
        customerPaymentMethod: { instrument: { lastDigits: string } };
      };
    }>(
      emulator,
      `query C($id: ID!) { subscriptionContract(id: $id) {
        status originOrder { id } lines(first: 5) { nodes { quantity currentPrice { amount } sellingPlanId } }
        customerPaymentMethod { instrument { ... on CustomerCreditCard { lastDigits } } }
      } }`,
      { id: gid('SubscriptionContract', contract.id) },
    );
    expect(read.subscriptionContract).toEqual({
      status: 'ACTIVE',
      originOrder: { id: gid('Order', order.id) },
      lines: { nodes: [{ quantity: 2, currentPrice: { amount: '14.40' }, sellingPlanId: gid('SellingPlan', DEMO_SELLING_PLANS.monthly) }] },
      customerPaymentMethod: { instrument: { lastDigits: '4242' } },
    });
  });

  const ATOMIC = `mutation Create($input: SubscriptionContractAtomicCreateInput!) {
    subscriptionContractAtomicCreate(input: $input) {
      contract { id status lines(first: 5) { nodes { title } } } userErrors { field message code }
    }
  }`;

  function atomicInput(paymentMethodId: string) {
    return {
      customerId: gid('Customer', DEMO_CUSTOMERS.vipWithCard),
      nextBillingDate: '2026-12-23T12:00:00Z',
      currencyCode: 'USD',
      contract: {
        status: 'ACTIVE',
        paymentMethodId,
        billingPolicy: { interval: 'MONTH', intervalCount: 1 },
        deliveryPolicy: { interval: 'MONTH', intervalCount: 1 },
        deliveryPrice: '0.00',
        deliveryMethod: {
          shipping: { address: { address1: '1201 SE Morrison St', city: 'Portland', provinceCode: 'OR', zip: '97214', countryCode: 'US' } },
        },
      },
      lines: [
        {
          line: {
            productVariantId: gid('ProductVariant', DEMO_VARIANTS.paperFilters),
            quantity: 2,
            currentPrice: '5.85',
            sellingPlanId: gid('SellingPlan', DEMO_SELLING_PLANS.monthly),
          },
        },
      ],
    };
  }

  it('when the app creates a contract with another customer’s card, answers CUSTOMER_MISMATCH', async () => {
    const result = await gqlData<{
      subscriptionContractAtomicCreate: { contract: unknown; userErrors: { code: string; field: string[] }[] };
    }>(emulator, ATOMIC, { input: atomicInput(gid('CustomerPaymentMethod', 'b2d4f6a8c0e1f3b5d7f9a1c3e5f70911')) });
    expect(result.subscriptionContractAtomicCreate.contract).toBeNull();
    expect(result.subscriptionContractAtomicCreate.userErrors).toEqual([
      { code: 'CUSTOMER_MISMATCH', field: ['input', 'contract', 'paymentMethodId'], message: expect.any(String) },
    ]);
  });

  it('when the app creates a valid contract atomically, it is active and announced', async () => {
    const result = await gqlData<{
      subscriptionContractAtomicCreate: {
        contract: { id: string; status: string; lines: { nodes: { title: string }[] } };
        userErrors: unknown[];
      };
    }>(emulator, ATOMIC, { input: atomicInput(gid('CustomerPaymentMethod', 'a1c3e5f7091b2d4f6a8c0e1f3b5d7f90')) });
    expect(result.subscriptionContractAtomicCreate.userErrors).toEqual([]);
    expect(result.subscriptionContractAtomicCreate.contract).toMatchObject({
      status: 'ACTIVE',
      lines: { nodes: [{ title: 'Paper Filters #2 (100 pack)' }] },
    });
  });

  it('when a contract is changed through a draft, the commit updates it and sends subscription_contracts/update', async () => {
    const contractId = gid('SubscriptionContract', DEMO_CONTRACTS.aliceEspressoEveryTwoMonths);
    const draft = await gqlData<{ subscriptionContractUpdate: { draft: { id: string } } }>(
      emulator,
      'mutation U($id: ID!) { subscriptionContractUpdate(contractId: $id) { draft { id } userErrors { message } } }',
      { id: contractId },
    );
    const draftId = draft.subscriptionContractUpdate.draft.id;
    const updated = await gqlData<{ subscriptionDraftUpdate: { draft: { deliveryPrice: { amount: string } }; userErrors: unknown[] } }>(
      emulator,
      `mutation D($id: ID!, $input: SubscriptionDraftInput!) {
        subscriptionDraftUpdate(draftId: $id, input: $input) { draft { deliveryPrice { amount } } userErrors { field message code } }
      }`,
      { id: draftId, input: { deliveryPrice: '4.50', note: 'Leave at the door' } },
    );
    expect(updated.subscriptionDraftUpdate).toEqual({ draft: { deliveryPrice: { amount: '4.50' } }, userErrors: [] });
    const lineAdded = await gqlData<{
      subscriptionDraftLineAdd: { lineAdded: { title: string; quantity: number }; userErrors: unknown[] };
    }>(
      emulator,
      `mutation L($id: ID!, $input: SubscriptionLineInput!) {
        subscriptionDraftLineAdd(draftId: $id, input: $input) { lineAdded { title quantity } userErrors { field message code } }
      }`,
      { id: draftId, input: { productVariantId: gid('ProductVariant', DEMO_VARIANTS.biscotti), quantity: 1, currentPrice: '7.20' } },
    );
    expect(lineAdded.subscriptionDraftLineAdd).toEqual({ lineAdded: { title: 'Almond Biscotti (8-pack)', quantity: 1 }, userErrors: [] });
    const committed = await gqlData<{
      subscriptionDraftCommit: {
        contract: { note: string; revisionId: string; lines: { nodes: { title: string }[] } };
        userErrors: unknown[];
      };
    }>(
      emulator,
      `mutation C($id: ID!) {
        subscriptionDraftCommit(draftId: $id) { contract { note revisionId lines(first: 5) { nodes { title } } } userErrors { message } }
      }`,
      { id: draftId },
    );
    expect(committed.subscriptionDraftCommit.contract).toEqual({
      note: 'Leave at the door',
      revisionId: '2',
      lines: { nodes: [{ title: 'House Espresso Blend' }, { title: 'Almond Biscotti (8-pack)' }] },
    });
    const updates = await receiver.waitFor(1, 'subscription_contracts/update');
    expect(updates.some((u) => JSON.parse(u.rawBody).id === DEMO_CONTRACTS.aliceEspressoEveryTwoMonths)).toBe(true);
    const recommit = await gqlData<{ subscriptionDraftCommit: { userErrors: { code: string }[] } }>(
      emulator,
      'mutation C($id: ID!) { subscriptionDraftCommit(draftId: $id) { userErrors { code } } }',
      { id: draftId },
    );
    expect(recommit.subscriptionDraftCommit.userErrors).toEqual([{ code: 'COMMITTED' }]);
  });

  it('when a draft line moves to another plan, it is re-priced; a bad price, plan or pricing policy changes nothing', async () => {
    const contractId = gid('SubscriptionContract', DEMO_CONTRACTS.farahMonthlySencha);
    const contract = emulator.store.contracts.get(DEMO_CONTRACTS.farahMonthlySencha)!;
    const lineId = gid('SubscriptionLine', contract.lines[0]!.id);
    const before = { ...contract.lines[0]! };
    const draft = await gqlData<{ subscriptionContractUpdate: { draft: { id: string } } }>(
      emulator,
      'mutation U($id: ID!) { subscriptionContractUpdate(contractId: $id) { draft { id } userErrors { message } } }',
      { id: contractId },
    );
    const draftId = draft.subscriptionContractUpdate.draft.id;
    const update = (input: Record<string, unknown>) =>
      gqlData<{
        subscriptionDraftLineUpdate: {
          lineUpdated: { sellingPlanId: string; sellingPlanName: string; currentPrice: { amount: string } } | null;
          userErrors: { field: string[]; code: string }[];
        };
      }>(
        emulator,
        `mutation L($id: ID!, $line: ID!, $input: SubscriptionLineUpdateInput!) {
          subscriptionDraftLineUpdate(draftId: $id, lineId: $line, input: $input) {
            lineUpdated { sellingPlanId sellingPlanName currentPrice { amount } }
            userErrors { field code }
          }
        }`,
        { id: draftId, line: lineId, input },
      );
    const plan = gid('SellingPlan', DEMO_SELLING_PLANS.monthly);
    const policy = (adjustmentValue: Record<string, unknown>, extra: Record<string, unknown>[] = []) => ({
      basePrice: '12.00',
      cycleDiscounts: [{ adjustmentType: 'PERCENTAGE', adjustmentValue, afterCycle: 0, computedPrice: '10.20' }, ...extra],
    });
    const refused = [
      [{ currentPrice: '-1.00', sellingPlanId: plan }, 'GREATER_THAN_OR_EQUAL_TO'],
      [{ sellingPlanId: gid('SellingPlan', 999_999) }, 'INVALID'],
      [{ pricingPolicy: policy({ percentage: 15, fixedValue: '1.00' }) }, 'INVALID_ADJUSTMENT_VALUE'],
      [{ pricingPolicy: policy({ fixedValue: '1.00' }) }, 'INVALID_ADJUSTMENT_TYPE'],
      [
        {
          pricingPolicy: policy({ percentage: 15 }, [
            { adjustmentType: 'PERCENTAGE', adjustmentValue: { percentage: 5 }, afterCycle: 0, computedPrice: '1' },
          ]),
        },
        'CYCLE_DISCOUNTS_UNIQUE_AFTER_CYCLE',
      ],
    ] as const;
    for (const [input, code] of refused) {
      const answer = await update(input);
      expect(answer.subscriptionDraftLineUpdate.lineUpdated).toBeNull();
      expect(answer.subscriptionDraftLineUpdate.userErrors.map((e) => e.code)).toContain(code);
    }
    expect(emulator.store.drafts.get(Number(draftId.split('/').pop()))?.lines[0]).toMatchObject({
      currentPrice: before.currentPrice,
      sellingPlanId: before.sellingPlanId,
    });
    const accepted = await update({
      sellingPlanId: plan,
      sellingPlanName: 'Every month, save 15%',
      currentPrice: '10.20',
      pricingPolicy: policy({ percentage: 15 }),
    });
    expect(accepted.subscriptionDraftLineUpdate).toEqual({
      lineUpdated: { sellingPlanId: plan, sellingPlanName: 'Every month, save 15%', currentPrice: { amount: '10.20' } },
      userErrors: [],
    });
  });

  it('pauses, reactivates and cancels a contract, and a cancelled contract stays cancelled', async () => {
    const id = gid('SubscriptionContract', DEMO_CONTRACTS.aliceEspressoEveryTwoMonths);
    const change = (mutation: string) =>
      gqlData<Record<string, { contract: { status: string } | null; userErrors: { code: string }[] }>>(
        emulator,
        `mutation M($id: ID!) { ${mutation}(subscriptionContractId: $id) { contract { status } userErrors { code } } }`,
        { id },
      );
    expect((await change('subscriptionContractPause')).subscriptionContractPause!.contract?.status).toBe('PAUSED');
    expect((await change('subscriptionContractActivate')).subscriptionContractActivate!.contract?.status).toBe('ACTIVE');
    expect((await change('subscriptionContractCancel')).subscriptionContractCancel!.contract?.status).toBe('CANCELLED');
    expect((await change('subscriptionContractActivate')).subscriptionContractActivate!.userErrors).toEqual([
      { code: 'CONTRACT_TERMINATED' },
    ]);
  });
});
