import { decideBoot, wantsHelp } from './config.edge';
import { field } from './fields';
import { defineSchema } from './schema.model';

const schema = defineSchema({
  port: field.int({ min: 1, max: 65535, default: 8080, description: 'HTTP port' }),
  modelPath: field.string({ nonEmpty: true, description: 'GGUF model file' }),
});
const prefix = 'TSUKIMI_DECODE';

describe('decideBoot', () => {
  it('runs with a valid configuration', () => {
    expect(decideBoot(schema, { prefix, argv: ['--model-path=m'], env: {} })).toEqual({
      kind: 'run',
      config: { port: 8080, modelPath: 'm' },
    });
  });

  it('exits 2 with one stderr line per error', () => {
    expect(decideBoot(schema, { prefix, argv: ['--port=x'], env: {} })).toEqual({
      kind: 'exit',
      code: 2,
      stream: 'stderr',
      text:
        'invalid config: --port: expected an integer in 1..65535, got "x"\n' +
        'invalid config: modelPath: required; set --model-path, TSUKIMI_DECODE_MODEL_PATH or "modelPath" in the config file\n',
    });
  });

  it.each([['--help'], ['-h']])('exits 0 with help on stdout for %s, even beside bad flags', (flag) => {
    const outcome = decideBoot(schema, { prefix, argv: ['--bogus', flag], env: {}, command: 'tsukimi-decode' });
    expect(outcome).toMatchObject({ kind: 'exit', code: 0, stream: 'stdout' });
    expect(outcome.kind === 'exit' && outcome.text).toMatch(/^Usage: tsukimi-decode \[options\]\n/);
  });

  it.each([
    [['--port', '80'], false],
    [['--help'], true],
    [['--model-path=--help'], false],
  ])('wantsHelp(%j) is %s', (argv, expected) => {
    expect(wantsHelp(argv)).toBe(expected);
  });
});
