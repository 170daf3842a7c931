import { attendedPairs, type EngineProfile, type TransferPath, usableReuseTokens } from '@tsukimi/scheduler';
import { kvBytesPerToken, type ModelSheet } from './model.spec-sheet';
import { type NodeSheet } from './node.spec-sheet';

/**
 * Times one instance (one node, its GPUs tensor-parallel) from a model and a node sheet.
 *
 * Prefill of n tokens costs l·(4n²d + 22nd²) FLOPs: 22nd² for the linear layers, 4n²d for
 * attention. Attention is 8d FLOPs per (query, key) pair with the causal mask, n²/2 pairs for a
 * fresh prompt; computing c tokens after r cached ones evaluates c·r + c(c+1)/2 pairs, so the
 * quadratic term becomes about 4d((r+c)² − r²): the cached prefix is still attended to, only its
 * own pairs are saved. Decode is bound by HBM: a step reads the weights once and every
 * request's KV, so its time is (weights + context tokens × KV bytes per token) ÷ bandwidth.
 */
export class CostModel {
  readonly kvBytesPerToken: number;
  readonly kvCapacityTokens: number;
  private readonly flopsPerS: number;
  private readonly hbmBytesPerS: number;

  constructor(
    readonly model: ModelSheet,
    readonly node: NodeSheet,
    readonly blockSizeTokens: number,
  ) {
    this.kvBytesPerToken = kvBytesPerToken(model);
    this.flopsPerS = node.gpus * node.peakFlopsPerGpu * node.mfu;
    this.hbmBytesPerS = node.gpus * node.hbmBytesPerSPerGpu * node.hbmUtilisation;
    const hbmForKv = node.gpus * node.hbmBytesPerGpu * (1 - node.hbmReserveRatio) - this.weightsBytes;
    this.kvCapacityTokens = Math.max(0, Math.floor(hbmForKv / this.kvBytesPerToken));
  }

  get weightsBytes(): number {
    return this.model.parameters * this.model.bytesPerValue;
  }

  get blockBytes(): number {
    return this.blockSizeTokens * this.kvBytesPerToken;
  }

  /** FLOPs of computing a prompt's tokens past `reusedTokens` of cached prefix (the last token always computed). */
  prefillFlops(promptTokens: number, reusedTokens: number): number {
    const reused = usableReuseTokens(promptTokens, reusedTokens);
    const computed = promptTokens - reused;
    const d = this.model.hiddenSize;
    return this.model.layers * (22 * computed * d * d + 8 * d * attendedPairs(computed, reused));
  }

  prefillMs(promptTokens: number, reusedTokens: number): number {
    return (this.prefillFlops(promptTokens, reusedTokens) / this.flopsPerS) * 1000;
  }

  decodeStepMs(batchSize: number, contextTokens: number): number {
    if (batchSize <= 0) return 0;
    return ((this.weightsBytes + contextTokens * this.kvBytesPerToken) / this.hbmBytesPerS) * 1000;
  }

  /**
   * One step of a batch mixing prompt chunks (`computed` tokens after `reused` already in KV) with
   * `decodeBatch` decodes over `decodeContextTokens`, as a chunked-prefill engine runs it. The
   * linear layers take every token of the step in one pass, as slow as the slower of their FLOPs
   * and one read of the weights; attention runs after them as kernels of its own, the chunks' at
   * the FLOP rate, the decodes' as long as reading their KV takes. A step of one chunk alone costs
   * `prefillMs` once the chunk is long enough to be compute-bound; of decodes alone, `decodeStepMs`.
   */
  mixedStepMs(chunks: readonly { readonly computed: number; readonly reused: number }[], decodeBatch: number, decodeContextTokens: number): number {
    const d = this.model.hiddenSize;
    const l = this.model.layers;
    const tokens = chunks.reduce((sum, c) => sum + c.computed, 0) + decodeBatch;
    if (tokens === 0) return 0;
    const linearMs = Math.max((l * 22 * tokens * d * d) / this.flopsPerS, this.weightsBytes / this.hbmBytesPerS) * 1000;
    const chunkAttentionMs = (chunks.reduce((sum, c) => sum + l * 8 * d * attendedPairs(c.computed, c.reused), 0) / this.flopsPerS) * 1000;
    const decodeAttentionMs = ((decodeContextTokens * this.kvBytesPerToken) / this.hbmBytesPerS) * 1000;
    return linearMs + chunkAttentionMs + decodeAttentionMs;
  }

  /** Bandwidth of each way KV reaches a prefill instance: another node's memory over the network, or an SSD. */
  get bandwidthBytesPerS(): Readonly<Record<TransferPath, number>> {
    return { 'device-remote': this.node.networkBytesPerS, dram: this.node.networkBytesPerS, ssd: Math.min(this.node.ssdReadBytesPerS, this.node.networkBytesPerS) };
  }

  transferMs(blocks: number, path: TransferPath): number {
    return ((blocks * this.blockBytes) / this.bandwidthBytesPerS[path]) * 1000;
  }

  /**
   * How long after its prefill ends a prompt's KV reaches its decode instance. The KV streams
   * layer by layer while the prefill computes, so only what the network could not carry during
   * the compute is left, and at least the last layer's share.
   */
  kvHandoffMs(promptTokens: number, prefillComputeMs: number): number {
    const sendMs = ((promptTokens * this.kvBytesPerToken) / this.node.networkBytesPerS) * 1000;
    return Math.max(sendMs / this.model.layers, sendMs - prefillComputeMs);
  }

  /** The same model in the scheduler's terms, so its estimates are exactly the simulated times. */
  engineProfile(): EngineProfile {
    const d = this.model.hiddenSize;
    const msPerFlop = 1000 / this.flopsPerS;
    return {
      engine: `simulated ${this.model.name} on ${this.node.name}`,
      blockSizeTokens: this.blockSizeTokens,
      blockBytes: this.blockBytes,
      prefill: { baseMs: 0, msPerComputedToken: this.model.layers * 22 * d * d * msPerFlop, msPerAttendedPair: this.model.layers * 8 * d * msPerFlop },
      decode: { baseMs: (this.weightsBytes / this.hbmBytesPerS) * 1000, msPerRequest: 0, msPerContextToken: (this.kvBytesPerToken / this.hbmBytesPerS) * 1000 },
    };
  }
}
