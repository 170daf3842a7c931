import { addressListField } from './address-list.field';

describe('field.addressList', () => {
  const field = addressListField({ nonEmpty: true, description: 'masters' });

  it('reads comma-separated host:port addresses, IPv6 in brackets', () => {
    expect(field.fromText('a:1, [::1]:2')).toEqual({ ok: true, value: [{ host: 'a', port: 1 }, { host: '::1', port: 2 }] });
    expect(field.fromJson(['a:1', 'b:2'])).toEqual({ ok: true, value: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }] });
    expect(field.format([{ host: 'a', port: 1 }, { host: '::1', port: 2 }])).toBe('a:1,[::1]:2');
  });

  it('refuses a bad item, an out-of-range port and, when non-empty, nothing', () => {
    expect(field.fromText('a:1,b').ok).toBe(false);
    expect(field.fromText('a:70000').ok).toBe(false);
    expect(field.fromText('').ok).toBe(false);
    expect(field.fromJson([1]).ok).toBe(false);
  });
});
