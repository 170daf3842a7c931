import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import { byteLanguage } from '../model/model-language';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { hashApiKey } from './api-key.hash';
import { cachedTokensByScope, promptSalt } from './prompt-salt';
import { prefixTokens, SharedPrefixMatcher } from './shared-prefix.matcher';
import { type Tenancy } from './tenancy.model';

const BLOCK = 4;
const language = byteLanguage();
const SYSTEM = 'You are the support bot of Acme.';
/** 21 bytes: five whole blocks and one token of a sixth; with the tools line, 34 (eight and two). */
const SHARED = 'Shared preamble, v1.\n';
const entries = ['a', 'b', 'outsider', 'h-member'].map((tenant) => ({ hash: hashApiKey(`tsk-${tenant}`), tenant, seeRouting: true }));
const groups = [
  { name: 'g', tenants: ['a', 'b'], sharedPrefixes: [{ kind: 'text' as const, text: SHARED }, { kind: 'text' as const, text: `${SHARED}Tools: none.\n` }, { kind: 'system' as const, text: SYSTEM }] },
  { name: 'h', tenants: ['h-member'], sharedPrefixes: [{ kind: 'text' as const, text: SHARED }] },
];
const auth = new ApiKeyAuthenticator(entries, Buffer.alloc(32, 9), groups);
const tenancy = (tenant: string): Tenancy => {
  const r = auth.authenticate(`Bearer tsk-${tenant}`);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

/** The block keys an instance computes for the prompt as the conductor salts it. */
function keysFor(tenant: string, text: string, matcher = new SharedPrefixMatcher()): { keys: string[]; sharedTokens: number } {
  const tokens = language.completionTokens(text);
  const salt = promptSalt(tenancy(tenant), { tokens, tokenizerId: 'bytes', language }, matcher);
  const keys = new BlockKeyHasher(blockHashOptions({ modelId: 'tiny', tenantSalt: salt.tenantSalt, blockSizeTokens: BLOCK })).keys(tokens);
  return { keys, sharedTokens: salt.sharedTokens };
}

function commonBlocks(x: readonly string[], y: readonly string[]): number {
  let n = 0;
  while (n < x.length && x[n] === y[n]) n += 1;
  return n;
}

describe('promptSalt: which blocks a tenant shares with whom', () => {
  const privateA = `${SHARED}Acme's private notes: the code is 1234.`;

  it.each<[string, string, string, string, string, number]>([
    ['two members, the prefix matched, a partial block at the boundary', 'a', privateA, 'b', privateA, 5],
    ['two members, the longer prefix matched by one of them', 'a', `${SHARED}Tools: none.\nHello`, 'b', `${SHARED}Tools: none.\nHello`, 8],
    ['a member and a non-member with the same text', 'a', privateA, 'outsider', privateA, 0],
    ['members of two groups declaring the same prefix', 'a', privateA, 'h-member', privateA, 0],
    ['two members, the prefix not matched (one byte differs)', 'a', `shared preamble, v1.\nSame text after.`, 'b', `shared preamble, v1.\nSame text after.`, 0],
    ['two members, the prompt shorter than the prefix', 'a', 'Shared preamble', 'b', 'Shared preamble', 0],
  ])('%s', (_name, tenantX, textX, tenantY, textY, sharedBlocks) => {
    const x = keysFor(tenantX, textX).keys;
    const y = keysFor(tenantY, textY).keys;
    expect(commonBlocks(x, y)).toBe(sharedBlocks);
    expect(x.slice(sharedBlocks).some((key) => y.includes(key))).toBe(false);
  });

  it('counts the matched prefix in tokens, the longest declared one first; only its whole blocks are the group\'s', () => {
    expect(SHARED.length).toBe(21);
    expect(keysFor('a', privateA).sharedTokens).toBe(SHARED.length);
    expect(keysFor('a', `${SHARED}Tools: none.\nHello`).sharedTokens).toBe(`${SHARED}Tools: none.\n`.length);
    expect(keysFor('outsider', privateA).sharedTokens).toBe(0);
    expect(cachedTokensByScope(40, SHARED.length, BLOCK)).toEqual({ group: 20, tenant: 20 });
    expect(cachedTokensByScope(12, SHARED.length, BLOCK)).toEqual({ group: 12, tenant: 0 });
    expect(cachedTokensByScope(8, 0, BLOCK)).toEqual({ group: 0, tenant: 8 });
  });

  it('keys a non-member exactly as before groups existed: its own salt, unscoped', () => {
    const tokens = language.completionTokens(privateA);
    expect(promptSalt(tenancy('outsider'), { tokens, tokenizerId: 'bytes', language }, new SharedPrefixMatcher())).toEqual({ tenantSalt: tenancy('outsider').tenantSalt, sharedTokens: 0 });
    expect(tenancy('outsider').sharing).toBeUndefined();
  });

  it('shares a system prompt between two members\' chats up to the first user turn\'s text, and nothing after', () => {
    const chat = (user: string) => language.chatTokens([{ role: 'system', content: SYSTEM }, { role: 'user', content: user }]);
    const shared = prefixTokens({ kind: 'system', text: SYSTEM }, language);
    expect(chat('Where is my order?').slice(0, shared.length)).toEqual(shared);
    expect(Buffer.from(shared).toString('latin1')).toContain(SYSTEM);
    const matcher = new SharedPrefixMatcher();
    const salted = (tenant: string, user: string) => promptSalt(tenancy(tenant), { tokens: chat(user), tokenizerId: 'bytes', language }, matcher);
    expect(salted('a', 'Where is my order?').sharedTokens).toBe(shared.length);
    expect(salted('b', 'Something else').sharedTokens).toBe(shared.length);
    expect(salted('a', 'x').tenantSalt).not.toBe(salted('b', 'x').tenantSalt);
  });
});
