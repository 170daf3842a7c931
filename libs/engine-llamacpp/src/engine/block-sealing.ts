import { type EngineInfo } from '@tsukimi/engine';
import { type BlockKey, encodeBlockHeader, headerBytes, payloadBytes } from '@tsukimi/kv-block';
import { copyRunOut } from '../state/sequence-state.cutter';
import { type SequenceState } from '../state/sequence-state.reader';

/**
 * Block `blockIndex` of a saved state as encoded block bytes: the tokens' KV is cut straight
 * into the payload's place after the header, so a sealed block is copied once, not twice.
 */
export function encodeStateBlock(state: SequenceState, blockIndex: number, key: BlockKey, info: Pick<EngineInfo, 'modelHash' | 'blockLayout'>): Uint8Array {
  const layout = info.blockLayout;
  const bytes = new Uint8Array(headerBytes + payloadBytes(layout));
  const payload = bytes.subarray(headerBytes);
  copyRunOut(state, blockIndex * layout.blockSizeTokens, layout.blockSizeTokens, payload);
  bytes.set(encodeBlockHeader({ key, modelHash: info.modelHash, layout, payload }), 0);
  return bytes;
}
