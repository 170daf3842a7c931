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

/**
 * The status a finished request is counted under: its HTTP status, also when an error went out as
 * a server-sent event after a 200, and 499 when the client went away first (as proxies log it).
 */
export const CLIENT_CLOSED_REQUEST = 499;

/** What the completion path counts; the conductor's edge maps it to Prometheus metrics. */
export interface CompletionMetrics {
  /** Time to the request's first token, as the client sees it. */
  ttftSeconds(seconds: number): void;
  promptTokens(tokens: number): void;
  generatedTokens(tokens: number): void;
  /** Every request once, by the status it finished with. */
  finished(statusCode: number): void;
  /** Choices admitted to the cluster. */
  admitted(choices: number): void;
  e2eSeconds(seconds: number): void;
  cachedTokens(tier: 'device' | 'dram' | 'ssd', tokens: number): void;
  rejected(reason: string): void;
  /** A request that finished ok within both its TTFT and its TBT SLO (goodput, beside `finished`). */
  metSlo(): void;
  /** One choice's mean time per generated token after its first. */
  timePerOutputTokenSeconds(seconds: number): void;
}
