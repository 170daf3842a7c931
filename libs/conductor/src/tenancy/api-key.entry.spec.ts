import { load } from 'js-yaml';
import { formatApiKeyEntry, parseApiKeyEntries } from './api-key.entry';
import { hashApiKey } from './api-key.hash';

const A = hashApiKey('tsk-a');
const B = hashApiKey('tsk-b');

describe('parseApiKeyEntries', () => {
  it('reads entries, seeRouting false unless given', () => {
    const parsed = parseApiKeyEntries({ keys: [{ hash: A, tenant: 'acme' }, { hash: B, tenant: 'beta', group: 'docs', seeRouting: true }] });
    expect(parsed).toEqual({
      ok: true,
      value: [
        { hash: A, tenant: 'acme', seeRouting: false },
        { hash: B, tenant: 'beta', group: 'docs', seeRouting: true },
      ],
    });
  });

  it('lets a tenant hold several keys that agree on its group', () => {
    expect(parseApiKeyEntries({ keys: [{ hash: A, tenant: 'acme', group: 'g' }, { hash: B, tenant: 'acme', group: 'g' }] }).ok).toBe(true);
  });

  it.each([
    ['not an object', [], '', /"keys" list/],
    ['a field beside keys', { keys: [{ hash: A, tenant: 'a' }], key: [] }, 'key', /unknown field/],
    ['no keys', {}, 'keys', /non-empty list/],
    ['an empty list', { keys: [] }, 'keys', /non-empty list/],
    ['an entry that is a string', { keys: ['tsk-a'] }, 'keys[0]', /object/],
    ['the key itself instead of its hash', { keys: [{ hash: 'tsk-a', tenant: 'a' }] }, 'keys[0].hash', /SHA-256/],
    ['an upper-case hash', { keys: [{ hash: A.toUpperCase(), tenant: 'a' }] }, 'keys[0].hash', /lowercase hex/],
    ['a missing tenant', { keys: [{ hash: A }] }, 'keys[0].tenant', /1 to 128/],
    ['a tenant with a space', { keys: [{ hash: A, tenant: 'a b' }] }, 'keys[0].tenant', /1 to 128/],
    ['an empty group', { keys: [{ hash: A, tenant: 'a', group: '' }] }, 'keys[0].group', /1 to 128/],
    ['seeRouting as a string', { keys: [{ hash: A, tenant: 'a', seeRouting: 'yes' }] }, 'keys[0].seeRouting', /true or false/],
    ['a misspelt field', { keys: [{ hash: A, tenant: 'a', seeRoutng: true }] }, 'keys[0].seeRoutng', /unknown field/],
    ['a hash twice', { keys: [{ hash: A, tenant: 'a' }, { hash: A, tenant: 'b' }] }, 'keys[1].hash', /same hash as keys\[0\]/],
    ['one tenant in two groups', { keys: [{ hash: A, tenant: 'a', group: 'g' }, { hash: B, tenant: 'a' }] }, 'keys[1].group', /same group/],
  ])('refuses %s, naming where', (_name, value, path, message) => {
    const parsed = parseApiKeyEntries(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.path).toBe(path);
      expect(parsed.error.message).toMatch(message);
    }
  });
});

describe('formatApiKeyEntry', () => {
  it.each([
    [{ hash: A, tenant: 'acme', seeRouting: false }],
    [{ hash: A, tenant: 'acme:eu/1', group: 'docs.v2', seeRouting: true }],
  ])('writes a line parseApiKeyEntries reads back as %j', (entry) => {
    const line = formatApiKeyEntry(entry);
    expect(line).toMatch(/^ {2}- \{hash: [0-9a-f]{64}, tenant: /);
    expect(parseApiKeyEntries(load(`keys:\n${line}\n`))).toEqual({ ok: true, value: [entry] });
  });
});
