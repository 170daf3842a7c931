import { promises as fs } from 'node:fs';
import {
  adapterModelKey,
  type BlockImportError,
  type BlockNotCached,
  type DecodeEntry,
  type Engine,
  type EngineError,
  type EngineInfo,
  type AdapterInfo,
  type KvArenaStats,
  type KvContextStats,
  type PrefillOptions,
  type PrefillOutcome,
  type SequenceId,
} from '@tsukimi/engine';
import { type BlockDigest, type BlockKey, BlockKeyChain, copyBlockBytes, BlockKeyHasher, blockHashOptions, decodeBlock, encodeBlockHeader, headerBytes } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import type { ControlledEvaluateInputItem, Token } from 'node-llama-cpp';
import { readSequenceState } from '../state/sequence-state.reader';
import { type KvRun, type SequenceStateFrame } from '../state/sequence-state.types';
import { writeSequenceState } from '../state/sequence-state.writer';
import { BlockMemory } from './block-memory';
import { assembleLlamaCppEngine, type LlamaCppEngineLoadError, type LlamaCppEngineParts } from './llamacpp-engine.load';
import { encodeStateBlocks } from './block-sealing';
import { type LlamaCppEngineInput, type LlamaCppEngineOptions } from './llamacpp-engine.options';
import { logProbabilities, UNFILTERED_DISTRIBUTION } from './llamacpp-logits';
import { type ContextLane, LlamaCppSequence, type SequenceSlot } from './llamacpp-sequence';
import { SlotPool } from './llamacpp-slot.pool';
import { type LlamaCppTokenizer } from './llamacpp.tokenizer';
import { type LlamaCppContextRuntime, type LlamaCppRuntime } from './llamacpp.runtime';

/**
 * llama.cpp (through node-llama-cpp) behind the Engine port. One context holds a fixed set of
 * sequences; decode evaluates them together, as node-llama-cpp batches concurrent evaluations
 * into one llama.cpp batch. Full blocks are cut from the sequence's saved state and kept,
 * encoded, in the engine's block memory; a later prefill whose leading blocks are there
 * writes them back as a state and computes only the rest. Each LoRA adapter has a context of
 * its own over the same model; its sequences' block keys are seeded with the adapter's
 * identity, so a block computed under one adapter is never found for another or for the base.
 */
export class LlamaCppEngine implements Engine {
  readonly info: EngineInfo;
  readonly tokenizer: LlamaCppTokenizer;
  private readonly options: LlamaCppEngineOptions;
  private readonly runtime: LlamaCppRuntime;
  private readonly frame: SequenceStateFrame;
  private readonly memory: BlockMemory;
  private readonly sequences = new Map<SequenceId, LlamaCppSequence>();
  private readonly base: ContextLane;
  private readonly adapterLanes = new Map<string, ContextLane>();
  private nextSequenceId = 1;
  private disposed = false;

  constructor(private readonly parts: LlamaCppEngineParts) {
    this.options = parts.options;
    this.runtime = parts.runtime;
    this.info = parts.info;
    this.tokenizer = parts.tokenizer;
    this.frame = parts.frame;
    this.memory = new BlockMemory(parts.options.cachedBlocks, parts.options.observer);
    const lane = (context: LlamaCppContextRuntime, contextIndex: number, modelKey: string, adapter?: AdapterInfo): ContextLane => ({
      adapter,
      modelKey,
      hashers: new Map(),
      slots: new SlotPool(context.sequences.map((llama, index) => ({ index, llama, statePath: `${parts.stateDir}/context-${contextIndex}-slot-${index}.state`, cleared: Promise.resolve() }))),
    });
    this.base = lane(parts.runtime.base, 0, this.info.modelId);
    (this.info.adapters ?? []).forEach((adapter, i) => {
      this.adapterLanes.set(adapter.name, lane(parts.runtime.adapters[i]!, i + 1, adapterModelKey(this.info.modelId, adapter.id), adapter));
    });
  }

  /**
   * Loads the model into one llama.cpp context of `sequences` sequences, and one more per
   * adapter. Fails as a value on bad options, a model or adapter llama.cpp cannot load, or a KV
   * cache that cannot be cut into blocks.
   */
  static async load(input: LlamaCppEngineInput): Promise<Result<LlamaCppEngine, LlamaCppEngineLoadError>> {
    const parts = await assembleLlamaCppEngine(input);
    return parts.ok ? ok(new LlamaCppEngine(parts.value)) : parts;
  }

  get blockSizeTokens(): number {
    return this.options.blockSizeTokens;
  }

  /** Opens a sequence in the base context, or with `adapter` in that adapter's; an adapter this engine has not loaded is a caller bug and throws. */
  openSequence(tenantSalt = '', adapter?: string): SequenceId {
    const lane = this.lane(adapter);
    const id = this.nextSequenceId++ as SequenceId;
    this.sequences.set(id, new LlamaCppSequence(id, lane, this.hasher(lane, tenantSalt)));
    return id;
  }

  closeSequence(id: SequenceId): void {
    const sequence = this.sequences.get(id);
    if (!sequence) return;
    this.sequences.delete(id);
    sequence.closed = true;
    if (!sequence.busy) this.releaseWhenSealed(sequence);
  }

  sequenceTokens(id: SequenceId): readonly number[] | undefined {
    return this.sequences.get(id)?.tokens;
  }

  blockKeys(tokens: readonly number[], tenantSalt = '', adapter?: string): BlockKey[] {
    return this.hasher(this.lane(adapter), tenantSalt).keys(tokens);
  }

  cachedPrefixBlocks(keys: readonly BlockKey[]): number {
    let n = 0;
    while (n < keys.length && this.memory.has(keys[n]!)) n++;
    return n;
  }

  /**
   * Appends `tokens` and computes them. On an empty sequence the longest run of cached leading
   * blocks is written back into llama.cpp as a state and only the rest is computed; if every
   * token is cached, the last one is dropped from that state and computed again for its logits.
   * Every full block the sequence then has is sealed into the block memory behind the answer
   * (`sealed` says when).
   */
  async prefill(id: SequenceId, tokens: readonly number[], options: PrefillOptions = {}): Promise<Result<PrefillOutcome, EngineError>> {
    const sequence = this.sequences.get(id);
    if (!sequence) return err({ kind: 'unknown-sequence', sequenceId: id });
    if (tokens.length === 0) return err({ kind: 'empty-prompt' });
    const checked = this.checkTokens(sequence, tokens);
    if (!checked.ok) return checked;
    return this.exclusive([sequence], async () => {
      const slot = await this.bindSlot(sequence);
      if (!slot.ok) return slot;
      const reusedTokens = sequence.lengthTokens === 0 ? await this.reusePrefix(sequence, slot.value, tokens) : 0;
      const rest = tokens.slice(reusedTokens);
      const mode = options.logits ?? 'last';
      const wanted = (i: number): boolean => mode === 'all' || (mode === 'last' && i === rest.length - 1);
      const items: ControlledEvaluateInputItem[] = rest.map((token, i) =>
        wanted(i) ? [token as Token, { generateNext: { probabilities: true, options: UNFILTERED_DISTRIBUTION } }] : (token as Token),
      );
      const results = await slot.value.llama.controlledEvaluate(items);
      const logits: Float32Array[] = [];
      rest.forEach((_, i) => {
        if (wanted(i)) logits.push(logProbabilities(results[i]?.next.probabilities, this.info.vocabSize));
      });
      this.append(sequence, rest);
      // The answer does not wait for the blocks: saving and cutting the state of a long prompt on a
      // large model takes a noticeable share of its prefill. Whoever exports them waits on `sealed`.
      const sealed = this.sealBlocks(sequence, slot.value);
      sequence.sealing = sealed.then(
        () => undefined,
        () => undefined,
      );
      return ok({ logits, reusedTokens, computedTokens: rest.length, sealed });
    });
  }

  /** Appends one token to each sequence and evaluates them all in one llama.cpp batch; logits come back in entry order. */
  async decode(entries: readonly DecodeEntry[]): Promise<Result<Float32Array[], EngineError>> {
    const sequences: LlamaCppSequence[] = [];
    for (const entry of entries) {
      const sequence = this.sequences.get(entry.sequence);
      if (!sequence) return err({ kind: 'unknown-sequence', sequenceId: entry.sequence });
      const checked = this.checkTokens(sequence, [entry.token]);
      if (!checked.ok) return checked;
      if (sequences.includes(sequence)) throw new Error(`sequence ${entry.sequence} appears twice in one decode step`);
      sequences.push(sequence);
    }
    const unbound = new Map<ContextLane, number>();
    for (const sequence of sequences) if (sequence.slot === undefined) unbound.set(sequence.lane, (unbound.get(sequence.lane) ?? 0) + 1);
    for (const [lane, wanted] of unbound) if (wanted > lane.slots.freeCount) return err({ kind: 'arena-full', capacityBlocks: this.memory.capacityBlocks });
    return this.exclusive(sequences, async () => {
      const slots: SequenceSlot[] = [];
      for (const sequence of sequences) {
        const slot = await this.bindSlot(sequence);
        if (!slot.ok) return slot;
        slots.push(slot.value);
      }
      const results = await Promise.all(
        entries.map((entry, i) =>
          slots[i]!.llama.controlledEvaluate([[entry.token as Token, { generateNext: { probabilities: true, options: UNFILTERED_DISTRIBUTION } }]]),
        ),
      );
      sequences.forEach((sequence, i) => this.append(sequence, [entries[i]!.token]));
      return ok(results.map((result) => logProbabilities(result[0]?.next.probabilities, this.info.vocabSize)));
    });
  }

  exportBlock(key: BlockKey, digest?: BlockDigest): Result<Uint8Array, BlockNotCached> {
    const bytes = this.memory.use(key);
    if (!bytes) return err({ kind: 'block-not-cached', key });
    const copy = copyBlockBytes(bytes);
    // Blocks are sealed before anyone names their digest, so the header is written again with it.
    if (digest !== undefined) copy.set(encodeBlockHeader({ key, modelHash: this.info.modelHash, layout: this.info.blockLayout, payload: copy.subarray(headerBytes), digest }), 0);
    return ok(copy);
  }

  importBlock(bytes: Uint8Array, key: BlockKey, digest?: BlockDigest): Result<'imported' | 'already-cached', BlockImportError> {
    const decoded = decodeBlock(bytes, { key, digest, modelHash: this.info.modelHash, layout: this.info.blockLayout });
    if (!decoded.ok) return decoded;
    return this.memory.store(key, copyBlockBytes(bytes)) ? ok('imported') : ok('already-cached');
  }

  arenaStats(): KvArenaStats {
    return this.memory.stats();
  }

  /** Running sequences' KV lives in llama.cpp's context cells: `sequences` slots of `contextTokens` per context (the base and each adapter's). */
  contextStats(): KvContextStats {
    const blockSize = this.options.blockSizeTokens;
    const slotBlocks = Math.ceil(this.info.contextTokens / blockSize);
    let inUseBlocks = 0;
    for (const sequence of this.sequences.values()) inUseBlocks += Math.ceil(sequence.lengthTokens / blockSize);
    return { capacityBlocks: (1 + this.adapterLanes.size) * this.options.sequences * slotBlocks, inUseBlocks };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.runtime.dispose();
    if (this.parts.removeStateDir) await fs.rm(this.parts.stateDir, { recursive: true, force: true });
  }

  private lane(adapter: string | undefined): ContextLane {
    if (adapter === undefined) return this.base;
    const lane = this.adapterLanes.get(adapter);
    if (!lane) throw new Error(`no LoRA adapter '${adapter}' is loaded (loaded: ${[...this.adapterLanes.keys()].join(', ') || 'none'})`);
    return lane;
  }

  private hasher(lane: ContextLane, tenantSalt: string): BlockKeyHasher {
    let hasher = lane.hashers.get(tenantSalt);
    if (!hasher) {
      hasher = new BlockKeyHasher(blockHashOptions({ modelId: lane.modelKey, tenantSalt, blockSizeTokens: this.options.blockSizeTokens }));
      lane.hashers.set(tenantSalt, hasher);
    }
    return hasher;
  }

  private checkTokens(sequence: LlamaCppSequence, tokens: readonly number[]): Result<void, EngineError> {
    const requestedTokens = sequence.lengthTokens + tokens.length;
    if (requestedTokens > this.info.contextTokens) return err({ kind: 'context-overflow', contextTokens: this.info.contextTokens, requestedTokens });
    for (const token of tokens) {
      if (!Number.isInteger(token) || token < 0 || token >= this.info.vocabSize) return err({ kind: 'invalid-token', token, vocabSize: this.info.vocabSize });
    }
    return ok(undefined);
  }

  /** Runs `work` with the sequences marked busy; a sequence closed meanwhile gives its slot back afterwards. */
  private async exclusive<T>(sequences: readonly LlamaCppSequence[], work: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new Error('engine disposed');
    await Promise.all(sequences.map((sequence) => sequence.sealing));
    for (const sequence of sequences) {
      if (sequence.busy) throw new Error(`sequence ${sequence.id} is already being computed`);
    }
    for (const sequence of sequences) sequence.busy = true;
    try {
      return await work();
    } finally {
      for (const sequence of sequences) {
        sequence.busy = false;
        if (sequence.closed) this.releaseWhenSealed(sequence);
      }
    }
  }

  /** The sequence's llama.cpp sequence, lending it one (waiting while the context has none free) on first use. */
  private async bindSlot(sequence: LlamaCppSequence): Promise<Result<SequenceSlot, EngineError>> {
    sequence.slot ??= await sequence.lane.slots.acquire();
    return ok(sequence.slot);
  }

  /** Gives the slot back once any sealing still reading its state has finished. */
  private releaseWhenSealed(sequence: LlamaCppSequence): void {
    if (sequence.sealing) void sequence.sealing.then(() => this.releaseSlot(sequence));
    else this.releaseSlot(sequence);
  }

  private releaseSlot(sequence: LlamaCppSequence): void {
    const slot = sequence.slot;
    if (!slot) return;
    sequence.slot = undefined;
    sequence.lane.slots.release(slot);
  }

  /** Loads the longest run of cached leading blocks into the slot; returns how many prompt tokens it covers. */
  private async reusePrefix(sequence: LlamaCppSequence, slot: SequenceSlot, tokens: readonly number[]): Promise<number> {
    const keys = sequence.hasher.keys(tokens);
    const runs: KvRun[] = [];
    for (const key of keys) {
      const bytes = this.memory.use(key);
      if (!bytes) break;
      runs.push({ payload: bytes.subarray(headerBytes), slots: this.options.blockSizeTokens });
    }
    if (runs.length === 0) return 0;
    const covered = runs.length * this.options.blockSizeTokens;
    const loaded = covered === tokens.length ? covered - 1 : covered;
    const prefix = tokens.slice(0, loaded);
    if (loaded > 0) {
      const state = writeSequenceState(this.slotFrame(slot), prefix, runs);
      await fs.writeFile(slot.statePath, state);
      await slot.llama.loadStateFromFile(slot.statePath, { acceptRisk: true });
    }
    const fullBlocks = Math.floor(loaded / this.options.blockSizeTokens);
    sequence.chain = new BlockKeyChain(sequence.hasher, keys.slice(0, fullBlocks));
    sequence.chain.appendAll(prefix.slice(fullBlocks * this.options.blockSizeTokens));
    sequence.tokens.push(...prefix);
    sequence.sealedBlocks = runs.length;
    return loaded;
  }

  private append(sequence: LlamaCppSequence, tokens: readonly number[]): void {
    sequence.tokens.push(...tokens);
    sequence.chain.appendAll(tokens);
  }

  /** Saves the slot's state and stores every full block of the sequence the memory does not hold yet. */
  private async sealBlocks(sequence: LlamaCppSequence, slot: SequenceSlot): Promise<void> {
    const keys = sequence.chain.keys;
    if (keys.length <= sequence.sealedBlocks) return;
    if (keys.slice(sequence.sealedBlocks).every((key) => this.memory.has(key))) {
      sequence.sealedBlocks = keys.length;
      return;
    }
    await slot.llama.saveStateToFile(slot.statePath);
    const state = readSequenceState(await fs.readFile(slot.statePath));
    if (!state.ok) throw new Error(`llama.cpp wrote a state this engine cannot cut: ${state.error.problem} (${state.error.detail})`);
    if (state.value.tokens.length !== sequence.lengthTokens) {
      throw new Error(`llama.cpp saved ${state.value.tokens.length} tokens of a sequence of ${sequence.lengthTokens}`);
    }
    const fresh = keys.slice(sequence.sealedBlocks);
    encodeStateBlocks(state.value, sequence.sealedBlocks, fresh, this.info).forEach((bytes, i) => this.memory.store(fresh[i]!, bytes));
    sequence.sealedBlocks = keys.length;
  }

  private slotFrame(slot: SequenceSlot): SequenceStateFrame {
    return { ...this.frame, streamIndex: this.frame.streamCount > 1 ? slot.index : 0, seqId: slot.index };
  }
}
