import { type ApiError } from '@tsukimi/openai';
import { type Tier } from '@tsukimi/kv-store';

/** Where one request's answer goes: one JSON body, or server-sent events. */
export interface CompletionResponse {
  /** Whether event-stream headers have gone out; after that, errors travel as events. */
  readonly streamStarted: boolean;
  /** Headers every answer carries from now on, a JSON body or the event stream (ignored once anything was sent). */
  headers(values: Readonly<Record<string, string>>): void;
  /** Sends a whole JSON body (ignored once anything was sent). */
  json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): void;
  /** Sends an OpenAI-style error body with its status and headers. */
  error(error: ApiError): void;
  /** Sends one server-sent event frame, the stream's headers first. */
  sse(frame: string): void;
  end(): void;
}

/**
 * The status a finished request is counted under: its HTTP status, also when an error went out as
 * a server-sent event after a 200, and 499 when the client went away first (as proxies log it).
 */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * The model a request is counted under until a served model is known: a malformed body, an
 * unknown model or no described instance. Empty, which PromQL reads as no `model` label, so a
 * name a client made up never becomes a series.
 */
export const NO_MODEL = '';

/**
 * What the completion path counts; the conductor's edge maps it to Prometheus metrics. `model` is
 * the served model name the request named, or `NO_MODEL`.
 */
export interface CompletionMetrics {
  /** Time to the request's first token, as the client sees it. */
  ttftSeconds(model: string, seconds: number): void;
  /** Time from arrival until the request's first prefill call went out. */
  queueWaitSeconds(model: string, seconds: number): void;
  /** The gap before each token of a choice after its first, as sent. */
  interTokenSeconds(model: string, seconds: number): void;
  promptTokens(model: string, tokens: number): void;
  generatedTokens(model: string, tokens: number): void;
  /** Every request once, by the status it finished with. */
  finished(model: string, statusCode: number): void;
  /** Choices admitted to the cluster and served to the end. */
  admitted(choices: number): void;
  e2eSeconds(model: string, seconds: number): void;
  cachedTokens(model: string, tier: Tier, tokens: number): void;
  /** Each prompt's cached tokens by the salt they were keyed under: its tenant group's shared prefix, or the tenant's own. */
  cachedTokensByScope?(model: string, scope: 'group' | 'tenant', tokens: number): void;
  rejected(model: string, reason: string): void;
  /** A request that finished ok within both its TTFT and its TBT SLO (goodput, beside `finished`). */
  metSlo(model: string): void;
  /** One choice's mean time per generated token after its first. */
  timePerOutputTokenSeconds(model: string, seconds: number): void;
}
