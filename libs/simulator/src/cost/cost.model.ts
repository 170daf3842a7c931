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
