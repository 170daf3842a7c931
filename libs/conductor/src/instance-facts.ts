import { type AdapterInfo } from '@tsukimi/engine';

/** What an instance says it serves, from its Describe answer. */
export interface InstanceFacts {
  readonly reportedId: string;
  readonly modelId: string;
  readonly modelHash: string;
  readonly blockSizeTokens: number;
  readonly tokenizerId: string;
  readonly contextTokens: number;
  readonly hashScheme: string;
  readonly arenaCapacityBlocks: number;
  /** Device-tier blocks holding nothing when it was described (neither a sequence's KV nor its prefix cache); unknown when absent. */
  readonly arenaFreeBlocks?: number;
  /** One encoded block, header included. */
  readonly blockBytes: number;
  readonly draining: boolean;
  /** LoRA adapters on top of the model; none when absent. */
  readonly adapters?: readonly AdapterInfo[];
}

/** The facts two instances must share for a block computed on one to be reusable on the other. */
const KEY_FACTS = ['modelId', 'modelHash', 'blockSizeTokens', 'tokenizerId', 'hashScheme'] as const;

/** Why `facts` cannot join a cluster that serves `reference`, or undefined if it can. */
export function incompatibility(reference: InstanceFacts, facts: InstanceFacts): string | undefined {
  const differing = KEY_FACTS.filter((key) => reference[key] !== facts[key]);
  if (differing.length === 0) return undefined;
  return differing.map((key) => `${key} ${JSON.stringify(facts[key])} differs from the cluster's ${JSON.stringify(reference[key])}`).join('; ');
}
