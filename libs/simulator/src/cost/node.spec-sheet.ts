/** One node of the simulated cluster: its GPUs as one tensor-parallel instance, its memory tiers and links. */
export interface NodeSheet {
  readonly name: string;
  readonly gpus: number;
  /** Dense bf16 peak of one GPU. */
  readonly peakFlopsPerGpu: number;
  readonly hbmBytesPerGpu: number;
  readonly hbmBytesPerSPerGpu: number;
  readonly dramBytes: number;
  readonly ssdBytes: number;
  readonly ssdReadBytesPerS: number;
  /** RDMA bandwidth of the node to the others: KV fetched from a remote node and sent from prefill to decode. */
  readonly networkBytesPerS: number;
  /** Model FLOPs utilisation of prefill. */
  readonly mfu: number;
  /** Share of HBM bandwidth a decode step achieves. */
  readonly hbmUtilisation: number;
  /** Share of HBM held back from KV for activations and the runtime. */
  readonly hbmReserveRatio: number;
}

const GB = 1e9;
const GIB = 2 ** 30;
const GBIT = 1e9 / 8;

/** Assumptions shared by both presets (not published for the paper's testbed): see the README. */
const HOST = { dramBytes: 1024 * GIB, ssdBytes: 8e12, ssdReadBytesPerS: 6 * GB, mfu: 0.5, hbmUtilisation: 0.8, hbmReserveRatio: 0.1 } as const;

export const NODE_PRESETS: Readonly<Record<string, NodeSheet>> = {
  '8xa800': { name: '8×A800-SXM4-80GB', gpus: 8, peakFlopsPerGpu: 312e12, hbmBytesPerGpu: 80 * GB, hbmBytesPerSPerGpu: 2039 * GB, networkBytesPerS: 4 * 200 * GBIT, ...HOST },
  '8xh800': { name: '8×H800-SXM5-80GB', gpus: 8, peakFlopsPerGpu: 989.5e12, hbmBytesPerGpu: 80 * GB, hbmBytesPerSPerGpu: 3350 * GB, networkBytesPerS: 8 * 400 * GBIT, ...HOST },
};
