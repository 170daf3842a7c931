import { field, defineSchema } from '@tsukimi/config';
import { apiKeyProblem, formatApiKeyEntry, hashApiKey, newApiKey, parseApiKeyEntries } from '@tsukimi/conductor';
import { type CliCommand, UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';

const HASH_USAGE = 'usage: tsukimi keys hash <key> (or - to read the key from stdin, which keeps it out of shell history)';

/** `tsukimi keys hash <key>`: the SHA-256 the conductor's keys file stores in place of the key. */
export const keysHashCommand: CliCommand = {
  path: ['keys', 'hash'],
  summary: 'Print the hash of an API key, as the conductor\'s --api-keys-file stores it',
  async run(argv) {
    if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
      process.stdout.write(`${HASH_USAGE}\n`);
      return 0;
    }
    if (argv.length !== 1) throw new UsageError(HASH_USAGE);
    const key = argv[0] === '-' ? (await readStdin()).replace(/\r?\n$/, '') : argv[0]!;
    const problem = apiKeyProblem(key);
    if (problem !== undefined) throw new UsageError(`cannot hash this key: ${problem}`);
    process.stdout.write(`${hashApiKey(key)}\n`);
    return 0;
  },
};

const newSchema = defineSchema({
  tenant: field.string({ nonEmpty: true, description: 'The tenant the key speaks for' }),
  group: field.string({ optional: true, description: 'A cache-sharing group: tenants naming the same group reuse each other\'s cached prefixes' }),
  seeRouting: field.boolean({ default: false, description: 'Let the key see which instances served it and where its KV came from' }),
});

/** `tsukimi keys new --tenant <t>`: a fresh random key, and the keys-file entry that accepts it. */
export const keysNewCommand: CliCommand = {
  path: ['keys', 'new'],
  summary: 'Make a random API key and print it with the entry to add to the conductor\'s --api-keys-file',
  async run(argv) {
    const parsed = commandConfig(newSchema, argv, 'tsukimi keys new', process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return 0;
    }
    const { tenant, group, seeRouting } = parsed.config;
    const key = newApiKey();
    const checked = parseApiKeyEntries({ keys: [{ hash: hashApiKey(key), tenant, ...(group === undefined ? {} : { group }), seeRouting }] });
    // The conductor would refuse the entry: say so now, by the flag that made it.
    if (!checked.ok) throw new UsageError(`--${checked.error.path.replace(/^keys\[0\]\./, '')}: ${checked.error.message}`);
    const entry = formatApiKeyEntry(checked.value[0]!);
    process.stdout.write(`# the key, for the tenant (only its hash is kept; it cannot be shown again):\n${key}\n# the entry, under keys: in the --api-keys-file:\n${entry}\n`);
    return 0;
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
