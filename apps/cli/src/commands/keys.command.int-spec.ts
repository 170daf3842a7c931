import { load } from 'js-yaml';
import { ApiKeyAuthenticator, hashApiKey, parseApiKeyEntries } from '@tsukimi/conductor';
import { runTsukimi } from './tsukimi-run.testing';


/** `tsukimi keys …` as a child process, to its exit. */
const tsukimiKeys = (args: readonly string[], stdin = '') => runTsukimi(['keys', ...args], stdin);

describe('tsukimi keys', () => {
  it('hashes a key given as an argument or on stdin', async () => {
    const expected = { code: 0, stdout: `${hashApiKey('tsk-abc')}\n`, stderr: '' };
    expect(await tsukimiKeys(['hash', 'tsk-abc'])).toEqual(expected);
    expect(await tsukimiKeys(['hash', '-'], 'tsk-abc\n')).toEqual(expected);
  });

  it.each([
    ['no key', ['hash'], /^tsukimi: usage: tsukimi keys hash <key>/],
    ['two keys', ['hash', 'a', 'b'], /^tsukimi: usage: tsukimi keys hash <key>/],
    ['a key with a space', ['hash', 'a b'], /^tsukimi: cannot hash this key: .*whitespace/],
    ['no tenant for a new key', ['new'], /^tsukimi: .*tenant: required/],
    ['a tenant the conductor would refuse', ['new', '--tenant', 'a b'], /^tsukimi: --tenant: must be 1 to 128 characters/],
  ])('refuses %s in one line with exit code 2', async (_name, args, message) => {
    const run = await tsukimiKeys(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('makes a key whose printed entry, pasted into a keys file, lets the conductor accept it', async () => {
    const run = await tsukimiKeys(['new', '--tenant', 'acme', '--group', 'docs', '--see-routing']);
    expect(run.code).toBe(0);
    const [, key, , entry] = run.stdout.trimEnd().split('\n');
    expect(key).toMatch(/^tsk-[A-Za-z0-9_-]{43}$/);
    const entries = parseApiKeyEntries(load(`keys:\n${entry}\n`));
    expect(entries).toEqual({ ok: true, value: [{ hash: hashApiKey(key!), tenant: 'acme', group: 'docs', seeRouting: true }] });
    const auth = new ApiKeyAuthenticator(entries.ok ? entries.value : [], Buffer.alloc(32));
    expect(auth.authenticate(`Bearer ${key}`)).toMatchObject({ ok: true, value: { tenant: 'acme', seeRouting: true } });
  });
});
