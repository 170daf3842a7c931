import { parseLoraFlag } from './lora.config';

describe('parseLoraFlag', () => {
  it.each([
    ['nothing', [], []],
    ['one adapter', ['a=/m/a.gguf'], [{ name: 'a', path: '/m/a.gguf' }]],
    ['two, in order, trimmed', [' b = b.gguf', 'a=/m/a.gguf'], [{ name: 'b', path: 'b.gguf' }, { name: 'a', path: '/m/a.gguf' }]],
    ['a path with =', ['a=/m/x=1.gguf'], [{ name: 'a', path: '/m/x=1.gguf' }]],
  ])('reads %s', (_name, items, adapters) => {
    expect(parseLoraFlag(items)).toEqual({ ok: true, value: adapters });
  });

  it.each([['no =', 'a.gguf'], ['no name', '=a.gguf'], ['no path', 'a=']])('refuses an item with %s, naming it', (_name, item) => {
    expect(parseLoraFlag(['ok=ok.gguf', item])).toEqual({ ok: false, error: `lora: ${JSON.stringify(item)} is not name=path` });
  });
});
