import { chatLogprobs, completionLogprobs, type TokenLogprobs, type TokenPieces } from './logprobs.format';
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

/** One choice a request produced. */
export interface ChoiceOutput {
  /** The whole text of the choice (with `echo`, the prompt's text first). */
  readonly text: string;
  readonly finishReason: FinishReason;
  /** Sent as the choice's `token_ids` when set (the request asked for `return_token_ids`). */
  readonly tokenIds?: readonly number[];
  /** Per generated token, when the request asked for logprobs. */
  readonly logprobs?: readonly TokenLogprobs[];
}

/** Everything a non-streamed response is built from. */
export interface CompletedRequest {
  readonly stamp: ResponseStamp;
  readonly model: string;
  /** In choice-index order: choice `i` is sent with `index: i`. */
  readonly choices: readonly ChoiceOutput[];
  readonly usage: Usage;
  /** How tokens are shown in logprobs; needed when a choice carries logprobs. */
  readonly pieces?: TokenPieces;
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
    choices: r.choices.map((c, index) => ({
      index,
      text: c.text,
      finish_reason: c.finishReason,
      logprobs: c.logprobs === undefined ? null : completionLogprobs(c.logprobs, piecesOf(r)),
      ...tokenIds(c.tokenIds),
    })),
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
    choices: r.choices.map((c, index) => ({
      index,
      message: { role: 'assistant', content: c.text, refusal: null },
      finish_reason: c.finishReason,
      logprobs: c.logprobs === undefined ? null : chatLogprobs(c.logprobs, piecesOf(r)),
      ...tokenIds(c.tokenIds),
    })),
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

function piecesOf(r: CompletedRequest): TokenPieces {
  if (r.pieces === undefined) throw new Error('buildCompletion: a choice carries logprobs but no token pieces were given');
  return r.pieces;
}
