import { parseTenantGroups } from './tenant-group';

const entries = [
  { hash: 'a'.repeat(64), tenant: 'acme', seeRouting: false },
  { hash: 'b'.repeat(64), tenant: 'globex', seeRouting: false },
  { hash: 'c'.repeat(64), tenant: 'initech', group: 'whole', seeRouting: false },
];

describe('parseTenantGroups', () => {
  it('reads groups, their members and their prefixes in each form; none declared is no group', () => {
    const groups = [
      { name: 'support', tenants: ['acme', 'globex'], sharedPrefixes: [{ text: 'You are the support bot.' }, { system: 'Be brief.' }, { tokens: [1, 2, 3] }] },
    ];
    expect(parseTenantGroups(groups, entries)).toEqual({
      ok: true,
      value: [
        {
          name: 'support',
          tenants: ['acme', 'globex'],
          sharedPrefixes: [
            { kind: 'text', text: 'You are the support bot.' },
            { kind: 'system', text: 'Be brief.' },
            { kind: 'tokens', tokens: [1, 2, 3] },
          ],
        },
      ],
    });
    expect(parseTenantGroups(undefined, entries)).toEqual({ ok: true, value: [] });
  });

  const group = (over: Record<string, unknown>) => [{ name: 'g', tenants: ['acme'], sharedPrefixes: [{ text: 'hi' }], ...over }];
  it.each<[string, unknown, string, RegExp]>([
    ['a map instead of a list', { name: 'g' }, 'tenantGroups', /must be a list/],
    ['an unknown field', group({ members: [] }), 'tenantGroups[0].members', /unknown field/],
    ['a bad name', group({ name: 'has space' }), 'tenantGroups[0].name', /must be 1 to 128 characters/],
    ['a name given twice', [...group({}), ...group({ tenants: ['globex'] })], 'tenantGroups[1].name', /declared twice/],
    ['no tenants', group({ tenants: [] }), 'tenantGroups[0].tenants', /non-empty list/],
    ['a tenant no key names', group({ tenants: ['acme', 'hooli'] }), 'tenantGroups[0].tenants[1]', /"hooli" is not a tenant any key names/],
    ['a tenant sharing its whole cache', group({ tenants: ['initech'] }), 'tenantGroups[0].tenants[0]', /shares its whole cache through its keys' group "whole"/],
    ['a tenant in two groups', [...group({}), ...group({ name: 'h' })], 'tenantGroups[1].tenants[0]', /already a member of group "g"/],
    ['no prefixes', group({ sharedPrefixes: [] }), 'tenantGroups[0].sharedPrefixes', /non-empty list/],
    ['a prefix of two forms', group({ sharedPrefixes: [{ text: 'a', tokens: [1] }] }), 'tenantGroups[0].sharedPrefixes[0]', /exactly one of/],
    ['a prefix of an unknown form', group({ sharedPrefixes: [{ prompt: 'a' }] }), 'tenantGroups[0].sharedPrefixes[0].prompt', /unknown field/],
    ['an empty text', group({ sharedPrefixes: [{ text: '' }] }), 'tenantGroups[0].sharedPrefixes[0].text', /non-empty string/],
    ['a system prompt that is not text', group({ sharedPrefixes: [{ system: 3 }] }), 'tenantGroups[0].sharedPrefixes[0].system', /non-empty string/],
    ['a token that is not a u32', group({ sharedPrefixes: [{ tokens: [1, -2] }] }), 'tenantGroups[0].sharedPrefixes[0].tokens', /u32 integers/],
    ['no tokens', group({ sharedPrefixes: [{ tokens: [] }] }), 'tenantGroups[0].sharedPrefixes[0].tokens', /1 to/],
  ])('refuses %s, naming the key', (_name, value, path, message) => {
    const parsed = parseTenantGroups(value, entries);
    expect(parsed).toEqual({ ok: false, error: { path, message: expect.stringMatching(message) } });
  });
});
