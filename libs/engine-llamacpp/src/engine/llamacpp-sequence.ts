import { type AdapterInfo, type SequenceId } from '@tsukimi/engine';
import { BlockKeyChain, type BlockKeyHasher } from '@tsukimi/kv-block';
import type { LlamaContextSequence } from 'node-llama-cpp';
import { type SlotPool } from './llamacpp-slot.pool';

/** One of the context's llama.cpp sequences, lent to one engine sequence at a time. */
export interface SequenceSlot {
  readonly index: number;
  readonly llama: LlamaContextSequence;
  /** Where this slot's state passes through on its way into and out of llama.cpp. */
  readonly statePath: string;
  /** Settles when the slot's previous history has been cleared. */
  cleared: Promise<void>;
}

/**
 * The base model's llama.cpp context or one adapter's: its slots, and the model
 * key that seeds the block keys of its sequences (the model id, or `adapterModelKey` of it).
 */
export interface ContextLane {
  /** Undefined for the base model. */
  readonly adapter: AdapterInfo | undefined;
  readonly modelKey: string;
  readonly slots: SlotPool;
  /** Block key hashers by tenant salt. */
  readonly hashers: Map<string, BlockKeyHasher>;
}

/** An engine sequence: its tokens and block keys, its context (base or adapter), and the llama.cpp sequence computing it once it has one. */
export class LlamaCppSequence {
  readonly tokens: number[] = [];
  chain: BlockKeyChain;
  slot: SequenceSlot | undefined;
  /** Leading full blocks already in the block memory (reused or sealed). */
  sealedBlocks = 0;
  /** A prefill or decode is running; a second one on the same sequence is a caller bug. */
  busy = false;
  /** Sealing of blocks that runs after a prefill answered; the sequence's next call waits for it. Never rejects. */
  sealing: Promise<void> | undefined;
  /** Closed while busy: the running call gives the slot back when it ends. */
  closed = false;

  constructor(
    readonly id: SequenceId,
    readonly lane: ContextLane,
    readonly hasher: BlockKeyHasher,
  ) {
    this.chain = new BlockKeyChain(hasher);
  }

  get lengthTokens(): number {
    return this.tokens.length;
  }
}
