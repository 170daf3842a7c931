import { type FieldFor, type FieldOptions } from './field.model';
import { makeField } from './field.factory';

export interface StringOptions extends FieldOptions<string> {
  readonly nonEmpty?: boolean;
  /** Must match somewhere in the value; anchor it (`^…$`) to match the whole value. */
  readonly pattern?: RegExp;
}

export function stringField<const O extends StringOptions>(options: O): FieldFor<string, O> {
  const nonEmpty = options.nonEmpty === true;
  // A global or sticky RegExp keeps state between `test` calls; the copy does not.
  const pattern = options.pattern && new RegExp(options.pattern.source, options.pattern.flags.replace(/[gy]/g, ''));
  const expected = `a ${nonEmpty ? 'non-empty ' : ''}string${pattern ? ` matching ${String(pattern)}` : ''}`;
  return makeField<string, O>(
    {
      kind: 'string',
      placeholder: 'string',
      expected,
      decodeText: (text) => text,
      accepts: (value) => (!nonEmpty || value.length > 0) && (!pattern || pattern.test(value)),
      format: (value) => JSON.stringify(value),
    },
    options,
  );
}

/** One of a fixed list of strings; the value type is the union of the listed literals. */
export function enumField<const V extends string, const O extends FieldOptions<NoInfer<V>>>(
  options: O & { readonly values: readonly V[] },
): FieldFor<V, O> {
  const allowed = new Set<string>(options.values);
  if (allowed.size === 0) throw new Error(`config field "${options.description}": an enum needs at least one value`);
  const isAllowed = (text: string): text is V => allowed.has(text);
  return makeField<V, O>(
    {
      kind: 'enum',
      placeholder: options.values.join('|'),
      expected: `one of ${options.values.join(', ')}`,
      decodeText: (text) => (isAllowed(text) ? text : undefined),
      accepts: isAllowed,
      format: String,
    },
    options,
  );
}
