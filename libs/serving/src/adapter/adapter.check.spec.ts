import { type Engine } from '@tsukimi/engine';
import { checkAdapter } from './adapter.check';

const engineWith = (adapters?: { name: string; id: string }[]) => ({ info: { adapters } }) as unknown as Engine;

describe('checkAdapter', () => {
  it.each([
    ['no adapter', undefined, [{ name: 'a', id: '1' }], undefined],
    ['the wire\'s empty string', '', [{ name: 'a', id: '1' }], undefined],
    ['a loaded adapter', 'b', [{ name: 'a', id: '1' }, { name: 'b', id: '2' }], 'b'],
    ['no adapter on an engine without any', undefined, undefined, undefined],
  ])('passes %s', (_name, adapter, loaded, expected) => {
    expect(checkAdapter(engineWith(loaded), adapter)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['an adapter the engine lacks', 'c', [{ name: 'a', id: '1' }], "this instance has no LoRA adapter 'c' (loaded: a)"],
    ['any adapter on an engine without adapters', 'a', undefined, "this instance has no LoRA adapter 'a' (loaded: none)"],
    ['a name of 100,000 characters, shown cut to 80 so the status fits a header', 'x'.repeat(100_000), undefined, `this instance has no LoRA adapter '${'x'.repeat(80)}…' (loaded: none)`],
  ])('refuses %s as a value', (_name, adapter, loaded, message) => {
    expect(checkAdapter(engineWith(loaded), adapter)).toEqual({ ok: false, error: { kind: 'unknown-adapter', adapter, message } });
  });
});
