import { type Address, type FieldFor, type FieldOptions } from './field.model';
import { makeField } from './field.factory';

const BRACKETED_IPV6 = /^\[([0-9a-f:.]+(?:%[\w.-]+)?)\]:(\d{1,5})$/i;
const HOST_PORT = /^([a-z0-9_.-]+):(\d{1,5})$/i;

/** Parses `host:port` or `[ipv6]:port`; port 0 is allowed so a listener can ask for any port. */
export function parseAddress(text: string): Address | undefined {
  const trimmed = text.trim();
  const match = BRACKETED_IPV6.exec(trimmed) ?? HOST_PORT.exec(trimmed);
  if (!match) return undefined;
  const [, host = '', port = ''] = match;
  return { host, port: Number(port) };
}

export function formatAddress(address: Address): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** A network address held as `{ host, port }`; the default is written as that object. */
export function addressField<const O extends FieldOptions<Address>>(options: O): FieldFor<Address, O> {
  return makeField<Address, O>(
    {
      kind: 'address',
      placeholder: 'host:port',
      expected: 'host:port with a port in 0..65535',
      decodeText: parseAddress,
      accepts: ({ host, port }) => host.length > 0 && Number.isInteger(port) && port >= 0 && port <= 65535,
      format: formatAddress,
    },
    options,
  );
}
