import type OpenAI from 'openai';
import { type ClusterUnderTest } from './cluster-under-test';
import { type GenerationAlone } from './generation-alone';
import { type Provenance } from './provenance.client';
import { promptText } from './prompt-text';

/** Byte tokens from a seed, none of them special: `promptText`'s characters. */
export const textTokens = (length: number, seed: number): number[] => Array.from(promptText(length, seed), (c) => c.charCodeAt(0));

/** The cluster's greedy tokens for `prompt` with the request's provenance, and the model's alone. */
export async function greedyCompletion(cluster: ClusterUnderTest, client: OpenAI, alone: GenerationAlone, prompt: number[], maxTokens: number) {
  const greedy = { maxTokens, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: false };
  const expectedIds = (await alone.run(prompt, greedy)).map((t) => t.token);
  const request = { model: cluster.modelId, prompt, max_tokens: maxTokens, temperature: 0, return_token_ids: true };
  const { choices, usage } = await client.completions.create(request as unknown as OpenAI.CompletionCreateParamsNonStreaming);
  const provenance = (usage as unknown as { tsukimi: Provenance & { computed_tokens: number } }).tsukimi;
  return { tokenIds: (choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids, expectedIds, provenance };
}
