import { createHmac } from 'node:crypto';
import { cacheSalt, sharedPrefixSalt } from './cache-salt';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');

describe('cacheSalt', () => {
  it('is HMAC-SHA256 of the secret over the tenant, or over the group when one is named', () => {
    expect(cacheSalt(SECRET, { tenant: 'acme' })).toBe(createHmac('sha256', SECRET).update('tenant:acme').digest('hex'));
    expect(cacheSalt(SECRET, { tenant: 'acme', group: 'docs' })).toBe(createHmac('sha256', SECRET).update('group:docs').digest('hex'));
  });

  it('keeps a tenant out of a group named like it', () => {
    expect(cacheSalt(SECRET, { tenant: 'docs' })).not.toBe(cacheSalt(SECRET, { tenant: 'x', group: 'docs' }));
  });

  it('keys a tenant group\'s shared prefixes apart from every tenant and from a whole-cache group of the same name', () => {
    expect(sharedPrefixSalt(SECRET, 'docs')).toBe(createHmac('sha256', SECRET).update('shared-prefix:docs').digest('hex'));
    expect(sharedPrefixSalt(SECRET, 'docs')).not.toBe(cacheSalt(SECRET, { tenant: 'x', group: 'docs' }));
    expect(sharedPrefixSalt(SECRET, 'docs')).not.toBe(cacheSalt(SECRET, { tenant: 'docs' }));
    expect(sharedPrefixSalt(Buffer.alloc(32, 1), 'docs')).not.toBe(sharedPrefixSalt(SECRET, 'docs'));
  });
});
