import * as fs from 'node:fs';
import * as path from 'node:path';
import { flagName } from '@tsukimi/config';
import { type BenchArgs, type BenchOptions, parseBenchArgs } from './bench-args';

const BENCH_DIR = path.resolve(__dirname, '..');
/** Every bench `tsukimi bench NAME` runs: bench/NAME/NAME.bench.ts, as the CLI finds them. */
const BENCHES = fs
  .readdirSync(BENCH_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(BENCH_DIR, entry.name, `${entry.name}.bench.ts`)))
  .map((entry) => entry.name)
  .sort();

const isBenchArgs = (value: unknown, bench: string): value is BenchArgs<BenchOptions> =>
  typeof value === 'object' && value !== null && (value as { bench?: unknown }).bench === bench && typeof (value as { options?: unknown }).options === 'object';

/** The declaration bench/NAME/NAME.args.ts exports; it imports nothing that runs the bench. */
function declaration(bench: string): BenchArgs<BenchOptions> {
  const file = path.join(BENCH_DIR, bench, `${bench}.args.ts`);
  expect(fs.existsSync(file) ? file : `${file} is missing`).toBe(file);
  const found = Object.values(jest.requireActual<Record<string, unknown>>(file)).filter((value) => isBenchArgs(value, bench));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('every bench main', () => {
  it('is found', () => {
    expect(BENCHES.length).toBeGreaterThanOrEqual(16);
  });

  describe.each(BENCHES)('bench %s', (bench) => {
    it('reads its command line through its declaration and runBench, never process.argv itself', () => {
      const main = fs.readFileSync(path.join(BENCH_DIR, bench, `${bench}.bench.ts`), 'utf8');
      expect(main).not.toMatch(/process\.argv/);
      expect(main).toMatch(/\brunBench\(/);
      declaration(bench);
    });

    it('prints its usage for --help: the summary and every option, --json included', () => {
      const args = declaration(bench);
      const outcome = parseBenchArgs(args, ['--help']);
      expect(outcome.kind).toBe('help');
      if (outcome.kind !== 'help') return;
      expect(outcome.text).toContain(`Usage: tsukimi bench ${bench}`);
      expect(outcome.text).toContain(args.summary);
      for (const key of [...Object.keys(args.options), 'json']) expect(outcome.text).toMatch(new RegExp(`^  ${flagName(key)}\\b`, 'm'));
    });

    it('refuses an unknown flag in one line naming it', () => {
      const outcome = parseBenchArgs(declaration(bench), ['--no-such-option', '1']);
      expect(outcome).toEqual({ kind: 'usage-error', message: expect.stringMatching(/^--no-such-option: unknown option/) });
    });
  });
});
