import { type ResponseStamp } from './response-ids';
import {
  type ChatCompletionJson,
  type CompletionJson,
  type FinishReason,
  type ModelListJson,
  type UsageJson,
} from './wire.types';

/** Token counts of one request. */
export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens whose KV was reused rather than computed. */
  readonly cachedTokens: number;
  /** Sent as `usage.tsukimi`; the conductor fills it with KV-cache provenance. */
  readonly tsukimi?: Readonly<Record<string, unknown>>;
}

/** The one choice a request produced. */
export interface ChoiceOutput {
  readonly text: string;
  readonly finishReason: FinishReason;
  /** Sent as the choice's `token_ids` when set (the request asked for `return_token_ids`). */
  readonly tokenIds?: readonly number[];
}

/** Everything a non-streamed response is built from. */
export interface CompletedRequest {
  readonly stamp: ResponseStamp;
  readonly model: string;
  readonly output: ChoiceOutput;
  readonly usage: Usage;
}

/** A served model, as `GET /v1/models` lists it. */
export interface ModelCard {
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  readonly ownedBy: string;
}

export function buildUsage(usage: Usage): UsageJson {
  const { promptTokens, completionTokens, cachedTokens, tsukimi } = usage;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens },
    ...(tsukimi === undefined ? {} : { tsukimi: { ...tsukimi } }),
  };
}

/** The body of a non-streamed `POST /v1/completions` response. */
export function buildCompletion(r: CompletedRequest): CompletionJson {
  return {
    id: r.stamp.id,
    object: 'text_completion',
    created: r.stamp.created,
    model: r.model,
    choices: [{ index: 0, text: r.output.text, finish_reason: r.output.finishReason, logprobs: null, ...tokenIds(r.output.tokenIds) }],
    usage: buildUsage(r.usage),
  };
}

/** The body of a non-streamed `POST /v1/chat/completions` response. */
export function buildChatCompletion(r: CompletedRequest): ChatCompletionJson {
  return {
    id: r.stamp.id,
    object: 'chat.completion',
    created: r.stamp.created,
    model: r.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: r.output.text, refusal: null },
        finish_reason: r.output.finishReason,
        logprobs: null,
        ...tokenIds(r.output.tokenIds),
      },
    ],
    usage: buildUsage(r.usage),
  };
}

/** The body of `GET /v1/models`. */
export function buildModelList(models: readonly ModelCard[]): ModelListJson {
  return { object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', created: m.created, owned_by: m.ownedBy })) };
}

/** The `token_ids` extension field, present only when the caller has ids to send. */
export function tokenIds(ids: readonly number[] | undefined): { token_ids?: number[] } {
  return ids === undefined ? {} : { token_ids: [...ids] };
}
