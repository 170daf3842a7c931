import { formatLogLine } from './log-line.format';
import { type LogFields } from './logger.port';

function fieldsOf(fields: LogFields): Record<string, unknown> {
  const line = formatLogLine({ time: new Date(0), level: 'error', service: 's', msg: 'm', fields });
  return JSON.parse(line) as Record<string, unknown>;
}

class TransferError extends Error {
  override readonly name = 'TransferError';
  constructor(
    message: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

describe('formatLogLine', () => {
  it('serialises an error with name, message, stack, code and its cause chain', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = new TransferError('block read failed', 'transfer-failed', { cause: root });
    const logged = fieldsOf({ error });
    expect(logged['error']).toEqual({
      name: 'TransferError',
      message: 'block read failed',
      stack: expect.stringContaining('block read failed'),
      code: 'transfer-failed',
      cause: { name: 'Error', message: 'connect ECONNREFUSED', stack: expect.any(String), code: 'ECONNREFUSED' },
    });
  });

  it('lists the inner errors of an AggregateError', () => {
    const logged = fieldsOf({ error: new AggregateError([new Error('a'), new Error('b')], 'all replicas failed') });
    expect(logged['error']).toMatchObject({ name: 'AggregateError', errors: [{ message: 'a' }, { message: 'b' }] });
  });

  it.each<[string, unknown, unknown]>([
    ['a bigint as a decimal string', 2n ** 64n, '18446744073709551616'],
    ['a Map as an object', new Map([['dram', 1]]), { dram: 1 }],
    ['a Set as an array', new Set(['a', 'b']), ['a', 'b']],
    ['a Buffer as its size only', Buffer.alloc(4096), { type: 'Buffer', byteLength: 4096 }],
    ['a typed array as its size only', new Float32Array(8), { type: 'Float32Array', byteLength: 32 }],
    ['undefined as absent', undefined, undefined],
  ])('writes %s', (_what, value, expected) => {
    expect(fieldsOf({ value })['value']).toEqual(expected);
  });

  it('cuts cycles instead of throwing', () => {
    const node: Record<string, unknown> = { name: 'a' };
    node['self'] = node;
    expect(fieldsOf({ node })['node']).toEqual({ name: 'a', self: '[Circular]' });
  });

  it('still writes a line when a field cannot be serialised', () => {
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(fieldsOf({ hostile })).toMatchObject({ msg: 'm', logError: 'fields could not be serialised' });
  });
});
