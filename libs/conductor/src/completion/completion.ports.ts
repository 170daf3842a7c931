import { type ApiError } from '@tsukimi/openai';

/** Where one request's answer goes: one JSON body, or server-sent events. */
export interface CompletionResponse {
  /** Whether event-stream headers have gone out; after that, errors travel as events. */
  readonly streamStarted: boolean;
  /** Sends a whole JSON body (ignored once anything was sent). */
  json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): void;
  /** Sends an OpenAI-style error body with its status and headers. */
  error(error: ApiError): void;
  /** Sends one server-sent event frame, the stream's headers first. */
  sse(frame: string): void;
  end(): void;
}

export type RequestOutcome = 'ok' | 'invalid' | 'unavailable' | 'rejected' | 'cancelled' | 'error';

/** What the completion path counts; the conductor's edge maps it to Prometheus metrics. */
export interface CompletionMetrics {
  /** Time to the request's first token, as the client sees it. */
  ttftSeconds(seconds: number): void;
  promptTokens(tokens: number): void;
  generatedTokens(tokens: number): void;
  outcome(outcome: RequestOutcome): void;
  /** Choices admitted to the cluster. */
  admitted(choices: number): void;
  e2eSeconds(seconds: number): void;
  cachedTokens(tier: 'device' | 'dram' | 'ssd', tokens: number): void;
  rejected(reason: string): void;
  /** A request that finished ok within both its TTFT and its TBT SLO (goodput, beside `outcome`). */
  metSlo(): void;
  /** One choice's mean time per generated token after its first. */
  timePerOutputTokenSeconds(seconds: number): void;
}
