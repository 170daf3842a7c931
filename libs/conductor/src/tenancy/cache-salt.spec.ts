import { createHmac } from 'node:crypto';
import { cacheSalt } from './cache-salt';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');

describe('cacheSalt', () => {
  it('is HMAC-SHA256 of the secret over the tenant, or over the group when one is named', () => {
    expect(cacheSalt(SECRET, { tenant: 'acme' })).toBe(createHmac('sha256', SECRET).update('tenant:acme').digest('hex'));
    expect(cacheSalt(SECRET, { tenant: 'acme', group: 'docs' })).toBe(createHmac('sha256', SECRET).update('group:docs').digest('hex'));
  });

  it('keeps a tenant out of a group named like it', () => {
    expect(cacheSalt(SECRET, { tenant: 'docs' })).not.toBe(cacheSalt(SECRET, { tenant: 'x', group: 'docs' }));
  });
});
