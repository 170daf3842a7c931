import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CliCommand, UsageError } from '../cli-command';

const ROOT = path.resolve(__dirname, '../../../..');
const REGISTER = path.join(ROOT, 'tools/runtime/register.js');

/** The benchmarks in the source tree's bench/; none where the CLI runs from a build without it. */
function benchmarks(): string[] {
  const dir = path.join(ROOT, 'bench');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, `${entry.name}.bench.ts`)))
    .map((entry) => entry.name)
    .sort();
}

/**
 * `tsukimi bench NAME [--json …]`: runs bench/NAME/NAME.bench.ts in its own process,
 * so a benchmark's load and memory never mix with the CLI's. Progress goes to stderr,
 * the result as one JSON object to stdout.
 */
export const benchCommands: readonly CliCommand[] = [
  {
    path: ['bench'],
    summary: `Run a benchmark (${benchmarks().join(', ')}) and print its JSON result`,
    async run(argv) {
      const [name, ...rest] = argv;
      const available = benchmarks();
      if (!name || name.startsWith('-')) {
        process.stdout.write(`Usage: tsukimi bench <${available.join('|')}> [--json] [options]\n\`tsukimi bench <name> --help\` lists a benchmark's options.\n`);
        return name === '--help' || name === '-h' ? 0 : 2;
      }
      if (!available.includes(name)) throw new UsageError(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
      const script = path.join(ROOT, 'bench', name, `${name}.bench.ts`);
      const child = spawn(process.execPath, ['-r', REGISTER, script, ...rest.filter((a) => a !== '--json')], { stdio: 'inherit', cwd: ROOT });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.once('SIGINT', forward).once('SIGTERM', forward);
      return new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
    },
  },
];
