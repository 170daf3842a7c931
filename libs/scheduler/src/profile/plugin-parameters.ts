import { err, ok, type Result } from '@tsukimi/result';

/** A configuration value that is wrong, with the dotted key that names it. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

export interface NumberRule {
  /** The smallest value allowed, inclusive. */
  readonly min?: number;
  /** Greater than this, exclusive. */
  readonly above?: number;
  readonly integer?: boolean;
}

/**
 * A plugin's `parameters` object as configuration gives it, read key by key into typed values.
 * Every problem names the full key (`prefill.scorers[0].parameters.weightMs`), so a bad profile
 * fails at start saying where. Keys the plugin does not read are refused by `done`, so that a
 * misspelt key is an error rather than a default silently used.
 */
export class PluginParameters {
  private readonly read = new Set<string>();

  constructor(
    private readonly values: Readonly<Record<string, unknown>>,
    /** The dotted key of the parameters object itself. */
    readonly key: string,
  ) {}

  number(name: string, fallback: number, rule: NumberRule = {}): Result<number, ConfigProblem> {
    this.read.add(name);
    const value = this.values[name];
    if (value === undefined) return ok(fallback);
    const key = `${this.key}.${name}`;
    if (typeof value !== 'number' || !Number.isFinite(value)) return err({ key, message: 'must be a finite number' });
    if (rule.integer && !Number.isInteger(value)) return err({ key, message: 'must be an integer' });
    if (rule.min !== undefined && value < rule.min) return err({ key, message: `must be ${rule.min} or more` });
    if (rule.above !== undefined && value <= rule.above) return err({ key, message: `must be more than ${rule.above}` });
    return ok(value);
  }

  /** Refuses every key no `number` call asked for. */
  done(): Result<void, ConfigProblem> {
    const unknown = Object.keys(this.values).find((name) => !this.read.has(name));
    return unknown === undefined ? ok(undefined) : err({ key: `${this.key}.${unknown}`, message: 'is not a parameter of this plugin' });
  }
}

/** The `create` of a plugin that takes no parameters: refuses any it is given, else builds it. */
export function parameterless<P, D>(build: (deps: D) => P): (parameters: PluginParameters, deps: D) => Result<P, ConfigProblem> {
  return (parameters, deps) => {
    const done = parameters.done();
    return done.ok ? ok(build(deps)) : done;
  };
}
