import {
  type BlockDigest,
  type BlockKey,
  type BlockLayout,
  BlockKeyChain,
  BlockKeyHasher,
  blockHashOptions,
  decodeBlock,
  encodeBlock,
  hashModelBytes,
  type ModelHash,
} from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { KernelHeap } from '../kernels/kernel-heap';
import { type Kernels } from '../kernels/kernels.port';
import { JsKernels } from '../kernels/js.kernels';
import { WasmKernels } from '../kernels/wasm/wasm.kernels';
import { type BlockId } from '../kv/block-id';
import { KvArena } from '../kv/kv-arena';
import { KvGeometry } from '../kv/kv-geometry';
import { type LlamaConfig } from '@tsukimi/llama-model';
import { loadLlamaModel, type LlamaModel, type ModelLoadError } from '../model/llama-weights';
import { Activations } from '../transformer/activations';
import { type ForwardRows } from '../transformer/forward-rows';
import { heapWeightsBytes, storeWeights } from '../transformer/heap-weights';
import { LlamaForward } from '../transformer/llama.forward';
import { type BlockImportError, type BlockNotCached, type DecodeEntry, type Engine, type EngineError, type EngineInfo, type KvArenaObserver, type KvArenaStats, type PrefillOptions, type PrefillOutcome, type SequenceId, type Tokenizer } from '@tsukimi/engine';
import { KvSequence } from './kv-sequence';
import { modelTokenizer } from '../model/model-tokenizer';

export interface ReferenceEngineOptions {
  /** Tokens per KV block. */
  readonly blockSizeTokens: number;
  /** The arena's budget: how many blocks fit in this engine's "device memory". */
  readonly arenaBlocks: number;
  /** Prefill computes at most this many tokens per forward pass; also the largest decode batch per pass. */
  readonly prefillChunkTokens: number;
  /** Builds the compute kernels over the engine's heap; WebAssembly SIMD where the model's shape allows, else the JS reference kernels. */
  readonly kernels?: (heap: KernelHeap) => Kernels;
  readonly observer?: KvArenaObserver;
}

export const REFERENCE_ENGINE_DEFAULTS = { blockSizeTokens: 16, arenaBlocks: 4096, prefillChunkTokens: 512 } as const;

/**
 * The reference engine: a Llama transformer in TypeScript over a paged KV arena.
 * Full blocks are sealed under chained keys and reused by later prefills; any block
 * can leave as verified bytes and enter another engine of the same model and layout.
 */
export class ReferenceEngine implements Engine {
  readonly modelId: string;
  readonly modelHash: ModelHash;
  readonly config: LlamaConfig;
  readonly tokenizer: Tokenizer;
  readonly blockLayout: BlockLayout;
  readonly info: EngineInfo;
  private readonly arena: KvArena;
  private readonly forward: LlamaForward;
  private readonly sequences = new Map<SequenceId, KvSequence>();
  private readonly hashers = new Map<string, BlockKeyHasher>();
  private nextSequenceId = 1;

  private constructor(
    model: LlamaModel,
    modelHash: ModelHash,
    tokenizer: Tokenizer,
    private readonly options: ReferenceEngineOptions,
  ) {
    this.tokenizer = tokenizer;
    this.modelId = model.modelId;
    this.modelHash = modelHash;
    this.config = model.config;
    const geometry = new KvGeometry({
      layers: model.config.layers,
      kvHeads: model.config.kvHeads,
      headDim: model.config.headDim,
      blockSizeTokens: options.blockSizeTokens,
    });
    this.blockLayout = { layers: geometry.layers, kvHeads: geometry.kvHeads, headDim: geometry.headDim, blockSizeTokens: geometry.blockSizeTokens, dtype: 'f32' };
    const maxRows = options.prefillChunkTokens;
    const maxTableBlocks = Math.ceil(model.config.contextTokens / geometry.blockSizeTokens);
    const heap = new KernelHeap(
      heapWeightsBytes(model.weights) + KernelHeap.footprint(options.arenaBlocks * geometry.blockFloats) + Activations.bytes(model.config, maxRows, maxTableBlocks),
    );
    const weights = storeWeights(heap, model.weights);
    this.arena = new KvArena(geometry, options.arenaBlocks, heap, options.observer);
    this.info = { engine: 'reference', modelId: this.modelId, modelHash, blockLayout: this.blockLayout, contextTokens: model.config.contextTokens, vocabSize: model.config.vocabSize };
    const kernels = options.kernels ? options.kernels(heap) : defaultKernels(heap, model.config.headDim);
    this.forward = new LlamaForward(model.config, weights, this.arena, heap, kernels, maxRows);
  }

  /** Loads a Llama GGUF (F32 or F16 weights). */
  static fromGguf(bytes: Uint8Array, options: Partial<ReferenceEngineOptions> = {}): Result<ReferenceEngine, ModelLoadError> {
    const model = loadLlamaModel(bytes);
    if (!model.ok) return model;
    const tokenizer = modelTokenizer(model.value.metadata);
    if (!tokenizer.ok) return err({ kind: 'unsupported-tokenizer', message: `the model's tokenizer cannot be used: ${tokenizer.error}` });
    return ok(new ReferenceEngine(model.value, hashModelBytes(bytes), tokenizer.value, { ...REFERENCE_ENGINE_DEFAULTS, ...options }));
  }

  get blockSizeTokens(): number {
    return this.options.blockSizeTokens;
  }

  /** Opens an empty sequence whose block keys live in the namespace of `tenantSalt`. This engine loads no adapters: naming one is a caller bug. */
  openSequence(tenantSalt = '', adapter?: string): SequenceId {
    refuseAdapter(adapter);
    const id = this.nextSequenceId++ as SequenceId;
    this.sequences.set(id, new KvSequence(id, this.hasher(tenantSalt)));
    return id;
  }

  /** Releases the sequence's blocks; its full blocks stay cached until the arena needs the space. */
  closeSequence(id: SequenceId): void {
    const sequence = this.sequences.get(id);
    if (!sequence) return;
    for (const block of sequence.table) this.arena.release(block);
    this.sequences.delete(id);
  }

  sequenceTokens(id: SequenceId): readonly number[] | undefined {
    return this.sequences.get(id)?.tokens;
  }

  /** Chained keys of the sequence's full blocks, in order. */
  sequenceBlockKeys(id: SequenceId): readonly BlockKey[] | undefined {
    return this.sequences.get(id)?.chain.keys;
  }

  /** Block keys of `tokens`' full blocks in the namespace of `tenantSalt`. */
  blockKeys(tokens: readonly number[], tenantSalt = '', adapter?: string): BlockKey[] {
    refuseAdapter(adapter);
    return this.hasher(tenantSalt).keys(tokens);
  }

  /** How many of `keys`, from the first, this engine's arena holds. */
  cachedPrefixBlocks(keys: readonly BlockKey[]): number {
    let n = 0;
    while (n < keys.length && this.arena.has(keys[n]!)) n++;
    return n;
  }

  /**
   * Appends `tokens` to the sequence and computes their KV, in chunks. On an empty
   * sequence the longest run of cached leading blocks is reused instead of computed;
   * if every token is cached, the last one is re-evaluated for its logits alone.
   */
  prefill(id: SequenceId, tokens: readonly number[], options: PrefillOptions = {}): Promise<Result<PrefillOutcome, EngineError>> {
    return Promise.resolve(this.prefillNow(id, tokens, options));
  }

  /** `prefill`, computed on the calling thread before it returns. */
  prefillNow(id: SequenceId, tokens: readonly number[], options: PrefillOptions = {}): Result<PrefillOutcome, EngineError> {
    const sequence = this.sequences.get(id);
    if (!sequence) return err({ kind: 'unknown-sequence', sequenceId: id });
    if (tokens.length === 0) return err({ kind: 'empty-prompt' });
    const checked = this.checkTokens(sequence, tokens);
    if (!checked.ok) return checked;

    const reusedTokens = sequence.lengthTokens === 0 ? this.reusePrefix(sequence, tokens) : 0;
    const start = sequence.lengthTokens;
    const grown = this.growTable(sequence, start + tokens.length - reusedTokens);
    if (!grown.ok) {
      if (reusedTokens > 0) this.reset(sequence);
      return grown;
    }

    const mode = options.logits ?? 'last';
    const chunk = Math.min(this.forward.maxRows, Math.max(1, options.chunkTokens ?? this.options.prefillChunkTokens));
    const logits: Float32Array[] = [];
    const rest = tokens.slice(reusedTokens);
    for (let offset = 0; offset < rest.length; offset += chunk) {
      const piece = rest.slice(offset, offset + chunk);
      const isLast = offset + chunk >= rest.length;
      const wanted = mode === 'all' ? piece.map((_, i) => i) : isLast && mode === 'last' ? [piece.length - 1] : [];
      logits.push(...this.forward.run(this.rows(sequence, piece, wanted, true)));
      this.append(sequence, piece);
    }
    if (rest.length === 0 && mode !== 'none') {
      const last = sequence.lengthTokens - 1;
      const rows: ForwardRows = { tokens: [sequence.tokens[last]!], positions: [last], tables: [sequence.table], writeKv: [false], logitRows: [0] };
      logits.push(...this.forward.run(rows));
    }
    return ok({ logits, reusedTokens, computedTokens: rest.length });
  }

  /**
   * One continuous-batching step: appends one token to each sequence and returns each
   * one's next-token logits, in order. Either every sequence advances or none does.
   */
  decode(entries: readonly DecodeEntry[]): Promise<Result<Float32Array[], EngineError>> {
    return Promise.resolve(this.decodeNow(entries));
  }

  /** `decode`, computed on the calling thread before it returns. */
  decodeNow(entries: readonly DecodeEntry[]): Result<Float32Array[], EngineError> {
    const sequences: KvSequence[] = [];
    for (const entry of entries) {
      const sequence = this.sequences.get(entry.sequence);
      if (!sequence) return err({ kind: 'unknown-sequence', sequenceId: entry.sequence });
      const checked = this.checkTokens(sequence, [entry.token]);
      if (!checked.ok) return checked;
      sequences.push(sequence);
    }
    const allocated: [KvSequence, BlockId][] = [];
    for (const sequence of sequences) {
      const grown = this.growTable(sequence, sequence.lengthTokens + 1);
      if (!grown.ok) {
        for (const [owner, block] of allocated) {
          owner.table.pop();
          this.arena.release(block);
        }
        return grown;
      }
      if (grown.value !== undefined) allocated.push([sequence, grown.value]);
    }
    const logits: Float32Array[] = [];
    for (let first = 0; first < entries.length; first += this.forward.maxRows) {
      const batch = sequences.slice(first, first + this.forward.maxRows);
      const rows: ForwardRows = {
        tokens: batch.map((_, i) => entries[first + i]!.token),
        positions: batch.map((s) => s.lengthTokens),
        tables: batch.map((s) => s.table),
        writeKv: batch.map(() => true),
        logitRows: batch.map((_, i) => i),
      };
      logits.push(...this.forward.run(rows));
    }
    sequences.forEach((sequence, i) => this.append(sequence, [entries[i]!.token]));
    return ok(logits);
  }

  /** A cached block as verified, self-describing bytes (header and payload). */
  exportBlock(key: BlockKey, digest?: BlockDigest): Result<Uint8Array, BlockNotCached> {
    const id = this.arena.acquire(key);
    if (id === undefined) return err({ kind: 'block-not-cached', key });
    const view = this.arena.view(id);
    const payload = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const bytes = encodeBlock({ key, modelHash: this.modelHash, layout: this.blockLayout, payload, digest });
    this.arena.release(id);
    return ok(bytes);
  }

  /**
   * Verifies a block exported by an engine of the same model and layout and caches it
   * under `key`. A corrupt or foreign block is refused and nothing is stored.
   */
  importBlock(bytes: Uint8Array, key: BlockKey, digest?: BlockDigest): Result<'imported' | 'already-cached', BlockImportError> {
    const decoded = decodeBlock(bytes, { key, digest, modelHash: this.modelHash, layout: this.blockLayout });
    if (!decoded.ok) return decoded;
    if (this.arena.has(key)) return ok('already-cached');
    const allocated = this.arena.allocate();
    if (!allocated.ok) return allocated;
    const view = this.arena.view(allocated.value);
    new Uint8Array(view.buffer, view.byteOffset, view.byteLength).set(decoded.value.payload);
    this.arena.seal(allocated.value, key);
    this.arena.release(allocated.value);
    return ok('imported');
  }

  arenaStats(): KvArenaStats {
    return this.arena.stats();
  }

  private hasher(tenantSalt: string): BlockKeyHasher {
    let hasher = this.hashers.get(tenantSalt);
    if (!hasher) {
      hasher = new BlockKeyHasher(blockHashOptions({ modelId: this.modelId, tenantSalt, blockSizeTokens: this.options.blockSizeTokens }));
      this.hashers.set(tenantSalt, hasher);
    }
    return hasher;
  }

  private checkTokens(sequence: KvSequence, tokens: readonly number[]): Result<void, EngineError> {
    const requestedTokens = sequence.lengthTokens + tokens.length;
    if (requestedTokens > this.config.contextTokens) {
      return err({ kind: 'context-overflow', contextTokens: this.config.contextTokens, requestedTokens });
    }
    for (const token of tokens) {
      if (!Number.isInteger(token) || token < 0 || token >= this.config.vocabSize) {
        return err({ kind: 'invalid-token', token, vocabSize: this.config.vocabSize });
      }
    }
    return ok(undefined);
  }

  /** Attaches the longest run of cached leading blocks; returns how many tokens they cover. */
  private reusePrefix(sequence: KvSequence, tokens: readonly number[]): number {
    const keys = sequence.hasher.keys(tokens);
    const reused: BlockKey[] = [];
    for (const key of keys) {
      const block = this.arena.acquire(key);
      if (block === undefined) break;
      sequence.table.push(block);
      reused.push(key);
    }
    const reusedTokens = reused.length * this.options.blockSizeTokens;
    sequence.tokens.push(...tokens.slice(0, reusedTokens));
    sequence.chain = new BlockKeyChain(sequence.hasher, reused);
    return reusedTokens;
  }

  /** Ensures the table covers `lengthTokens` positions; allocates all-or-nothing. Returns the one new block, if exactly one. */
  private growTable(sequence: KvSequence, lengthTokens: number): Result<BlockId | undefined, EngineError> {
    const needed = Math.ceil(lengthTokens / this.options.blockSizeTokens) - sequence.table.length;
    const fresh: BlockId[] = [];
    for (let i = 0; i < needed; i++) {
      const block = this.arena.allocate();
      if (!block.ok) {
        for (const id of fresh) this.arena.release(id);
        return block;
      }
      fresh.push(block.value);
    }
    sequence.table.push(...fresh);
    return ok(fresh.length === 1 ? fresh[0] : undefined);
  }

  private rows(sequence: KvSequence, tokens: readonly number[], logitRows: readonly number[], writeKv: boolean): ForwardRows {
    const start = sequence.lengthTokens;
    return {
      tokens,
      positions: tokens.map((_, i) => start + i),
      tables: tokens.map(() => sequence.table),
      writeKv: tokens.map(() => writeKv),
      logitRows,
    };
  }

  /** Records computed tokens and seals every block they completed (deduplicating against the cache). */
  private append(sequence: KvSequence, tokens: readonly number[]): void {
    const firstBlock = sequence.chain.keys.length;
    sequence.tokens.push(...tokens);
    const completed = sequence.chain.appendAll(tokens);
    completed.forEach((key, i) => {
      const index = firstBlock + i;
      const block = sequence.table[index]!;
      if (this.arena.seal(block, key)) return;
      const cached = this.arena.acquire(key);
      if (cached === undefined) return;
      this.arena.release(block);
      sequence.table[index] = cached;
    });
  }

  private reset(sequence: KvSequence): void {
    for (const block of sequence.table) this.arena.release(block);
    sequence.table.length = 0;
    sequence.tokens.length = 0;
    sequence.chain = new BlockKeyChain(sequence.hasher);
  }
}

/** WebAssembly SIMD kernels when the runtime and head size allow them (about 10× the JS kernels), else the JS reference kernels. */
function defaultKernels(heap: KernelHeap, headDim: number): Kernels {
  if (!WasmKernels.supports({ headDim })) return new JsKernels(heap);
  const kernels = new WasmKernels(heap);
  kernels.prepare({ headDim });
  return kernels;
}

function refuseAdapter(adapter: string | undefined): void {
  if (adapter !== undefined) throw new Error(`the reference engine loads no LoRA adapters; asked for '${adapter}'`);
}
