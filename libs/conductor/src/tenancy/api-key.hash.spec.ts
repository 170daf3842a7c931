import { API_KEY_PREFIX, apiKeyProblem, hashApiKey, newApiKey } from './api-key.hash';

describe('api key hashing', () => {
  it('hashes as SHA-256 hex of the UTF-8 key', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes keys of 32 random bytes after the prefix, printable in a header', () => {
    const key = newApiKey(() => Buffer.alloc(32, 0xff));
    expect(key).toBe(`${API_KEY_PREFIX}${Buffer.alloc(32, 0xff).toString('base64url')}`);
    expect(apiKeyProblem(key)).toBeUndefined();
    expect(newApiKey()).not.toBe(newApiKey());
  });

  it.each([
    ['', /empty/],
    ['has space', /whitespace/],
    ['tab\there', /whitespace/],
    ['ключ', /printable ASCII/],
    ['k'.repeat(513), /512/],
  ])('names what is wrong with %j', (key, problem) => {
    expect(apiKeyProblem(key)).toMatch(problem);
  });
});
