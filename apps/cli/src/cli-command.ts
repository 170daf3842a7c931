/** One `tsukimi …` subcommand. */
export interface CliCommand {
  /** Words after `tsukimi`, e.g. `['model', 'tiny']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Runs with the arguments after the command's words; resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/** A failure the user can fix: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
