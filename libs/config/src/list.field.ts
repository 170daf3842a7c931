import { type FieldFor, type FieldOptions } from './field.model';
import { makeField } from './field.factory';

export interface ListOptions extends FieldOptions<readonly string[]> {
  /** At least one item. */
  readonly nonEmpty?: boolean;
}

/**
 * A list of strings: comma-separated in flags and environment variables (items trimmed, an
 * empty string is the empty list), a JSON array of strings or the same text in the file.
 * A repeated flag appends to the list.
 */
export function listField<const O extends ListOptions>(options: O): FieldFor<readonly string[], O> {
  const nonEmpty = options.nonEmpty === true;
  return makeField<readonly string[], O>(
    {
      kind: 'list',
      placeholder: 'a,b,…',
      expected: `a comma-separated list of ${nonEmpty ? 'one or more ' : ''}non-empty strings`,
      decodeText: (text) => (text.trim() === '' ? [] : text.split(',').map((item) => item.trim())),
      decodeJson: (value) =>
        Array.isArray(value) && value.every((item): item is string => typeof item === 'string') ? value : undefined,
      accepts: (items) => items.every((item) => item.length > 0) && (!nonEmpty || items.length > 0),
      format: (items) => items.join(','),
    },
    options,
  );
}
