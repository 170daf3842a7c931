import { formatAddress, parseAddress } from './address.field';
import { type Address, type FieldFor, type FieldOptions } from './field.model';
import { makeField } from './field.factory';

export interface AddressListOptions extends FieldOptions<readonly Address[]> {
  /** At least one address. */
  readonly nonEmpty?: boolean;
}

/** Several `host:port` addresses, comma separated (or a JSON array of strings in the file): a service and its standbys. */
export function addressListField<const O extends AddressListOptions>(options: O): FieldFor<readonly Address[], O> {
  const nonEmpty = options.nonEmpty === true;
  const parseAll = (items: readonly string[]): readonly Address[] | undefined => {
    const parsed = items.map(parseAddress);
    return parsed.every((a): a is Address => a !== undefined) ? parsed : undefined;
  };
  return makeField<readonly Address[], O>(
    {
      kind: 'address-list',
      placeholder: 'host:port,…',
      expected: `a comma-separated list of ${nonEmpty ? 'one or more ' : ''}host:port addresses with ports in 0..65535`,
      decodeText: (text) => (text.trim() === '' ? [] : parseAll(text.split(','))),
      decodeJson: (value) => (Array.isArray(value) && value.every((item): item is string => typeof item === 'string') ? parseAll(value) : undefined),
      accepts: (addresses) => addresses.every(({ host, port }) => host.length > 0 && Number.isInteger(port) && port >= 0 && port <= 65535) && (!nonEmpty || addresses.length > 0),
      format: (addresses) => addresses.map(formatAddress).join(','),
    },
    options,
  );
}
