import { err, ok } from '@tsukimi/result';
import { type Field, type FieldFor, type FieldKind, type FieldOptions } from './field.model';

/** What distinguishes one field kind: syntax, constraints and rendering of its base type. */
export interface KindSpec<T> {
  readonly kind: FieldKind;
  readonly placeholder: string;
  readonly expected: string;
  /** Syntax only; `undefined` when the text is not a value of this kind. */
  decodeText(text: string): T | undefined;
  /** Syntax of a native, non-string JSON value; JSON strings always go through `decodeText`. */
  decodeJson?(value: unknown): T | undefined;
  /** Constraints (range, pattern, allowed values) on a well-formed value. */
  accepts(value: T): boolean;
  format(value: T): string;
}

/**
 * Builds a field from its kind and the caller's options. A default that the field itself
 * would reject, or a default on an optional field, is a bug in the schema, so it throws.
 */
export function makeField<T, O extends FieldOptions<T>>(spec: KindSpec<T>, options: O): FieldFor<T, O> {
  const { description } = options;
  const decodeJson = (value: unknown) => (typeof value === 'string' ? spec.decodeText(value) : spec.decodeJson?.(value));
  const problem = (raw: unknown): string => `expected ${spec.expected}, got ${showRaw(raw)}`;
  const validate = (value: T | undefined, raw: unknown) =>
    value !== undefined && spec.accepts(value) ? ok(value) : err(problem(raw));

  if (options.default !== undefined && options.optional === true) {
    throw new Error(`config field "${description}": an optional field takes no default`);
  }
  if (options.default !== undefined && !spec.accepts(options.default)) {
    throw new Error(`config field "${description}": default ${showRaw(options.default)} is not ${spec.expected}`);
  }
  const field: Field<T> = {
    kind: spec.kind,
    description,
    presence: options.default !== undefined ? 'default' : options.optional === true ? 'optional' : 'required',
    defaultValue: options.default,
    placeholder: spec.placeholder,
    expected: spec.expected,
    fromText: (text) => validate(spec.decodeText(text), text),
    fromJson: (value) => validate(decodeJson(value), value),
    format: (value) => spec.format(value),
  };
  // Sound: FieldFor only widens the value type with `undefined` for optional fields.
  return field as FieldFor<T, O>;
}

/** A raw input as the user wrote it: strings quoted, JSON values as JSON. */
export function showRaw(raw: unknown): string {
  return JSON.stringify(raw) ?? String(raw);
}

/** `in 1..65535`, `>= 1`, `<= 8` or nothing, with values rendered by `format`. */
export function rangePhrase<T>(min: T | undefined, max: T | undefined, format: (value: T) => string): string {
  if (min !== undefined && max !== undefined) return ` in ${format(min)}..${format(max)}`;
  if (min !== undefined) return ` >= ${format(min)}`;
  if (max !== undefined) return ` <= ${format(max)}`;
  return '';
}

export function inRange(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}
