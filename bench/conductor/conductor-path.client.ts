import type OpenAI from 'openai';
import { nowMs } from '../lib/bench-stats';

export interface ConductorPathRequest {
  readonly model: string;
  /** Token ids, sent as they are (no BOS added), like the direct path's. */
  readonly promptTokens: readonly number[];
  readonly maxTokens: number;
}

/**
 * Milliseconds from sending a streamed completion through the conductor's OpenAI API to receiving
 * its last chunk, the one that carries the finish reason. Greedy and past end-of-sequence, like
 * the direct path, and without the usage chunk, so the last chunk is the last token's.
 */
export async function timeThroughConductor(client: OpenAI, request: ConductorPathRequest): Promise<number> {
  const body = {
    model: request.model,
    prompt: [...request.promptTokens],
    max_tokens: request.maxTokens,
    temperature: 0,
    stream: true as const,
    ignore_eos: true,
  };
  const startMs = nowMs();
  const stream = await client.completions.create(body);
  let lastMs: number | undefined;
  let finishReason: string | null | undefined;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    lastMs = nowMs();
    finishReason = choice.finish_reason;
  }
  if (lastMs === undefined || finishReason !== 'length') throw new Error(`the conductor's stream ended with finish reason ${String(finishReason)}, expected length after ${request.maxTokens} tokens`);
  return lastMs - startMs;
}
