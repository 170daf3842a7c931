import { ClusterStartError } from '../../apps/cli/src/cluster/cluster-start.error';
import { type BenchArgs, type BenchOptions, type BenchValues, parseBenchArgs } from './bench-args';

/** Set to 1 to print a failed bench's stack under its one-line message. */
export const STACK_VARIABLE = 'TSUKIMI_BENCH_STACK';

/** What a bench prints when it ends otherwise than with its result, and the exit code. */
export interface BenchEnding {
  readonly code: 1 | 2;
  readonly text: string;
}

const oneLine = (text: string) => text.trim().split(/\s*\n\s*/).join(' ');

/** A refused command line: one line naming the flag, exit 2. */
export function usageEnding(bench: string, message: string): BenchEnding {
  return { code: 2, text: `tsukimi bench ${bench}: ${oneLine(message)}\n` };
}

/**
 * A bench that failed: one line, exit 1. A cluster that did not start adds the last lines its
 * service logged (already in the error); any other error's stack follows only when asked for.
 */
export function failureEnding(bench: string, error: unknown, withStack: boolean): BenchEnding {
  const head = `tsukimi bench ${bench} failed: ${oneLine(error instanceof Error ? error.message : String(error))}`;
  if (error instanceof ClusterStartError) {
    const { lastLines = [], logFile = 'the service' } = error.details;
    const tail = lastLines.length === 0 ? [] : [`last lines of ${logFile}:`, ...lastLines.map((line) => `  ${line}`)];
    return { code: 1, text: [head, ...tail, ''].join('\n') };
  }
  if (withStack && error instanceof Error && error.stack !== undefined) return { code: 1, text: `${head}\n${error.stack}\n` };
  return { code: 1, text: `${head} (${STACK_VARIABLE}=1 prints the stack)\n` };
}

/**
 * The one way a bench main starts and ends: its argv read against its declaration (`--help`
 * prints the usage and exits 0 before anything starts; a bad command line exits 2 in one line),
 * then `main` with the typed values. `main` resolves to an exit code, 0 when it returns nothing.
 */
export function runBench<O extends BenchOptions>(args: BenchArgs<O>, main: (values: BenchValues<O>, operand: string | undefined) => Promise<number | void> | number | void): void {
  const parsed = parseBenchArgs(args, process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return;
  }
  if (parsed.kind === 'usage-error') return end(usageEnding(args.bench, parsed.message));
  Promise.resolve()
    .then(() => main(parsed.values, parsed.operand))
    .then(
      (code) => {
        process.exitCode = code ?? 0;
      },
      (error: unknown) => end(failureEnding(args.bench, error, process.env[STACK_VARIABLE] === '1')),
    );
}

/**
 * The typed arguments of a child process a bench starts, read as a bench main reads its own
 * (`args.command` names the child): a command line the parent got wrong ends the child at once,
 * one line naming the flag on stderr and exit 2, before it starts anything.
 */
export function childArgsOrExit<O extends BenchOptions>(args: BenchArgs<O> & { readonly command: string }, argv: readonly string[]): BenchValues<O> {
  const parsed = parseBenchArgs(args, argv);
  if (parsed.kind === 'run') return parsed.values;
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    process.exit(0);
  }
  return end({ code: 2, text: `${args.command}: ${oneLine(parsed.message)}\n` });
}

/** Exits at once: a failed bench may leave children and timers that would keep it alive. */
function end(ending: BenchEnding): never {
  process.stderr.write(ending.text);
  process.exit(ending.code);
}
