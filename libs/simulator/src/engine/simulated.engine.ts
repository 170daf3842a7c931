import {
  type BlockImportError,
  type BlockNotCached,
  ByteTokenizer,
  BYTE_VOCAB,
  type DecodeEntry,
  type Engine,
  type EngineError,
  type EngineInfo,
  type KvArenaObserver,
  type KvArenaStats,
  type PrefillOptions,
  type PrefillOutcome,
  type SequenceId,
  type Tokenizer,
} from '@tsukimi/engine';
import { type BlockDigest, type BlockKey, BlockKeyHasher, type BlockLayout, blockHashOptions, decodeBlock, encodeBlock, hashModelBytes, type ModelHash, payloadBytes } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { CostModel } from '../cost/cost.model';
import { type ModelSheet } from '../cost/model.spec-sheet';
import { type NodeSheet } from '../cost/node.spec-sheet';
import { simulatedPayload } from './simulated-block.payload';
import { type SimulatedTiming } from './simulated.timing';
import { logitsFor, simulatedNextToken } from './simulated-token.rule';

export interface SimulatedEngineOptions {
  readonly model: ModelSheet;
  readonly node: NodeSheet;
  readonly blockSizeTokens: number;
  /** Blocks the engine's memory keeps as a prefix cache, least recently used evicted first. */
  readonly arenaBlocks: number;
  readonly contextTokens: number;
  /** Wall time per simulated time: 0.001 runs a 70B prefill of 2 s in 2 ms. */
  readonly timeScale: number;
  /** Waits this many wall milliseconds: the compute the cost model says the GPU would spend. */
  readonly delay: (ms: number) => Promise<void>;
  /** What each computation costs before `timeScale`: the cost model of `model` on `node` when absent. */
  readonly timing?: SimulatedTiming;
  readonly observer?: KvArenaObserver;
}

interface Sequence {
  readonly hasher: BlockKeyHasher;
  readonly tokens: number[];
  readonly keys: BlockKey[];
}

/**
 * An engine that computes nothing but keeps everything else real: block keys as every engine
 * chains them, blocks of the model's true size (bytes derived from the key) that export, verify
 * and import through the pool, and deterministic tokens. Each prefill and decode step waits the
 * cost model's time for the named model and node (or the time an engine profile predicts), times
 * `timeScale`, one at a time as one GPU group would run them, so a cluster of many such
 * instances runs on one machine.
 */
export class SimulatedEngine implements Engine {
  readonly info: EngineInfo;
  readonly tokenizer: Tokenizer = new ByteTokenizer();
  readonly cost: CostModel;
  readonly timing: SimulatedTiming;
  private readonly modelHash: ModelHash;
  private readonly layout: BlockLayout;
  private readonly cached = new Map<BlockKey, true>();
  private readonly sequences = new Map<SequenceId, Sequence>();
  private readonly hashers = new Map<string, BlockKeyHasher>();
  private nextSequenceId = 1;
  private compute: Promise<void> = Promise.resolve();

  constructor(private readonly options: SimulatedEngineOptions) {
    const { model, blockSizeTokens } = options;
    this.cost = new CostModel(model, options.node, blockSizeTokens);
    this.timing = options.timing ?? this.cost;
    this.layout = { layers: model.layers, kvHeads: model.kvHeads, headDim: model.hiddenSize / model.attentionHeads, blockSizeTokens, dtype: model.bytesPerValue === 4 ? 'f32' : 'f16' };
    this.modelHash = hashModelBytes(Buffer.from(JSON.stringify({ engine: 'simulated', model })));
    this.info = { engine: 'simulated', modelId: model.name, modelHash: this.modelHash, blockLayout: this.layout, contextTokens: options.contextTokens, vocabSize: BYTE_VOCAB.size };
  }

  get blockBytes(): number {
    return payloadBytes(this.layout);
  }

  openSequence(tenantSalt = '', adapter?: string): SequenceId {
    if (adapter !== undefined) throw new Error(`SimulatedEngine: no adapter "${adapter}" is loaded`);
    const id = this.nextSequenceId++ as SequenceId;
    this.sequences.set(id, { hasher: this.hasher(tenantSalt), tokens: [], keys: [] });
    return id;
  }

  closeSequence(id: SequenceId): void {
    this.sequences.delete(id);
  }

  blockKeys(tokens: readonly number[], tenantSalt = '', adapter?: string): BlockKey[] {
    if (adapter !== undefined) throw new Error(`SimulatedEngine: no adapter "${adapter}" is loaded`);
    return this.hasher(tenantSalt).keys(tokens);
  }

  cachedPrefixBlocks(keys: readonly BlockKey[]): number {
    let n = 0;
    while (n < keys.length && this.cached.has(keys[n]!)) n++;
    return n;
  }

  async prefill(id: SequenceId, tokens: readonly number[], options: PrefillOptions = {}): Promise<Result<PrefillOutcome, EngineError>> {
    const sequence = this.sequences.get(id);
    if (!sequence) return err({ kind: 'unknown-sequence', sequenceId: id });
    if (tokens.length === 0) return err({ kind: 'empty-prompt' });
    const checked = this.check(sequence, tokens.length, tokens);
    if (!checked.ok) return checked;
    const start = sequence.tokens.length;
    const reusedTokens = start === 0 ? this.reuse(sequence.hasher.keys(tokens)) * this.options.blockSizeTokens : 0;
    await this.run(this.timing.prefillMs(start + tokens.length, start + reusedTokens));
    this.append(sequence, tokens);
    const mode = options.logits ?? 'last';
    const positions = mode === 'none' ? [] : mode === 'last' ? [sequence.tokens.length - 1] : tokens.map((_, i) => start + i).slice(reusedTokens);
    const logits = positions.map((p) => logitsFor(simulatedNextToken(sequence.tokens[p]!, p), BYTE_VOCAB.size));
    return ok({ logits, reusedTokens, computedTokens: tokens.length - reusedTokens });
  }

  async decode(entries: readonly DecodeEntry[]): Promise<Result<Float32Array[], EngineError>> {
    const sequences: Sequence[] = [];
    let contextTokens = 0;
    for (const entry of entries) {
      const sequence = this.sequences.get(entry.sequence);
      if (!sequence) return err({ kind: 'unknown-sequence', sequenceId: entry.sequence });
      const checked = this.check(sequence, 1, [entry.token]);
      if (!checked.ok) return checked;
      sequences.push(sequence);
      contextTokens += sequence.tokens.length + 1;
    }
    await this.run(this.timing.decodeStepMs(entries.length, contextTokens));
    return ok(
      sequences.map((sequence, i) => {
        this.append(sequence, [entries[i]!.token]);
        const position = sequence.tokens.length - 1;
        return logitsFor(simulatedNextToken(sequence.tokens[position]!, position), BYTE_VOCAB.size);
      }),
    );
  }

  exportBlock(key: BlockKey, digest?: BlockDigest): Result<Uint8Array, BlockNotCached> {
    if (!this.cached.has(key)) return err({ kind: 'block-not-cached', key });
    this.touch(key);
    return ok(encodeBlock({ key, modelHash: this.modelHash, layout: this.layout, payload: simulatedPayload(key, this.blockBytes), digest }));
  }

  importBlock(bytes: Uint8Array, key: BlockKey, digest?: BlockDigest): Result<'imported' | 'already-cached', BlockImportError> {
    const decoded = decodeBlock(bytes, { key, digest, modelHash: this.modelHash, layout: this.layout });
    if (!decoded.ok) return decoded;
    if (this.cached.has(key)) return ok('already-cached');
    this.seal(key);
    return ok('imported');
  }

  arenaStats(): KvArenaStats {
    let inUseBlocks = 0;
    for (const s of this.sequences.values()) inUseBlocks += Math.ceil(s.tokens.length / this.options.blockSizeTokens);
    const capacityBlocks = this.options.arenaBlocks;
    return { capacityBlocks, inUseBlocks, cachedBlocks: this.cached.size, freeBlocks: Math.max(0, capacityBlocks - inUseBlocks - this.cached.size) };
  }

  /** Waits out `simulatedMs` of compute after whatever this engine is already computing. */
  private run(simulatedMs: number): Promise<void> {
    const done = this.compute.then(() => this.options.delay(simulatedMs * this.options.timeScale));
    this.compute = done;
    return done;
  }

  private check(sequence: Sequence, added: number, tokens: readonly number[]): Result<void, EngineError> {
    const requestedTokens = sequence.tokens.length + added;
    if (requestedTokens > this.options.contextTokens) return err({ kind: 'context-overflow', contextTokens: this.options.contextTokens, requestedTokens });
    const bad = tokens.find((t) => !Number.isInteger(t) || t < 0 || t >= BYTE_VOCAB.size);
    return bad === undefined ? ok(undefined) : err({ kind: 'invalid-token', token: bad, vocabSize: BYTE_VOCAB.size });
  }

  /** How many leading blocks are cached, each touched as a hit. */
  private reuse(keys: readonly BlockKey[]): number {
    const n = this.cachedPrefixBlocks(keys);
    for (let i = 0; i < n; i++) this.touch(keys[i]!);
    return n;
  }

  /** Appends tokens and seals every block they complete. */
  private append(sequence: Sequence, tokens: readonly number[]): void {
    sequence.tokens.push(...tokens);
    const size = this.options.blockSizeTokens;
    const full = Math.floor(sequence.tokens.length / size);
    if (full === sequence.keys.length) return;
    const fresh = sequence.hasher.keys(sequence.tokens.slice(sequence.keys.length * size, full * size), sequence.keys[sequence.keys.length - 1], sequence.keys.length);
    for (const key of fresh) {
      sequence.keys.push(key);
      if (this.cached.has(key)) this.touch(key);
      else this.seal(key);
    }
  }

  private seal(key: BlockKey): void {
    this.cached.set(key, true);
    this.options.observer?.blockStored(key);
    while (this.cached.size > this.options.arenaBlocks) {
      const oldest = this.cached.keys().next().value as BlockKey;
      this.cached.delete(oldest);
      this.options.observer?.blockRemoved(oldest);
    }
  }

  private touch(key: BlockKey): void {
    this.cached.delete(key);
    this.cached.set(key, true);
  }

  private hasher(tenantSalt: string): BlockKeyHasher {
    let hasher = this.hashers.get(tenantSalt);
    if (!hasher) {
      hasher = new BlockKeyHasher(blockHashOptions({ modelId: this.info.modelId, tenantSalt, blockSizeTokens: this.options.blockSizeTokens }));
      this.hashers.set(tenantSalt, hasher);
    }
    return hasher;
  }
}
