import { err, expectOk, ok } from './result';

describe('Result', () => {
  it('carries a value or an error', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(err('miss')).toEqual({ ok: false, error: 'miss' });
  });

  it('expectOk returns the value and throws on an error naming the call site', () => {
    expect(expectOk(ok('v'), 'lookup')).toBe('v');
    expect(() => expectOk(err({ kind: 'miss' }), 'lookup')).toThrow('lookup: {"kind":"miss"}');
  });
});
