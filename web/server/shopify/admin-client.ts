// The only way Encore calls the Admin API: typed operations through @shopify/shopify-api's GraphQL client, with
// Shopify's rate limits respected. A THROTTLED answer waits exactly as long as the bucket needs
// ((requested - available) / restoreRate) and retries; 5xx and network errors retry with backoff.
import { GraphqlQueryError, HttpRequestError, HttpResponseError, type Session } from '@shopify/shopify-api';
import type { Logger } from '../logger.js';
import { ShopifyAuthError, ShopifyGraphqlError, ShopifyUnavailableError, ShopifyUserErrors } from './errors.js';
import type { GraphqlOperation, UserError } from './graphql/operation.js';
import type { ShopifyApi } from './shopify-api.js';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface AdminClientOptions {
  maxThrottleRetries?: number;
  maxServerErrorRetries?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface AdminClient {
  readonly shop: string;
  request<TData, TVariables>(operation: GraphqlOperation<TData, TVariables>, variables: TVariables): Promise<TData>;
  /** The bucket as of the last response, for callers that pace bulk work. */
  lastCost(): QueryCost | undefined;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface GraphqlErrorBody {
  errors?: { graphQLErrors?: { message: string; extensions?: { code?: string } }[] };
  extensions?: { cost?: QueryCost };
}

export function throttleWaitMs(cost: QueryCost | undefined): number {
  if (!cost) return 1000;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  const missing = Math.max(0, cost.requestedQueryCost - currentlyAvailable);
  return Math.max(50, Math.ceil((missing / Math.max(restoreRate, 1)) * 1000));
}

export function createAdminClient(shopify: ShopifyApi, session: Session, logger: Logger, options: AdminClientOptions = {}): AdminClient {
  const client = new shopify.clients.Graphql({ session });
  const sleep = options.sleep ?? sleepFor;
  const maxThrottleRetries = options.maxThrottleRetries ?? 6;
  const maxServerErrorRetries = options.maxServerErrorRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 20_000;
  let last: QueryCost | undefined;
  const log = logger.child({ shop: session.shop });

  return {
    shop: session.shop,
    lastCost: () => last,
    async request(operation, variables) {
      let throttled = 0;
      let failed = 0;
      for (;;) {
        try {
          const response = await client.request(operation.document, {
            variables: variables as Record<string, unknown>,
            signal: AbortSignal.timeout(timeoutMs),
          });
          last = (response.extensions as { cost?: QueryCost } | undefined)?.cost ?? last;
          return response.data as typeof operation extends GraphqlOperation<infer D, unknown> ? D : never;
        } catch (error) {
          if (error instanceof GraphqlQueryError) {
            const body = error.body as GraphqlErrorBody | undefined;
            const errors = body?.errors?.graphQLErrors ?? [{ message: error.message }];
            last = body?.extensions?.cost ?? last;
            if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
              const waitMs = throttleWaitMs(last);
              if (throttled++ >= maxThrottleRetries) {
                throw new ShopifyUnavailableError(operation.name, 'still throttled after retries', waitMs);
              }
              log.info({ operation: operation.name, waitMs, attempt: throttled }, 'throttled by Shopify; waiting for the bucket');
              await sleep(waitMs);
              continue;
            }
            throw new ShopifyGraphqlError(
              operation.name,
              errors.map((e) => ({ message: e.message, ...(e.extensions?.code ? { code: e.extensions.code } : {}) })),
            );
          }
          const status = error instanceof HttpResponseError ? error.response.code : undefined;
          if (status === 401 || status === 403) throw new ShopifyAuthError(session.shop, status);
          const transient =
            error instanceof HttpRequestError ||
            (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) ||
            (status !== undefined && (status >= 500 || status === 429));
          if (!transient) throw error;
          const waitMs = Math.min(8000, 250 * 2 ** failed);
          if (failed++ >= maxServerErrorRetries) {
            throw new ShopifyUnavailableError(operation.name, `Shopify unavailable (${status ?? 'network error'})`, waitMs);
          }
          log.warn({ operation: operation.name, status, waitMs, attempt: failed }, 'Shopify request failed; retrying');
          await sleep(waitMs);
        }
      }
    },
  };
}

/** Throws ShopifyUserErrors when a mutation payload carries userErrors; returns the payload otherwise. */
export function assertNoUserErrors<T extends { userErrors: UserError[] }>(operation: string, payload: T | null | undefined): T {
  if (!payload) throw new ShopifyGraphqlError(operation, [{ message: 'empty payload' }]);
  if (payload.userErrors.length) throw new ShopifyUserErrors(operation, payload.userErrors);
  return payload;
}
