/**
 * Prompts for the end-to-end benchmark. The tiny model's tokenizer is one byte per token, so
 * a prompt of N ASCII characters is N prompt tokens.
 */

import { seededRandom as seededSource } from '@tsukimi/kv-store';

/** Seeded uniform draws in [0, 1) (kv-store's mulberry32) as a bare function, so every run sends the same prompts. */
export function seededRandom(seed: number): () => number {
  const source = seededSource(seed);
  return () => source.next();
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Exactly `lengthTokens` characters of lowercase words separated by spaces. */
export function randomText(random: () => number, lengthTokens: number): string {
  let text = '';
  while (text.length < lengthTokens) {
    const wordLength = 2 + Math.floor(random() * 8);
    for (let i = 0; i < wordLength; i++) text += LETTERS[Math.floor(random() * LETTERS.length)];
    text += ' ';
  }
  return text.slice(0, lengthTokens);
}

export interface SharedPrefixWorkload {
  readonly prompts: readonly string[];
  readonly groups: number;
}

/** `requests` prompts in `groups` groups, each prompt its group's prefix plus a suffix of its own, groups interleaved. */
export function sharedPrefixWorkload(random: () => number, options: { requests: number; groups: number; prefixTokens: number; suffixTokens: number }): SharedPrefixWorkload {
  const prefixes = Array.from({ length: options.groups }, () => randomText(random, options.prefixTokens));
  const prompts = Array.from({ length: options.requests }, (_, i) => prefixes[i % options.groups]! + randomText(random, options.suffixTokens));
  return { prompts, groups: options.groups };
}
