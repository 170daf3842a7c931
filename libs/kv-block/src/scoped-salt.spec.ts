import { blockHashOptions, type HashNamespace } from './block-hash-seed';
import { BlockDigestHasher } from './block-digest.hasher';
import { BlockKeyChain } from './block-key.chain';
import { BlockKeyHasher } from './block-key.hasher';
import { parseScopedSalt, scopedSalt } from './scoped-salt';

const BLOCK = 4;
const namespace = (tenantSalt: string): HashNamespace => ({ modelId: 'tiny', tenantSalt, blockSizeTokens: BLOCK });
const keysOf = (tenantSalt: string, tokens: readonly number[]) => new BlockKeyHasher(blockHashOptions(namespace(tenantSalt))).keys(tokens);
const scoped = (tenantSalt: string, sharedTokens: number, groupSalt = 'group-g') => scopedSalt({ groupSalt, sharedTokens, tenantSalt });

/** 6 blocks: a 10-token shared prefix (2 whole blocks and half of the third), then the rest. */
const prompt = Array.from({ length: 24 }, (_, i) => 100 + i);

describe('scopedSalt', () => {
  it.each([
    ['hex salts', { groupSalt: 'ab'.repeat(32), sharedTokens: 10, tenantSalt: 'cd'.repeat(32) }],
    ['salts holding the separator', { groupSalt: 'a\u0001b', sharedTokens: 1, tenantSalt: '\u0001' }],
    ['an empty tenant salt', { groupSalt: 'g', sharedTokens: 4_000_000_000, tenantSalt: '' }],
  ])('reads back what it wrote, for %s', (_name, scopes) => {
    expect(parseScopedSalt(scopedSalt(scopes))).toEqual(scopes);
  });

  it.each(['', 'acme', 'ab'.repeat(32), '\u0001scoped-salt-v1\u0001x'])('reads %j as a plain salt', (salt) => {
    expect(parseScopedSalt(salt)).toBeUndefined();
  });

  it('is the tenant salt itself when nothing is shared', () => {
    expect(scopedSalt({ groupSalt: 'g', sharedTokens: 0, tenantSalt: 'acme' })).toBe('acme');
    expect(() => scopedSalt({ groupSalt: 'g', sharedTokens: -1, tenantSalt: 'acme' })).toThrow(RangeError);
  });
});

describe('block keys under a scoped salt', () => {
  const a = keysOf(scoped('tenant-a', 10), prompt);
  const b = keysOf(scoped('tenant-b', 10), prompt);

  it.each<[string, () => readonly string[], number]>([
    ['a second member of the group', () => b, 2],
    ['the same member with a prefix that covers no whole block', () => keysOf(scoped('tenant-a', 3), prompt), 0],
    ['a member matching a longer prefix of the group (3 whole blocks)', () => keysOf(scoped('tenant-b', 12), prompt), 2],
    ['a tenant outside the group (its own salt)', () => keysOf('tenant-b', prompt), 0],
    ['a member of another group with the same prefix', () => keysOf(scoped('tenant-b', 10, 'group-h'), prompt), 0],
    ['the same tenant without the group', () => keysOf('tenant-a', prompt), 0],
    ['the group itself, sharing everything', () => keysOf('group-g', prompt), 2],
  ])('shares with %s exactly the leading blocks wholly inside both shared prefixes', (_name, other, shared) => {
    const theirs = other();
    const common = a.findIndex((key, i) => key !== theirs[i]);
    expect(common).toBe(shared);
    expect(a.slice(shared).some((key) => theirs.includes(key))).toBe(false);
  });

  it('keys the whole shared blocks as the group salt does and the partial boundary block as the tenant', () => {
    const group = keysOf('group-g', prompt);
    expect(a.slice(0, 2)).toEqual(group.slice(0, 2));
    expect(a[2]).not.toBe(group[2]);
    expect(new BlockKeyHasher(blockHashOptions(namespace(scoped('tenant-a', 10)))).sharedBlocks).toBe(2);
  });

  it('gives the same keys hashed in one call, in parts, and block by block through a chain', () => {
    const hasher = new BlockKeyHasher(blockHashOptions(namespace(scoped('tenant-a', 10))));
    const first = hasher.keys(prompt.slice(0, 4));
    expect([...first, ...hasher.keys(prompt.slice(4), first[0], 1)]).toEqual(a);
    const chain = new BlockKeyChain(hasher, a.slice(0, 1));
    chain.appendAll(prompt.slice(4));
    expect(chain.keys).toEqual(a);
    expect(new BlockKeyHasher({ ...blockHashOptions(namespace('x')), blockSizeTokens: 16 }).sharedBlocks).toBe(0);
  });

  it.each([4, 16, 61])('gives, for blocks of %i tokens (the kernel covers 5 to 60), the keys a block-by-block chain gives', (blockSizeTokens) => {
    const tokens = Array.from({ length: 10 * blockSizeTokens + 3 }, (_, i) => (i * 2_654_435_761) >>> 0);
    const sharedTokens = 3 * blockSizeTokens + 1;
    const options = (salt: string) => blockHashOptions({ modelId: 'tiny', tenantSalt: salt, blockSizeTokens });
    const hasher = new BlockKeyHasher(options(scopedSalt({ groupSalt: 'g', sharedTokens, tenantSalt: 't' })));
    const chain = new BlockKeyChain(hasher);
    chain.appendAll(tokens);
    const keys = hasher.keys(tokens);
    expect(chain.keys).toEqual(keys);
    expect(keys.slice(0, 3)).toEqual(new BlockKeyHasher(options('g')).keys(tokens).slice(0, 3));
    expect(keys.slice(3)).toEqual(new BlockKeyHasher(options('t')).keys(tokens.slice(3 * blockSizeTokens), keys[2], 3));
    expect(hasher.keys(Uint32Array.from(tokens))).toEqual(keys);
  });

  it('scopes block digests as it scopes keys', () => {
    const digests = (salt: string) => new BlockDigestHasher(namespace(salt)).digests(prompt);
    const [da, db, dOut] = [digests(scoped('tenant-a', 10)), digests(scoped('tenant-b', 10)), digests('tenant-b')];
    expect(da.slice(0, 2)).toEqual(db.slice(0, 2));
    expect(da.slice(2).some((d) => db.includes(d) || dOut.includes(d))).toBe(false);
    expect(dOut.some((d) => da.includes(d))).toBe(false);
    const hasher = new BlockDigestHasher(namespace(scoped('tenant-a', 10)));
    expect(hasher.digests(prompt.slice(8), da[1], 2)).toEqual(da.slice(2));
  });
});
