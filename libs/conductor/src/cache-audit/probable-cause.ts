import { type BlockKey } from '@tsukimi/kv-block';
import { type ProbableCause } from './cache-trust.options';

/** What the conductor knows of one request that fell short: the prompt's keys as it hashed them and as the instance did. */
export interface CauseEvidence {
  readonly conductorKeys: readonly BlockKey[];
  /** The keys the instance answered with for the same prompt. */
  readonly instanceKeys: readonly BlockKey[];
  /** The LoRA adapter the request named, if any. */
  readonly adapter?: string | undefined;
  /** The instance describes another model (id or weights' hash) than the cluster's first instance of the request's model. */
  readonly modelDiffers: boolean;
}

/**
 * The likeliest reason an instance reused less than predicted (see `ProbableCause`). Keys that
 * differ mean the instance cannot ever hit what the conductor indexes: a different count is a
 * different block size; the same count with other keys is another identity in the hash seed.
 */
export function probableCause(e: CauseEvidence): ProbableCause {
  if (e.instanceKeys.length !== e.conductorKeys.length) return 'block-size';
  if (keyedAlike(e)) return 'lost-cache';
  if (e.modelDiffers) return 'model-identity';
  return e.adapter === undefined ? 'salt' : 'adapter';
}

/** Whether the instance keyed the prompt's blocks as the conductor did. */
export function keyedAlike(e: Pick<CauseEvidence, 'conductorKeys' | 'instanceKeys'>): boolean {
  return e.instanceKeys.length === e.conductorKeys.length && e.instanceKeys.every((key, i) => key === e.conductorKeys[i]);
}

/** What each cause means for an operator reading the log, and where to look. */
export const CAUSE_HINTS: Readonly<Record<ProbableCause, string>> = {
  'block-size': 'the instance cut the prompt into another number of blocks than the conductor: its block size differs from the one it describes',
  'model-identity': 'the instance keyed the prompt otherwise and describes another model id or weights hash than the cluster\'s first instance of this model',
  adapter: 'the instance keyed the prompt otherwise under the request\'s LoRA adapter: its adapter id differs from the one it describes',
  salt: 'the instance keyed the prompt otherwise with the same model and block size: its tenant salt or hash seed differs from the conductor\'s',
  'lost-cache': 'the instance keyed the prompt as the conductor did but reused less than the index promised: it (or the pool) lost blocks the index still lists',
};
