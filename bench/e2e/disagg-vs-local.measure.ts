import type OpenAI from 'openai';
import { TINY_MODEL_DEFAULTS, type TinyModelOptions } from '@tsukimi/llama-model';
import { median, progress, round } from '../lib/bench-stats';
import { randomText, seededRandom } from './e2e.workload';
import { type LocalLlamaCpp } from './local-llamacpp.client';
import { type LocalTtft } from './local-llamacpp.protocol';
import { type StreamTiming, timeStreamedCompletion } from './streamed-completion';

/** The prompts' length, and the tiny model with room for them (the instances' `--context-tokens` defaults to 4096). */
export const DISAGG_VS_LOCAL_PROMPT_TOKENS = 2048;
export const DISAGG_VS_LOCAL_MODEL: TinyModelOptions = { ...TINY_MODEL_DEFAULTS, contextTokens: 4096 };

export interface DisaggVsLocalOptions {
  readonly promptTokens: number;
  readonly trials: number;
  /** What the services generate per request; only the first token is timed. */
  readonly maxTokens: number;
}

/**
 * TTFT of fresh prompts through the services (the official client, streamed, to the first
 * chunk with text) against llama.cpp alone in one process (tokenize, prefill, first greedy
 * token) for the same prompts, one request at a time. Which side goes first alternates by
 * trial; one untimed trial first warms both. The ratio is of the medians: disaggregated over
 * local, lower is better.
 */
export async function disaggVsLocalPhase(client: OpenAI, model: string, local: LocalLlamaCpp, options: DisaggVsLocalOptions) {
  const random = seededRandom(4);
  const disagg: number[] = [];
  const alone: number[] = [];
  let sameFirstText = 0;
  let comparedFirstText = 0;
  let promptTokens = 0;
  for (let trial = -1; trial < options.trials; trial++) {
    const prompt = randomText(random, options.promptTokens);
    const throughServices = () => timeStreamedCompletion(client, { model, prompt, maxTokens: options.maxTokens });
    let served: StreamTiming;
    let measured: LocalTtft;
    if (trial % 2 === 0) {
      served = await throughServices();
      measured = await local.ttft(prompt);
    } else {
      measured = await local.ttft(prompt);
      served = await throughServices();
    }
    if (trial < 0) continue;
    disagg.push(served.ttftMs);
    alone.push(measured.ttftMs);
    promptTokens = measured.promptTokens;
    // Not every first token can be compared by text: a control token has none (and with ignore_eos the
    // services never sample end-of-generation tokens), and a lone byte of a longer UTF-8 character
    // detokenizes to U+FFFD while the services hold it back until the character is complete.
    if (measured.firstText !== '' && !measured.firstText.includes('\uFFFD')) {
      comparedFirstText++;
      if (served.firstText.startsWith(measured.firstText)) sameFirstText++;
      else progress(`trial ${trial + 1}: first text through the services ${JSON.stringify(served.firstText)}, alone ${JSON.stringify(measured.firstText)}`);
    }
    progress(`trial ${trial + 1}/${options.trials}: through the services ${round(served.ttftMs, 1)} ms, llama.cpp alone ${round(measured.ttftMs, 1)} ms`);
  }
  return {
    local_prompt_tokens: promptTokens,
    ttft_ms_disagg_p50: round(median(disagg), 1),
    ttft_ms_local_p50: round(median(alone), 1),
    ttft_ratio_disagg_over_local: round(median(disagg) / median(alone), 3),
    first_token_same_trials: sameFirstText,
    first_token_compared_trials: comparedFirstText,
    trials_disagg_vs_local: options.trials,
  };
}
