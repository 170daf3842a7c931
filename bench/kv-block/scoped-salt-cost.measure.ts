import * as os from 'node:os';
import { BlockDigestHasher, BlockKeyHasher, blockHashOptions, type HashNamespace, scopedSalt } from '@tsukimi/kv-block';
import { alternatingMedianUs } from './alternating-rounds';

/**
 * What a tenant group's shared prefix costs the hashing of a prompt: an 8k-token prompt's keys and
 * digests under a plain tenant salt (the baseline), against the same under a scoped salt whose
 * shared prefix is 2k tokens (two kernel calls chained at the boundary), timed in alternating
 * rounds in one process so both see the same machine.
 * Run: node -r ./tools/runtime/register.js bench/kv-block/scoped-salt-cost.measure.ts
 */
const blockSizeTokens = Number(process.env['BLOCK_TOKENS'] ?? 16);
const PROMPT_TOKENS = 8192;
const SHARED_TOKENS = 2050;
const ROUNDS = 41;
const REPEATS = 50;

const tokens = Array.from({ length: PROMPT_TOKENS }, (_, i) => 32 + ((i * 2_654_435_761) >>> 0) % 95);
const plain: HashNamespace = { modelId: 'tiny-llama-d64', tenantSalt: 'ab'.repeat(32), blockSizeTokens };
const scoped: HashNamespace = { ...plain, tenantSalt: scopedSalt({ groupSalt: 'cd'.repeat(32), sharedTokens: SHARED_TOKENS, tenantSalt: plain.tenantSalt }) };
const hashers = (namespace: HashNamespace) => ({ keys: new BlockKeyHasher(blockHashOptions(namespace)), digests: new BlockDigestHasher(namespace) });
const [p, s] = [hashers(plain), hashers(scoped)];

const variants: Record<string, () => unknown> = {
  'plain keys': () => p.keys.keyWords(tokens),
  'scoped keys': () => s.keys.keyWords(tokens),
  'plain keys+digests': () => [p.keys.keys(tokens), p.digests.digests(tokens)],
  'scoped keys+digests': () => [s.keys.keys(tokens), s.digests.digests(tokens)],
};

const medianUs = alternatingMedianUs(variants, ROUNDS, REPEATS);
const report = Object.fromEntries(Object.entries(medianUs).map(([name, us]) => [name, { medianUs: Number(us.toFixed(1)) }]));
const ratio = (a: string, b: string) => Number((medianUs[a]! / medianUs[b]!).toFixed(2));
console.log(
  JSON.stringify(
    {
      promptTokens: PROMPT_TOKENS,
      sharedTokens: SHARED_TOKENS,
      blockSizeTokens,
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      ...report,
      scopedOverPlainKeys: ratio('scoped keys', 'plain keys'),
      scopedOverPlainKeysAndDigests: ratio('scoped keys+digests', 'plain keys+digests'),
    },
    null,
    1,
  ),
);
