import { type BlockKey } from '@tsukimi/kv-block';

/** Whether two prompts' block keys are the same keys in the same order. */
export function sameBlockKeys(a: readonly BlockKey[], b: readonly BlockKey[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}
