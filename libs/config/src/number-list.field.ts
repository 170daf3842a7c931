import { type FieldFor, type FieldOptions } from './field.model';
import { makeField } from './field.factory';

export interface NumberListOptions extends FieldOptions<readonly number[]> {
  /** Every item above zero. */
  readonly positive?: boolean;
  /** Each item greater than the one before, as histogram bucket edges must be. */
  readonly ascending?: boolean;
  /** At least one item. */
  readonly nonEmpty?: boolean;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A list of finite numbers: comma-separated in flags and environment variables (items trimmed),
 * a JSON array of numbers or the same text in the file. An empty string is the empty list.
 */
export function numberListField<const O extends NumberListOptions>(options: O): FieldFor<readonly number[], O> {
  const { positive = false, ascending = false, nonEmpty = false } = options;
  const qualities = [nonEmpty ? 'one or more' : '', positive ? 'positive' : ''].filter(Boolean).join(' ');
  return makeField<readonly number[], O>(
    {
      kind: 'number-list',
      placeholder: 'n,n,…',
      expected: `a comma-separated list of ${qualities ? `${qualities} ` : ''}numbers${ascending ? ' in strictly ascending order' : ''}`,
      decodeText: (text) => {
        if (text.trim() === '') return [];
        const items = text.split(',').map((item) => item.trim());
        return items.every((item) => DECIMAL.test(item)) ? items.map(Number) : undefined;
      },
      decodeJson: (value) => (Array.isArray(value) && value.every((item): item is number => typeof item === 'number') ? value : undefined),
      accepts: (items) =>
        items.every((item, i) => Number.isFinite(item) && (!positive || item > 0) && (!ascending || i === 0 || item > items[i - 1]!)) && (!nonEmpty || items.length > 0),
      format: (items) => items.join(','),
    },
    options,
  );
}
