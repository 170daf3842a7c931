import OpenAI from 'openai';
import { nowMs, quantile, round } from '../lib/bench-stats';

/** A running probe: `stop` ends it and gives what it measured. */
export interface AnswerFloorProbe {
  stop(): Promise<{ readonly unknown_model_ms_p50: number; readonly unknown_model_ms_p99: number; readonly probes: number }>;
}

/**
 * Times, beside an overload run, the cheapest answer the conductor gives a completion like the
 * run's: a 404 for a model it does not serve, sent with the same prompt, which the conductor
 * answers after reading and validating the body and before it tokenizes, hashes or schedules
 * anything. A refusal's time less this one is what tokenizing, hashing and deciding cost under
 * the same load; this one is the floor that the HTTP path, the client and the shared CPUs set.
 */
export function startAnswerFloorProbe(client: OpenAI, prompt: string, maxTokens: number, everyMs: number): AnswerFloorProbe {
  const times: number[] = [];
  const pending = new Set<Promise<void>>();
  const send = () => {
    const startMs = nowMs();
    const sent = client.completions
      .create({ model: 'not-a-served-model', prompt, max_tokens: maxTokens, stream: true })
      .then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof OpenAI.APIError && error.status === 404) times.push(nowMs() - startMs);
        },
      )
      .finally(() => pending.delete(sent));
    pending.add(sent);
  };
  const timer = setInterval(send, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return { unknown_model_ms_p50: round(quantile(times, 0.5), 2), unknown_model_ms_p99: round(quantile(times, 0.99), 2), probes: times.length };
    },
  };
}
