/**
 * The one Messages API client of the Claude parts (the query tool loop, the
 * designer): @anthropic-ai/sdk loaded with the first call, its retries
 * (408/409/429/5xx/529 with backoff, honouring retry-after) and timeout set
 * once, SDK errors turned into one coded line, and the tokens of every call
 * added to a ClaudeUsage.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { costUsd } from './pricing.ts';
import type { ClaudeUsage } from './types.ts';

export interface MessagesClientOptions {
  apiKey: string;
  /** Messages API base URL (ANTHROPIC_BASE_URL; tests point it at a loopback fake). */
  baseURL?: string;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx/529 with exponential backoff (default 3). */
  maxRetries?: number;
}

export interface MessagesClient {
  /** One Messages API call (after the SDK's retries); failures are DatalabsErrors (AI_UNAVAILABLE, CONFIG_INVALID, QUERY_CANCELLED, INTERNAL). */
  create(body: Anthropic.MessageCreateParamsNonStreaming, opts?: { signal?: AbortSignal }): Promise<Anthropic.Message>;
  /** The configured SDK client and its class (for calls `create` does not cover, e.g. `messages.stream`; map failures with `apiError(err, sdk)`). */
  connect(): Promise<{ sdk: typeof Anthropic; client: Anthropic }>;
}

export function createMessagesClient(opts: MessagesClientOptions): MessagesClient {
  // The SDK loads with the first call (half a second of start-up), not with every command that wires Claude in.
  let client: Promise<{ sdk: typeof Anthropic; client: Anthropic }> | undefined;
  const connect = () =>
    (client ??= import('@anthropic-ai/sdk').then(({ default: Sdk }) => ({
      sdk: Sdk,
      client: new Sdk({ apiKey: opts.apiKey, baseURL: opts.baseURL ?? null, timeout: opts.timeoutMs ?? 60_000, maxRetries: opts.maxRetries ?? 3 }),
    })));
  return {
    connect,
    async create(body, callOpts = {}) {
      const { sdk, client: api } = await connect();
      try {
        return await api.messages.create(body, { signal: callOpts.signal });
      } catch (err) {
        throw apiError(err, sdk);
      }
    },
  };
}

/** A usage with nothing spent yet. */
export function emptyUsage(model: string): ClaudeUsage {
  return { model, calls: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0 };
}

/** Adds one call's tokens (the API's `usage` block) to `usage` and re-estimates its cost. */
export function addUsage(usage: ClaudeUsage, res: { usage?: Partial<Anthropic.Usage> | null }): void {
  usage.calls++;
  usage.inputTokens += res.usage?.input_tokens ?? 0;
  usage.outputTokens += res.usage?.output_tokens ?? 0;
  usage.cacheCreationTokens += res.usage?.cache_creation_input_tokens ?? 0;
  usage.cacheReadTokens += res.usage?.cache_read_input_tokens ?? 0;
  usage.costUsd = costUsd(usage);
}

/** SDK errors after its retries → one coded line; nothing of the API's text reaches users. */
export function apiError(err: unknown, Sdk: typeof import('@anthropic-ai/sdk').default): Error {
  if (err instanceof DatalabsError) return err;
  if (err instanceof Sdk.APIUserAbortError) return new DatalabsError('QUERY_CANCELLED', 'the question was cancelled', { cause: err });
  if (err instanceof Sdk.AuthenticationError || err instanceof Sdk.PermissionDeniedError) {
    return new DatalabsError('CONFIG_INVALID', 'ANTHROPIC_API_KEY was refused by the Claude API: check the key', { cause: err });
  }
  if (err instanceof Sdk.APIConnectionTimeoutError) return new DatalabsError('AI_UNAVAILABLE', 'Claude did not answer in time; try again in a few minutes', { cause: err });
  if (err instanceof Sdk.APIConnectionError) return new DatalabsError('AI_UNAVAILABLE', 'Claude is unreachable right now; try again in a few minutes', { cause: err });
  if (err instanceof Sdk.RateLimitError) return new DatalabsError('AI_UNAVAILABLE', 'Claude is rate-limited right now; try again in a minute', { cause: err });
  if (err instanceof Sdk.APIError && (err.status === undefined || err.status >= 500)) {
    return new DatalabsError('AI_UNAVAILABLE', err.status === 529 ? 'Claude is overloaded right now; try again in a few minutes' : 'Claude is unavailable right now; try again in a few minutes', { cause: err });
  }
  return new DatalabsError('INTERNAL', 'the Claude API rejected the request', { cause: err });
}
