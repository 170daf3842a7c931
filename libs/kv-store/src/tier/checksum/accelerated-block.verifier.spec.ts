import { xxh3 } from '@node-rs/xxhash';
import { headerBytes } from '@tsukimi/kv-block';
import { verifyEncodedBlock } from '../../common/block-verifier';
import { encodedBlock, keyOf } from '../../testing/block.fixture';
import { acceleratedBlockVerifier } from './accelerated-block.verifier';
import { Xxh3Hasher } from './xxh3.hasher';

/** The checksum is the header's last field. */
const CHECKSUM_OFFSET = headerBytes - 8;

/** A copy of `bytes` changed by `edit`; with `reseal`, its checksum is recomputed so only the edit is judged. */
function edited(bytes: Uint8Array, edit: (copy: Buffer) => Buffer, reseal = false): Uint8Array {
  const copy = edit(Buffer.from(bytes));
  if (reseal) copy.writeBigUInt64LE(xxh3.xxh64(copy.subarray(headerBytes), xxh3.xxh64(copy.subarray(0, CHECKSUM_OFFSET), 0n)), CHECKSUM_OFFSET);
  return copy;
}

const flip = (offset: number) => (copy: Buffer) => {
  copy[offset] = (copy[offset] ?? 0) ^ 0x10;
  return copy;
};

describe('acceleratedBlockVerifier', () => {
  const verify = acceleratedBlockVerifier(Xxh3Hasher.create());
  // 64 KiB of payload: the hasher's WebAssembly path.
  const tokens = 4096;
  const key = keyOf(0x51d);
  const sound = encodedBlock(key, tokens);

  it.each([
    { name: 'a sound block', key, bytes: sound, kind: undefined },
    { name: 'a sound small block', key, bytes: encodedBlock(key), kind: undefined },
    { name: 'a flipped payload byte', key, bytes: edited(sound, flip(30_000)), kind: 'checksum-mismatch' },
    { name: 'a flipped last payload byte', key, bytes: edited(sound, flip(sound.length - 1)), kind: 'checksum-mismatch' },
    { name: 'a flipped checksum byte', key, bytes: edited(sound, flip(CHECKSUM_OFFSET + 3)), kind: 'checksum-mismatch' },
    { name: 'a flipped digest byte', key, bytes: edited(sound, flip(45)), kind: 'checksum-mismatch' },
    { name: 'a flipped model hash byte', key, bytes: edited(sound, flip(17)), kind: 'checksum-mismatch' },
    { name: 'a flipped magic byte', key, bytes: edited(sound, flip(1)), kind: 'bad-magic' },
    { name: 'another version', key, bytes: edited(sound, flip(4), true), kind: 'unsupported-version' },
    { name: 'another key', key: keyOf(7), bytes: sound, kind: 'key-mismatch' },
    { name: 'a truncated header', key, bytes: sound.subarray(0, 30), kind: 'truncated' },
    { name: 'a truncated payload', key, bytes: sound.subarray(0, sound.length - 1), kind: 'truncated' },
    { name: 'a trailing byte', key, bytes: Buffer.concat([sound, Buffer.from([0])]), kind: 'length-mismatch' },
    { name: 'an unknown dtype', key, bytes: edited(sound, (copy) => (copy.writeUInt16LE(99, 34), copy), true), kind: 'layout-mismatch' },
    { name: 'a layout that disagrees with the payload size', key, bytes: edited(sound, (copy) => (copy.writeUInt32LE(tokens / 2, 24), copy), true), kind: 'length-mismatch' },
  ])('judges $name as verifyEncodedBlock does', ({ key: expectedKey, bytes, kind }) => {
    const reference = verifyEncodedBlock(expectedKey, bytes);
    expect(reference.ok ? undefined : reference.error.kind).toBe(kind);
    expect(verify(expectedKey, bytes)).toEqual(reference);
  });
});
