import { type BlockKey, decodeBlock, encodeBlock } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { PromptDigests } from '../pool/prompt-digests';
import { engine } from './serving-fixtures';

/**
 * What a 64-bit key collision puts in the pool: for each of `keys`, the block at the same position
 * of `otherPrompt`, computed on an engine of its own and exported with its digest, then sealed again
 * under the asked key. Sound bytes, a right checksum, the key as asked: only the digest tells that
 * the KV is another prompt's. Undefined for a key past `otherPrompt`'s blocks.
 */
export function collidedBlocks(keys: readonly BlockKey[], otherPrompt: readonly number[]): (key: BlockKey) => Uint8Array | undefined {
  const other = engine();
  expectOk(other.prefillNow(other.openSequence(), otherPrompt), 'prefill the other prompt');
  const otherKeys = other.blockKeys(otherPrompt);
  const digests = new PromptDigests(other).of(otherPrompt, otherKeys);
  const { modelHash, blockLayout } = other.info;
  return (key) => {
    const otherKey = otherKeys[keys.indexOf(key)];
    const bytes = otherKey === undefined ? undefined : other.exportBlock(otherKey, digests.get(otherKey));
    const block = bytes?.ok ? decodeBlock(bytes.value, { modelHash, layout: blockLayout }) : undefined;
    return block?.ok ? encodeBlock({ ...block.value, key }) : undefined;
  };
}
