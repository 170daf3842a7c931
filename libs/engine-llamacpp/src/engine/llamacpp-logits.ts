import type { Token } from 'node-llama-cpp';

/**
 * Options under which node-llama-cpp reports the model's own next-token distribution:
 * temperature 1 and no truncation, so nothing is filtered before the softmax.
 */
export const UNFILTERED_DISTRIBUTION = { temperature: 1, topK: 0, topP: 1, minP: 0 } as const;

/**
 * llama.cpp exposes no raw logits through node-llama-cpp, only probabilities; their logarithms
 * are the logits up to a constant per position (log p = logit − logsumexp), which greedy
 * decoding, temperature, top-k/top-p and log-probability reporting all treat the same.
 * Tokens it reports no probability for get −∞.
 */
export function logProbabilities(probabilities: ReadonlyMap<Token, number> | undefined, vocabSize: number): Float32Array {
  if (!probabilities) throw new Error('llama.cpp returned no probabilities for a position that asked for them');
  const logits = new Float32Array(vocabSize).fill(-Infinity);
  for (const [token, p] of probabilities) if (token >= 0 && token < vocabSize) logits[token] = Math.log(p);
  return logits;
}
