import { type CliCommand, UsageError } from './cli-command';
import { allCommands, commandsByWord } from './commands';

function usage(): string {
  const commands = allCommands();
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  tsukimi ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return ['Tsukimi: a KVCache-centric, disaggregated LLM serving platform.', '', 'Usage:', ...lines, '', 'Run `tsukimi <command> --help` for its options.', ''].join('\n');
}

/** The longest command path that prefixes the arguments, among the commands of its first word. */
function find(argv: readonly string[]): CliCommand | undefined {
  const word = argv[0] ?? '';
  const commands = Object.hasOwn(commandsByWord, word) ? commandsByWord[word]!() : [];
  return [...commands].sort((a, b) => b.path.length - a.path.length).find((c) => c.path.every((w, i) => argv[i] === w));
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const command = find(argv);
  if (!command) throw new UsageError(`unknown command "${argv.filter((a) => !a.startsWith('-')).join(' ')}"; run \`tsukimi --help\` for the list`);
  return command.run(argv.slice(command.path.length));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`tsukimi: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`tsukimi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
