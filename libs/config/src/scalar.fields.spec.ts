import { type Field } from './field.model';
import { field } from './fields';

type Case = readonly [name: string, field: Field<unknown>, input: string, expected: unknown];

const port = field.int({ min: 1, max: 65535, default: 8080, description: 'port' });
const ratio = field.number({ min: 0, max: 1, default: 0.5, description: 'ratio' });
const verbose = field.boolean({ default: false, description: 'verbose' });
const name = field.string({ nonEmpty: true, description: 'name' });
const tenant = field.string({ pattern: /^[a-z][a-z0-9-]*$/g, optional: true, description: 'tenant' });
const backend = field.enum({ values: ['memory', 'redis'], default: 'memory', description: 'backend' });

describe('scalar fields from text', () => {
  it.each<Case>([
    ['int', port, '8080', 8080],
    ['int with sign and spaces', port, ' +443 ', 443],
    ['number', ratio, '0.25', 0.25],
    ['number without leading digit', ratio, '.5', 0.5],
    ['number with exponent', ratio, '1e-3', 0.001],
    ['boolean true', verbose, 'true', true],
    ['boolean yes, any case', verbose, 'YES', true],
    ['boolean 0', verbose, '0', false],
    ['boolean off', verbose, 'off', false],
    ['string', name, 'tiny-llama', 'tiny-llama'],
    ['string matching pattern', tenant, 'acme-1', 'acme-1'],
    ['enum', backend, 'redis', 'redis'],
  ])('parses %s', (_, f, input, expected) => {
    expect(f.fromText(input)).toEqual({ ok: true, value: expected });
  });

  it.each<Case>([
    ['int, not a number', port, 'abc', 'expected an integer in 1..65535, got "abc"'],
    ['int, a fraction', port, '80.5', 'expected an integer in 1..65535, got "80.5"'],
    ['int, below min', port, '0', 'expected an integer in 1..65535, got "0"'],
    ['int, above max', port, '65536', 'expected an integer in 1..65535, got "65536"'],
    ['int, beyond safe range', field.int({ description: 'n' }), '9007199254740993', 'expected an integer, got "9007199254740993"'],
    ['int, empty', port, '', 'expected an integer in 1..65535, got ""'],
    ['number, not a number', ratio, '1/2', 'expected a number in 0..1, got "1/2"'],
    ['number, out of range', ratio, '1.5', 'expected a number in 0..1, got "1.5"'],
    ['number, infinity', field.number({ description: 'x' }), 'Infinity', 'expected a number, got "Infinity"'],
    ['boolean', verbose, 'maybe', 'expected a boolean (true/false, 1/0, yes/no, on/off), got "maybe"'],
    ['empty non-empty string', name, '', 'expected a non-empty string, got ""'],
    ['string off pattern', tenant, 'Acme', 'expected a string matching /^[a-z][a-z0-9-]*$/, got "Acme"'],
    ['enum, unlisted', backend, 'etcd', 'expected one of memory, redis, got "etcd"'],
    ['enum, case differs', backend, 'Redis', 'expected one of memory, redis, got "Redis"'],
  ])('refuses %s', (_, f, input, problem) => {
    expect(f.fromText(input)).toEqual({ ok: false, error: problem });
  });

  it('tests a global pattern the same way every time', () => {
    expect([tenant.fromText('acme').ok, tenant.fromText('acme').ok]).toEqual([true, true]);
  });
});

describe('scalar fields from the JSON file', () => {
  it.each<Case>([
    ['int as a number', port, '9000', 9000],
    ['int as a string', port, '"9000"', 9000],
    ['number', ratio, '0.75', 0.75],
    ['boolean', verbose, 'true', true],
    ['boolean as a string', verbose, '"no"', false],
    ['enum', backend, '"redis"', 'redis'],
  ])('accepts %s', (_, f, json, expected) => {
    expect(f.fromJson(JSON.parse(json))).toEqual({ ok: true, value: expected });
  });

  it.each<Case>([
    ['int as a fraction', port, '1.5', 'expected an integer in 1..65535, got 1.5'],
    ['int as a boolean', port, 'true', 'expected an integer in 1..65535, got true'],
    ['number as null', ratio, 'null', 'expected a number in 0..1, got null'],
    ['boolean as a number', verbose, '1', 'expected a boolean (true/false, 1/0, yes/no, on/off), got 1'],
    ['string as a number', name, '7', 'expected a non-empty string, got 7'],
    ['enum as an array', backend, '["redis"]', 'expected one of memory, redis, got ["redis"]'],
  ])('refuses %s', (_, f, json, problem) => {
    expect(f.fromJson(JSON.parse(json))).toEqual({ ok: false, error: problem });
  });
});

describe('field presence', () => {
  it.each([
    ['default', field.int({ default: 1, description: 'd' }), 'default', 1],
    ['optional', field.int({ optional: true, description: 'd' }), 'optional', undefined],
    ['required', field.int({ description: 'd' }), 'required', undefined],
  ])('%s', (_, f, presence, defaultValue) => {
    expect([f.presence, f.defaultValue]).toEqual([presence, defaultValue]);
  });

  it.each([
    ['a default out of range', () => field.int({ min: 1, default: 0, description: 'blocks' }), 'default 0 is not an integer >= 1'],
    ['a default off the list', () => field.enum({ values: ['a'], default: 'b' as 'a', description: 'e' }), 'default "b" is not one of a'],
    ['a default on an optional field', () => field.int({ default: 1, optional: true, description: 'o' }), 'an optional field takes no default'],
    ['an empty enum', () => field.enum({ values: [], description: 'e' }), 'an enum needs at least one value'],
  ])('throws on %s, a bug in the schema', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
