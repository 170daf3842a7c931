import * as os from 'node:os';
import { xxh3 } from '@node-rs/xxhash';
import { BlockDigestHasher, BlockKeyHasher, blockHashOptions, type HashNamespace } from '@tsukimi/kv-block';
import { alternatingMedianUs } from './alternating-rounds';

/**
 * What block digests add to hashing a prompt: an 8k-token prompt's keys alone, against its keys
 * and digests, timed in alternating rounds in one process so both see the same machine. Also a
 * 128-bit XXH3 per block through the native binding, the digest design not taken.
 * Run: node -r ./tools/runtime/register.js bench/kv-block/digest-cost.measure.ts
 */
const namespace: HashNamespace = { modelId: 'tiny-llama-d64', tenantSalt: 'acme', blockSizeTokens: Number(process.env['BLOCK_TOKENS'] ?? 16) };
const PROMPT_TOKENS = 8192;
const ROUNDS = 41;
const REPEATS = 50;

const tokens = Array.from({ length: PROMPT_TOKENS }, (_, i) => 32 + ((i * 2_654_435_761) >>> 0) % 95);
const keys = new BlockKeyHasher(blockHashOptions(namespace));
const digests = new BlockDigestHasher(namespace);

function nativeDigests(): bigint {
  const size = namespace.blockSizeTokens;
  const bytes = new Uint8Array(16 + size * 4);
  const view = new DataView(bytes.buffer);
  let parent = 0n;
  for (let block = 0; block < PROMPT_TOKENS / size; block++) {
    view.setBigUint64(0, parent & 0xffff_ffff_ffff_ffffn, true);
    view.setBigUint64(8, parent >> 64n, true);
    for (let i = 0; i < size; i++) view.setUint32(16 + 4 * i, tokens[block * size + i]!, true);
    parent = xxh3.xxh128(bytes, 0n);
  }
  return parent;
}

const variants: Record<string, () => unknown> = {
  keys: () => keys.keys(tokens),
  'keys+digests': () => [keys.keys(tokens), digests.digests(tokens)],
  'keys+native128': () => [keys.keys(tokens), nativeDigests()],
};

const medianUs = alternatingMedianUs(variants, ROUNDS, REPEATS);
const base = medianUs['keys']!;
const report = Object.fromEntries(Object.entries(medianUs).map(([name, us]) => [name, { medianUs: Number(us.toFixed(1)), overKeysAlone: Number((us / base).toFixed(2)) }]));
console.log(JSON.stringify({ promptTokens: PROMPT_TOKENS, blockSizeTokens: namespace.blockSizeTokens, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))), ...report }, null, 1));
