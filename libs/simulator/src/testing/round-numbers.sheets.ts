import { type ModelSheet } from '../cost/model.spec-sheet';
import { type NodeSheet } from '../cost/node.spec-sheet';

/**
 * A model and a node with round numbers, so that tests can work times out by hand: one layer,
 * d = 1000, 2,000 B of KV a token, 1 GB of weights; 1e12 FLOP/s (2e12 at 50% MFU), 1e11 B/s of
 * HBM, 1 GB/s of network and SSD.
 */
export const ROUND_MODEL: ModelSheet = { name: 'round', layers: 1, hiddenSize: 1000, attentionHeads: 10, kvHeads: 10, parameters: 1e9, bytesPerValue: 1 };

export const ROUND_NODE: NodeSheet = {
  name: 'round',
  gpus: 1,
  peakFlopsPerGpu: 2e12,
  hbmBytesPerGpu: 4e9,
  hbmBytesPerSPerGpu: 1e11,
  dramBytes: 1e10,
  ssdBytes: 1e11,
  ssdReadBytesPerS: 1e9,
  networkBytesPerS: 1e9,
  mfu: 0.5,
  hbmUtilisation: 1,
  hbmReserveRatio: 0,
};
