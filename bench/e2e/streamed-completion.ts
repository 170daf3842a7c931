import type OpenAI from 'openai';
import { nowMs } from '../lib/bench-stats';

export interface StreamTiming {
  /** From sending the request to the first chunk with text. */
  readonly ttftMs: number;
  /** Between successive chunks with text. */
  readonly gapsMs: readonly number[];
  readonly completionTokens: number;
  readonly promptTokens: number;
  /** Prompt tokens the response says came from the KV cache (`usage.prompt_tokens_details.cached_tokens`). */
  readonly cachedTokens: number;
  /** The text of the first chunk with text. */
  readonly firstText: string;
}

export interface CompletionRequest {
  readonly model: string;
  readonly prompt: string;
  readonly maxTokens: number;
}

/**
 * One streamed completion, timed chunk by chunk. Greedy, and past end-of-sequence, so every
 * request generates exactly `maxTokens` and runs compare.
 */
export async function timeStreamedCompletion(client: OpenAI, request: CompletionRequest): Promise<StreamTiming> {
  const body = {
    model: request.model,
    prompt: request.prompt,
    max_tokens: request.maxTokens,
    temperature: 0,
    stream: true as const,
    stream_options: { include_usage: true },
    ignore_eos: true,
  };
  const startMs = nowMs();
  const stream = await client.completions.create(body);
  let firstMs: number | undefined;
  let firstText = '';
  let lastMs = startMs;
  const gapsMs: number[] = [];
  let completionTokens = 0;
  let promptTokens = 0;
  let cachedTokens = 0;
  for await (const chunk of stream) {
    if (chunk.usage) {
      completionTokens = chunk.usage.completion_tokens;
      promptTokens = chunk.usage.prompt_tokens;
      cachedTokens = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
    }
    if (!chunk.choices[0]?.text) continue;
    const atMs = nowMs();
    if (firstMs === undefined) {
      firstMs = atMs;
      firstText = chunk.choices[0].text;
    } else gapsMs.push(atMs - lastMs);
    lastMs = atMs;
  }
  if (firstMs === undefined) throw new Error(`a completion streamed no text (${request.prompt.length}-token prompt)`);
  return { ttftMs: firstMs - startMs, gapsMs, completionTokens, promptTokens, cachedTokens, firstText };
}
