import { type EngineInfo } from '@tsukimi/engine';
import { type BlockKey, encodeBlockHeader, headerBytes, payloadBytes } from '@tsukimi/kv-block';
import { copyRunsOut } from '../state/sequence-state.cutter';
import { type SequenceState } from '../state/sequence-state.reader';

/**
 * Blocks `firstBlock`, `firstBlock + 1`, … of a saved state (one per key) as encoded block
 * bytes: the tokens' KV is cut straight into each payload's place after its header, so a
 * sealed block is copied once, not twice.
 */
export function encodeStateBlocks(state: SequenceState, firstBlock: number, keys: readonly BlockKey[], info: Pick<EngineInfo, 'modelHash' | 'blockLayout'>): Uint8Array[] {
  const layout = info.blockLayout;
  const blocks = keys.map(() => new Uint8Array(headerBytes + payloadBytes(layout)));
  const runs = blocks.map((bytes) => ({ payload: bytes.subarray(headerBytes), slots: layout.blockSizeTokens }));
  copyRunsOut(state, firstBlock * layout.blockSizeTokens, runs);
  blocks.forEach((bytes, i) => bytes.set(encodeBlockHeader({ key: keys[i]!, modelHash: info.modelHash, layout, payload: runs[i]!.payload }), 0));
  return blocks;
}
