import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hashApiKey } from '@tsukimi/conductor';
import { readApiKeys } from './api-keys.file';
import { readCacheSaltSecret } from './cache-salt-secret.file';

describe('the tenancy files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-tenancy-files-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const hash = hashApiKey('tsk-1');

  it('reads keys from YAML and from JSON alike', () => {
    const expected = { ok: true, value: { keys: [{ hash, tenant: 'acme', group: 'g', seeRouting: true }], tenantGroups: [] } };
    expect(readApiKeys(write('keys.yaml', `keys:\n  - hash: ${hash}\n    tenant: acme\n    group: g\n    seeRouting: true\n`))).toEqual(expected);
    expect(readApiKeys(write('keys.json', JSON.stringify({ keys: [{ hash, tenant: 'acme', group: 'g', seeRouting: true }] })))).toEqual(expected);
  });

  it('reads tenant groups and their shared prefixes beside the keys', () => {
    const text = `keys:\n  - {hash: ${hash}, tenant: acme}\ntenantGroups:\n  - name: support\n    tenants: [acme]\n    sharedPrefixes:\n      - text: "You are the support bot."\n      - tokens: [1, 2]\n`;
    expect(readApiKeys(write('groups-ok.yaml', text))).toEqual({
      ok: true,
      value: { keys: [{ hash, tenant: 'acme', seeRouting: false }], tenantGroups: [{ name: 'support', tenants: ['acme'], sharedPrefixes: [{ kind: 'text', text: 'You are the support bot.' }, { kind: 'tokens', tokens: [1, 2] }] }] },
    });
  });

  it.each([
    ['a missing file', () => path.join(dir, 'none.yaml'), /^apiKeysFile: cannot read .*none\.yaml: ENOENT$/],
    ['a bad entry', () => write('bad.yaml', `keys:\n  - {hash: ${hash}, tenant: a}\n  - {hash: abc, tenant: b}\n`), /^apiKeysFile: .*bad\.yaml: keys\[1\]\.hash: must be 64 lowercase hex digits/],
    ['a file that is neither YAML nor JSON', () => write('broken.yaml', 'keys: [{hash: "tsk-secret-key\n'), /^apiKeysFile: .*broken\.yaml: not YAML or JSON \(line \d+, column \d+\)$/],
    ['an empty file', () => write('empty.yaml', ''), /^apiKeysFile: .*empty\.yaml: \(top level\): must be an object/],
    ['a group naming an unknown tenant', () => write('groups.yaml', `keys:\n  - {hash: ${hash}, tenant: a}\ntenantGroups:\n  - {name: g, tenants: [a, b], sharedPrefixes: [{text: hi}]}\n`), /^apiKeysFile: .*groups\.yaml: tenantGroups\[0\]\.tenants\[1\]: "b" is not a tenant any key names$/],
  ])('refuses %s with one line naming the key', (_name, file, message) => {
    const read = readApiKeys(file());
    expect(read).toEqual({ ok: false, error: expect.stringMatching(message) });
    expect(read.ok || read.error).not.toContain('tsk-secret-key');
  });

  it('reads the salt secret without the whitespace around it, and refuses a short one', () => {
    const secret = 'x'.repeat(32);
    expect(readCacheSaltSecret(write('secret', `${secret}\n`))).toEqual({ ok: true, value: Buffer.from(secret) });
    expect(readCacheSaltSecret(write('short', 'too short\n'))).toEqual({ ok: false, error: expect.stringMatching(/^cacheSaltSecretFile: .*short: holds 9 bytes; at least 32/) });
    expect(readCacheSaltSecret(path.join(dir, 'none'))).toEqual({ ok: false, error: expect.stringMatching(/^cacheSaltSecretFile: cannot read .*none: ENOENT$/) });
  });
});
