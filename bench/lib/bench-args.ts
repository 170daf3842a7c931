import * as fs from 'node:fs';
import { type ConfigError, defineSchema, describeSource, flagName, loadConfig, wantsHelp, type Schema } from '@tsukimi/config';
import { benchOption, type BenchOption } from './bench-option';

export type BenchOptions = Readonly<Record<string, BenchOption<unknown>>>;
export type BenchValues<O extends BenchOptions> = { readonly [K in keyof O]: O[K] extends BenchOption<infer T> ? T : never };

/** A file the bench reads, given as a bare word rather than a flag (`tsukimi bench cache-replay TRACE`). */
export interface BenchOperand {
  readonly name: string;
  readonly doc: string;
}

/** A bench's whole command line, declared once: `--help` prints it and the parser holds every run to it. */
export interface BenchArgs<O extends BenchOptions> {
  /** The folder under bench/, as typed after `tsukimi bench`. */
  readonly bench: string;
  /** How it is run where that is not `tsukimi bench <bench>`: a child process a bench starts, by its script. */
  readonly command?: string;
  /** What the bench measures and what its figures mean, for `--help`. */
  readonly summary: string;
  readonly options: O;
  /** A required file operand; without one, any bare word is refused. */
  readonly operand?: BenchOperand;
  /**
   * Rules between options (one that only means something beside another): the problem, naming
   * the flags, or `undefined`. `given` holds the options written on the command line.
   */
  rules?(values: BenchValues<O>, given: ReadonlySet<keyof O>): string | undefined;
}

/** What to do with a command line: run with typed values, print the help, or refuse it in one line. */
export type BenchArgsOutcome<O extends BenchOptions> =
  | { readonly kind: 'run'; readonly values: BenchValues<O>; readonly operand: string | undefined }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'usage-error'; readonly message: string };

/** `tsukimi bench` strips `--json`; people running a .bench.ts file directly still pass it. */
const JSON_OPTION = benchOption.flag({ doc: 'Accepted and ignored: the result is one JSON object on stdout either way' });

/** Checks the option keys once, where the bench declares them: a key that cannot be a flag is a bug. */
export function defineBenchArgs<const O extends BenchOptions>(args: BenchArgs<O>): BenchArgs<O> {
  defineSchema(schemaOf(args.options));
  return args;
}

function schemaOf(options: BenchOptions): Schema {
  return Object.fromEntries(Object.entries({ ...options, json: JSON_OPTION }).map(([key, option]) => [key, option.field]));
}

/**
 * Reads a bench's argv (after the script). Flags follow `@tsukimi/config`'s syntax (`--name value`,
 * `--name=value`, `--no-switch`); the environment and config files play no part, so the command
 * line recorded beside a figure is all that shaped it.
 */
export function parseBenchArgs<O extends BenchOptions>(args: BenchArgs<O>, argv: readonly string[]): BenchArgsOutcome<O> {
  if (wantsHelp(argv)) return { kind: 'help', text: renderBenchHelp(args) };
  const schema = schemaOf(args.options);
  const { flags, bare } = splitOperands(schema, argv);
  const fail = (message: string): BenchArgsOutcome<O> => ({ kind: 'usage-error', message });
  if (flags.some((arg) => arg === '--config' || arg.startsWith('--config='))) return fail('--config: unknown option; a bench takes its options as flags only');
  const loaded = loadConfig(schema, { argv: flags, env: {}, prefix: 'TSUKIMI_BENCH' });
  if (!loaded.ok) return fail(loaded.error.map(describeProblem).join('; '));
  if (args.operand === undefined && bare.length > 0) return fail(`unexpected argument ${JSON.stringify(bare[0])}; options are written --name value`);
  if (args.operand !== undefined && bare.length !== 1) return fail(`expected one ${args.operand.name}, got ${bare.length === 0 ? 'none' : bare.join(' ')}`);
  const operand = bare[0];
  if (operand !== undefined && !fs.existsSync(operand)) return fail(`${args.operand?.name ?? 'operand'}: no such file ${operand}`);
  const values = loaded.value as BenchValues<O>;
  for (const [key, option] of Object.entries(args.options)) {
    const problem = option.refine?.(values[key]);
    if (problem !== undefined) return fail(`${flagName(key)}: ${problem}`);
  }
  const given = new Set(Object.keys(args.options).filter((key) => flags.some((arg) => writes(arg, flagName(key)))));
  const broken = args.rules?.(values, given);
  return broken === undefined ? { kind: 'run', values, operand } : fail(broken);
}

/**
 * `--x: problem`; an unknown flag reads as an unknown option, with where to find the known ones,
 * and a missing one names only its flag (a bench reads no environment and no config file).
 */
function describeProblem(error: ConfigError): string {
  if (error.code === 'missing-required' && error.key !== undefined) return `${flagName(error.key)}: required`;
  const problem = error.code === 'unknown-key' ? `${error.problem.replace(/^unknown key/, 'unknown option')}; --help lists them` : error.problem;
  return `${describeSource(error.source, error.key)}: ${problem}`;
}

const writes = (arg: string, flag: string) => arg === flag || arg.startsWith(`${flag}=`) || arg === `--no-${flag.slice(2)}`;

/** Bare words that are not a flag's value, apart from the flags and their values. */
function splitOperands(schema: Schema, argv: readonly string[]): { flags: string[]; bare: string[] } {
  const flags: string[] = [];
  const bare: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      bare.push(arg);
      continue;
    }
    flags.push(arg);
    const named = (flag: string) => schema[Object.keys(schema).find((key) => flagName(key) === flag) ?? ''];
    const isSwitch = named(arg)?.kind === 'boolean' || (arg.startsWith('--no-') && named(`--${arg.slice(5)}`)?.kind === 'boolean');
    const takesValue = !isSwitch && !arg.includes('=');
    const next = argv[i + 1];
    if (takesValue && next !== undefined && !next.startsWith('--')) flags.push(argv[++i]!);
  }
  return { flags, bare };
}

/** The bench's summary, then every option with what it takes, its default and its doc. */
export function renderBenchHelp(args: BenchArgs<BenchOptions>): string {
  const options: Readonly<Record<string, BenchOption<unknown>>> = { ...args.options, json: JSON_OPTION };
  const rows = Object.entries(options).map(([key, { field, shown }]) => {
    const flag = field.kind === 'boolean' ? flagName(key) : `${flagName(key)} <${shown?.placeholder ?? field.placeholder}>`;
    const takes = shown?.takes ?? (field.kind === 'int' || field.kind === 'number' ? field.expected : undefined);
    const fallback = field.presence === 'default' && field.kind !== 'boolean' ? `default ${field.format(field.defaultValue)}` : undefined;
    const detail = [takes, fallback].filter((part) => part !== undefined).join('; ');
    return [flag, detail === '' ? field.description : `${field.description} (${detail})`] as const;
  });
  if (args.operand) rows.unshift([args.operand.name, args.operand.doc]);
  rows.push(['-h, --help', 'Print this help and exit']);
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const usage = `Usage: ${args.command ?? `tsukimi bench ${args.bench}`}${args.operand ? ` ${args.operand.name}` : ''} [options]`;
  return [usage, '', args.summary, '', 'Options:', ...rows.map(([flag, doc]) => `  ${flag.padEnd(width)}${doc}`), ''].join('\n');
}

/**
 * For `rules`: the first of `keys` written on the command line where it has no effect (`applies`
 * false), as `--flag: <why>`; `undefined` when none is.
 */
export function unusedFlag<K extends string>(given: ReadonlySet<K>, keys: readonly K[], applies: boolean, why: string): string | undefined {
  const written = applies ? undefined : keys.find((key) => given.has(key));
  return written === undefined ? undefined : `${flagName(written)}: ${why}`;
}

/** The first problem of several rules, in order. */
export const firstProblem = (...problems: readonly (string | undefined)[]): string | undefined => problems.find((p) => p !== undefined);
