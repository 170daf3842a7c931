import { roundOrder, sideArgs, TRACING_SIDES } from './tracing-sides';

const BASE = ['--http-port=0', '--grpc-port=0', '--prefill-addresses=127.0.0.1:1', '--decode-addresses=127.0.0.1:2', '--disaggregation=always'];
const ENDPOINT = 'http://127.0.0.1:4318';

describe('the tracing measure\'s sides', () => {
  it.each(TRACING_SIDES.map((side) => [side.name, side] as const))('%s: the base flags unchanged and in order, and nothing else but the tracing flags', (_, side) => {
    const args = sideArgs(BASE, side, ENDPOINT);
    expect(args.slice(0, BASE.length)).toEqual(BASE);
    const added = args.slice(BASE.length);
    expect(added).toEqual(side.sampleRatio === undefined ? [] : [`--otlp-endpoint=${ENDPOINT}`, `--trace-sample-ratio=${side.sampleRatio}`]);
  });

  it('the off side sends no spans anywhere; the others export to the one receiver at their ratios', () => {
    expect(TRACING_SIDES.map((side) => sideArgs(BASE, side, ENDPOINT).filter((a) => a.startsWith('--otlp') || a.startsWith('--trace')))).toEqual([
      [],
      [`--otlp-endpoint=${ENDPOINT}`, '--trace-sample-ratio=1'],
      [`--otlp-endpoint=${ENDPOINT}`, '--trace-sample-ratio=0.01'],
    ]);
  });

  it.each([['--otlp-endpoint=http://x:4318'], ['--trace-sample-ratio', '0.5']])('refuses base flags that already set tracing: %s', (...flags) => {
    expect(() => sideArgs([...BASE, ...flags], TRACING_SIDES[0]!, ENDPOINT)).toThrow(/already set tracing/);
  });

  it('over six rounds each side runs first, middle and last twice', () => {
    const rounds = Array.from({ length: 6 }, (_, r) => roundOrder(r, ['a', 'b', 'c']));
    for (const side of ['a', 'b', 'c']) {
      expect([0, 1, 2].map((position) => rounds.filter((order) => order[position] === side).length)).toEqual([2, 2, 2]);
    }
  });
});
