import { type FieldFor, type FieldOptions } from './field.model';
import { inRange, makeField, rangePhrase } from './field.factory';

export interface IntOptions extends FieldOptions<number> {
  readonly min?: number;
  readonly max?: number;
}

export function intField<const O extends IntOptions>(options: O): FieldFor<number, O> {
  const { min, max } = options;
  return makeField<number, O>(
    {
      kind: 'int',
      placeholder: 'int',
      expected: `an integer${rangePhrase(min, max, String)}`,
      decodeText: (text) => (/^[+-]?\d+$/.test(text.trim()) ? Number(text) : undefined),
      decodeJson: nativeNumber,
      accepts: (value) => Number.isSafeInteger(value) && inRange(value, min, max),
      format: String,
    },
    options,
  );
}

function nativeNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export interface NumberOptions extends FieldOptions<number> {
  readonly min?: number;
  readonly max?: number;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function numberField<const O extends NumberOptions>(options: O): FieldFor<number, O> {
  const { min, max } = options;
  return makeField<number, O>(
    {
      kind: 'number',
      placeholder: 'number',
      expected: `a number${rangePhrase(min, max, String)}`,
      decodeText: (text) => (DECIMAL.test(text.trim()) ? Number(text) : undefined),
      decodeJson: nativeNumber,
      accepts: (value) => Number.isFinite(value) && inRange(value, min, max),
      format: String,
    },
    options,
  );
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** A switch: `--x` / `--no-x` on the command line; true/false, 1/0, yes/no, on/off in text. */
export function booleanField<const O extends FieldOptions<boolean>>(options: O): FieldFor<boolean, O> {
  const decodeText = (text: string): boolean | undefined => {
    const word = text.trim().toLowerCase();
    return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
  };
  return makeField<boolean, O>(
    {
      kind: 'boolean',
      placeholder: 'bool',
      expected: 'a boolean (true/false, 1/0, yes/no, on/off)',
      decodeText,
      decodeJson: (value) => (typeof value === 'boolean' ? value : undefined),
      accepts: () => true,
      format: String,
    },
    options,
  );
}
