import OpenAI from 'openai';
import { nowMs, progress } from '../lib/bench-stats';
import { type StreamTiming, timeStreamedCompletion } from '../e2e/streamed-completion';
import { type PlannedRequest } from './overload.plan';

/** What the client saw of one request: served (timed), refused (429/503, timed to the answer), or failed otherwise. */
export type RequestOutcome =
  | { readonly kind: 'served'; readonly timing: StreamTiming }
  | { readonly kind: 'refused'; readonly status: number; readonly answeredMs: number; readonly message?: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface OpenLoopRun {
  readonly outcomes: readonly RequestOutcome[];
  /** From the first send to the last answer. */
  readonly elapsedS: number;
}

async function send(client: OpenAI, model: string, request: PlannedRequest): Promise<RequestOutcome> {
  const startMs = nowMs();
  try {
    return { kind: 'served', timing: await timeStreamedCompletion(client, { model, prompt: request.prompt, maxTokens: request.maxTokens }) };
  } catch (error) {
    if (error instanceof OpenAI.APIError && (error.status === 429 || error.status === 503)) return { kind: 'refused', status: error.status, answeredMs: nowMs() - startMs, message: error.message };
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Sends every planned request at its offset whether or not earlier ones have answered (open
 * loop: a slow cluster does not slow the arrivals), and waits for every answer.
 */
export async function runOpenLoop(client: OpenAI, model: string, plan: readonly PlannedRequest[], label: string): Promise<OpenLoopRun> {
  const startMs = nowMs();
  let answered = 0;
  const outcomes = await Promise.all(
    plan.map(
      (request) =>
        new Promise<RequestOutcome>((resolve) => {
          setTimeout(() => {
            void send(client, model, request).then((outcome) => {
              answered++;
              if (answered % 50 === 0) progress(`${label}: ${answered}/${plan.length} answered`);
              resolve(outcome);
            });
          }, Math.max(0, startMs + request.atMs - nowMs()));
        }),
    ),
  );
  return { outcomes, elapsedS: (nowMs() - startMs) / 1000 };
}
