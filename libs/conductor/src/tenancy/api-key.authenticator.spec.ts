import { ApiKeyAuthenticator } from './api-key.authenticator';
import { hashApiKey, newApiKey } from './api-key.hash';
import { cacheSalt } from './cache-salt';

const SECRET = Buffer.alloc(32, 7);
const entries = [
  { hash: hashApiKey('tsk-alice'), tenant: 'alice', seeRouting: true },
  { hash: hashApiKey('tsk-alice-2'), tenant: 'alice', seeRouting: false },
  { hash: hashApiKey('tsk-bob'), tenant: 'bob', seeRouting: false },
  { hash: hashApiKey('tsk-carol'), tenant: 'carol', group: 'docs', seeRouting: false },
  { hash: hashApiKey('tsk-dave'), tenant: 'dave', group: 'docs', seeRouting: false },
];
const auth = new ApiKeyAuthenticator(entries, SECRET);
const salt = (key: string) => {
  const r = auth.authenticate(`Bearer ${key}`);
  return r.ok ? r.value.tenantSalt : undefined;
};

describe('ApiKeyAuthenticator', () => {
  it('decides the tenant and what it may see from the key', () => {
    expect(auth.authenticate('Bearer tsk-alice')).toEqual({ ok: true, value: { tenant: 'alice', tenantSalt: cacheSalt(SECRET, { tenant: 'alice' }), seeRouting: true } });
    expect(auth.authenticate('bearer  tsk-bob ')).toMatchObject({ ok: true, value: { tenant: 'bob', seeRouting: false } });
  });

  it.each([
    ['no header', undefined, 'missing-key'],
    ['an empty header', '', 'missing-key'],
    ['Basic auth', 'Basic dXNlcjpwYXNz', 'missing-key'],
    ['Bearer without a key', 'Bearer ', 'missing-key'],
    ['a key it does not know', 'Bearer tsk-mallory', 'unknown-key'],
    ['a stored hash sent as the key', `Bearer ${hashApiKey('tsk-alice')}`, 'unknown-key'],
    ['a known key with a suffix', 'Bearer tsk-alice-3', 'unknown-key'],
  ])('refuses %s', (_name, header, reason) => {
    expect(auth.authenticate(header)).toEqual({ ok: false, error: reason });
  });

  it.each([
    ['the x-api-key header alone', undefined, 'tsk-bob', { ok: true, value: expect.objectContaining({ tenant: 'bob' }) }],
    ['an unknown x-api-key', undefined, 'tsk-mallory', { ok: false, error: 'unknown-key' }],
    ['an empty x-api-key', undefined, '', { ok: false, error: 'missing-key' }],
    ['Authorization before x-api-key', 'Bearer tsk-alice', 'tsk-bob', { ok: true, value: expect.objectContaining({ tenant: 'alice' }) }],
    ['Authorization without a Bearer key, whatever x-api-key says', 'Basic dXNlcjpwYXNz', 'tsk-bob', { ok: false, error: 'missing-key' }],
  ])('reads %s, as Anthropic clients send their key', (_name, authorization, apiKey, outcome) => {
    expect(auth.authenticate(authorization, apiKey)).toEqual(outcome);
  });

  it('gives tenants their own salts, one per tenant across its keys, and a group one salt', () => {
    expect(salt('tsk-alice')).toBe(salt('tsk-alice-2'));
    expect(salt('tsk-alice')).not.toBe(salt('tsk-bob'));
    expect(salt('tsk-carol')).toBe(salt('tsk-dave'));
    expect(salt('tsk-carol')).not.toBe(salt('tsk-alice'));
  });

  it('derives salts the name alone does not give: another secret, other salts', () => {
    const other = new ApiKeyAuthenticator(entries, Buffer.alloc(32, 8)).authenticate('Bearer tsk-alice');
    expect(other.ok && other.value.tenantSalt).not.toBe(salt('tsk-alice'));
    expect(salt('tsk-alice')).not.toContain('alice');
  });

  it('accepts the keys newApiKey makes once their hash is stored', () => {
    const key = newApiKey();
    const fresh = new ApiKeyAuthenticator([{ hash: hashApiKey(key), tenant: 't', seeRouting: false }], SECRET);
    expect(fresh.authenticate(`Bearer ${key}`)).toMatchObject({ ok: true, value: { tenant: 't' } });
  });
});
