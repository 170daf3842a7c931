import * as fs from 'node:fs';
import { field, type Field } from '@tsukimi/config';

/**
 * One option of a bench's command line: how its text is read (a `@tsukimi/config` field, so the
 * flags read and fail as every other Tsukimi command's do) and any rule the field cannot state.
 */
export interface BenchOption<T> {
  readonly field: Field<T>;
  /** How `--help` shows the value and what it takes, where the field's own words fall short. */
  readonly shown?: { readonly placeholder?: string; readonly takes?: string };
  /** The problem with a well-formed value, or `undefined` when it is acceptable. */
  refine?(value: T): string | undefined;
}

type Doc = { readonly doc: string };
/** With a default the value is always there; without one it is `undefined` unless given. */
type Valued<T, O> = O extends { readonly default: T } ? T : T | undefined;
/** Valued, or always there when `required` (a child process's argument, which its parent always passes). */
type Given<T, O> = O extends { readonly required: true } ? T : Valued<T, O>;
type Presence<T> = { readonly default?: T; readonly required?: true };

function presence<T>(o: Presence<T>, doc: string) {
  if (o.required === true) return { description: doc } as const;
  return o.default === undefined ? ({ optional: true, description: doc } as const) : ({ default: o.default, description: doc } as const);
}

/** The kinds of option a bench declares. Keys are camelCase: `promptTokens` is `--prompt-tokens`. */
export const benchOption = {
  /** A switch, off unless given. */
  flag: (o: Doc): BenchOption<boolean> => ({ field: field.boolean({ default: false, description: o.doc }) }),

  /** A whole number of at least `min` (default 1). */
  whole: <const O extends Doc & Presence<number> & { readonly min?: number }>(o: O): BenchOption<Given<number, O>> =>
    ({ field: field.int({ min: o.min ?? 1, ...presence(o, o.doc) }) }) as BenchOption<Given<number, O>>,

  /** Any finite number of at least `min`. */
  number: <const O extends Doc & Presence<number> & { readonly min?: number }>(o: O): BenchOption<Given<number, O>> =>
    ({ field: field.number({ min: o.min, ...presence(o, o.doc) }) }) as BenchOption<Given<number, O>>,

  /** A number above 0, fractions allowed. */
  positive: <const O extends Doc & { readonly default?: number }>(o: O): BenchOption<Valued<number, O>> =>
    ({
      field: field.number(presence(o, o.doc)),
      shown: { takes: 'a number > 0' },
      refine: (value: number | undefined) => (value === undefined || value > 0 ? undefined : `expected a number > 0, got ${value}`),
    }) as BenchOption<Valued<number, O>>,

  /** One of a fixed list of words. */
  oneOf: <const V extends string>(values: readonly V[], o: Doc & { readonly default: NoInfer<V> }): BenchOption<V> => ({
    field: field.enum({ values, default: o.default, description: o.doc }),
  }),

  /** Free text. */
  string: <const O extends Doc & Presence<string>>(o: O): BenchOption<Given<string, O>> =>
    ({ field: field.string({ nonEmpty: true, ...presence(o, o.doc) }) }) as BenchOption<Given<string, O>>,

  /** A file that must exist when given. */
  path: (o: Doc): BenchOption<string | undefined> => ({
    field: field.string({ nonEmpty: true, optional: true, description: o.doc }),
    shown: { placeholder: 'file' },
    refine: (value) => (value === undefined || fs.existsSync(value) ? undefined : `no such file ${value}`),
  }),

  /** Comma-separated words, each one of `values`; absent means all of them. */
  someOf: <const V extends string>(values: readonly V[], o: Doc): BenchOption<readonly V[]> => ({
    field: field.list({ default: values, nonEmpty: true, description: `${o.doc} (any of ${values.join(', ')})` }) as Field<readonly V[]>,
    refine: (items) => {
      const bad = items.find((item) => !(values as readonly string[]).includes(item));
      return bad === undefined ? undefined : `unknown ${JSON.stringify(bad)}; expected any of ${values.join(', ')}`;
    },
  }),

  /** Comma-separated whole numbers from `min` (default 1) to `max`. */
  wholeList: (o: Doc & { readonly default: readonly number[]; readonly min?: number; readonly max?: number }): BenchOption<readonly number[]> => {
    const [min, max] = [o.min ?? 1, o.max ?? Number.MAX_SAFE_INTEGER];
    const range = o.max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
    return {
      field: field.numberList({ default: o.default, nonEmpty: true, description: o.doc }),
      refine: (items) => {
        const bad = items.find((n) => !Number.isInteger(n) || n < min || n > max);
        return bad === undefined ? undefined : `expected whole numbers ${range}, got ${bad}`;
      },
    };
  },
} as const;
