import * as os from 'node:os';
import { defineBenchArgs, parseBenchArgs } from './bench-args';
import { benchOption as o } from './bench-option';

const args = defineBenchArgs({
  bench: 'demo',
  summary: 'A demo bench.',
  options: {
    rounds: o.whole({ default: 3, doc: 'Rounds' }),
    rateRps: o.positive({ doc: 'Rate' }),
    phase: o.oneOf(['all', 'soak'], { default: 'all', doc: 'Phases' }),
    skipIdle: o.flag({ doc: 'Leave idle out' }),
    only: o.someOf(['a', 'b'], { doc: 'Parts' }),
    lengths: o.wholeList({ default: [100, 200], max: 2000, doc: 'Lengths' }),
    model: o.path({ doc: 'Model file' }),
    share: o.number({ default: 0.5, min: 0, doc: 'Share' }),
    label: o.string({ doc: 'Label' }),
  },
  rules: (values, given) => (values.phase === 'soak' && values.rateRps === undefined ? '--phase soak needs --rate-rps' : given.has('skipIdle') && values.rounds === 1 ? '--skip-idle: not with --rounds 1' : undefined),
});

describe('parseBenchArgs', () => {
  it('gives the defaults, typed, for an empty command line and for --json alone', () => {
    for (const argv of [[], ['--json']]) {
      const outcome = parseBenchArgs(args, argv);
      expect(outcome).toEqual({ kind: 'run', operand: undefined, values: expect.objectContaining({ rounds: 3, rateRps: undefined, phase: 'all', skipIdle: false, only: ['a', 'b'], lengths: [100, 200], model: undefined, share: 0.5, label: undefined }) });
    }
  });

  it('reads every kind from its flag', () => {
    const outcome = parseBenchArgs(args, ['--rounds', '5', '--rate-rps=2.5', '--phase', 'soak', '--skip-idle', '--only', 'b', '--lengths', '7,9', '--model', os.tmpdir(), '--share', '0', '--label', 'x y']);
    expect(outcome).toEqual({ kind: 'run', operand: undefined, values: expect.objectContaining({ rounds: 5, rateRps: 2.5, phase: 'soak', skipIdle: true, only: ['b'], lengths: [7, 9], model: os.tmpdir(), share: 0, label: 'x y' }) });
  });

  it.each([
    [['--bogus'], /^--bogus: unknown option/],
    [['--roundz', '4'], /^--roundz: unknown option \(did you mean --rounds\?\); --help lists them$/],
    [['--rounds'], /^--rounds: expected an integer >= 1, got no value$/],
    [['--rounds', '-3'], /^--rounds: expected an integer >= 1, got "-3"$/],
    [['--rounds', '2.5'], /^--rounds: expected an integer >= 1/],
    [['--rate-rps', '0'], /^--rate-rps: expected a number > 0, got 0$/],
    [['--rate-rps', 'fast'], /^--rate-rps: expected a number, got "fast"$/],
    [['--phase', 'slow'], /^--phase: expected one of all, soak, got "slow"$/],
    [['--only', 'a,c'], /^--only: unknown "c"; expected any of a, b$/],
    [['--lengths', '10,2001'], /^--lengths: expected whole numbers from 1 to 2000, got 2001$/],
    [['--model', '/no/such/file.gguf'], /^--model: no such file \/no\/such\/file.gguf$/],
    [['--share', '-0.1'], /^--share: expected a number >= 0, got "-0.1"$/],
    [['--label', ''], /^--label: expected a non-empty string, got ""$/],
    [['--rounds', 'x', '--phase', 'y'], /^--rounds: expected an integer >= 1, got "x"; --phase: expected one of all, soak, got "y"$/],
    [['stray'], /^unexpected argument "stray"/],
    [['--config', 'x.json'], /^--config: unknown option/],
    [['--rounds', '1', '--rounds', '2'], /^--rounds: given more than once$/],
    [['--phase', 'soak'], /^--phase soak needs --rate-rps$/],
    [['--skip-idle', '--rounds', '1'], /^--skip-idle: not with --rounds 1$/],
  ])('refuses %j in one line naming the flag', (argv, message) => {
    const outcome = parseBenchArgs(args, argv);
    expect(outcome.kind).toBe('usage-error');
    if (outcome.kind !== 'usage-error') return;
    expect(outcome.message).toMatch(message);
    expect(outcome.message).not.toContain('\n');
  });

  it('answers --help and -h with the summary and every option, its default and doc, whatever else is written', () => {
    for (const argv of [['--help'], ['-h'], ['--bogus', '--help']]) {
      const outcome = parseBenchArgs(args, argv);
      expect(outcome.kind).toBe('help');
      if (outcome.kind !== 'help') return;
      expect(outcome.text).toMatch(/^Usage: tsukimi bench demo \[options\]\n\nA demo bench\.\n/);
      for (const line of [/--rounds <int> +Rounds \(an integer >= 1; default 3\)/, /--rate-rps <number> +Rate \(a number > 0\)$/m, /--model <file> +Model file$/m, /--phase <all\|soak> +Phases \(default all\)/, /--skip-idle +Leave idle out$/m, /--lengths <n,n,…> +Lengths \(default 100,200\)/, /--json +Accepted and ignored/, /-h, --help/]) {
        expect(outcome.text).toMatch(line);
      }
    }
  });

  describe('with a file operand', () => {
    const withOperand = defineBenchArgs({ bench: 'replay', summary: 'Replays.', options: {}, operand: { name: 'TRACE', doc: 'The trace' } });

    it('takes exactly one existing file, before or after the flags', () => {
      expect(parseBenchArgs(withOperand, ['--json', os.tmpdir()])).toEqual({ kind: 'run', operand: os.tmpdir(), values: { json: true } });
      expect(parseBenchArgs(withOperand, [])).toEqual({ kind: 'usage-error', message: 'expected one TRACE, got none' });
      expect(parseBenchArgs(withOperand, ['/no/such.jsonl'])).toEqual({ kind: 'usage-error', message: 'TRACE: no such file /no/such.jsonl' });
      expect(parseBenchArgs(withOperand, ['--no-json', 'a', 'b'])).toEqual({ kind: 'usage-error', message: 'expected one TRACE, got a b' });
    });

    it('shows it in the usage line', () => {
      const outcome = parseBenchArgs(withOperand, ['--help']);
      expect(outcome.kind === 'help' && outcome.text.split('\n')[0]).toBe('Usage: tsukimi bench replay TRACE [options]');
    });
  });

  it('refuses a declaration whose key cannot be a flag', () => {
    expect(() => defineBenchArgs({ bench: 'bad', summary: '', options: { maxTTFT: o.flag({ doc: '' }) } })).toThrow(/lowerCamelCase/);
  });
});

describe('parseBenchArgs, for a child process the bench starts', () => {
  const child = defineBenchArgs({
    bench: 'demo',
    command: 'demo.child.ts',
    summary: 'A child of the demo bench.',
    options: { count: o.whole({ doc: 'Blocks', required: true }), host: o.string({ doc: 'Host', required: true }) },
  });

  it('reads the arguments its parent passes', () => {
    expect(parseBenchArgs(child, ['--count', '4', '--host', 'h'])).toEqual({ kind: 'run', operand: undefined, values: expect.objectContaining({ count: 4, host: 'h' }) });
  });

  it.each([
    [['--host', 'h'], '--count: required'],
    [['--count', 'x', '--host', 'h'], '--count: expected an integer >= 1, got "x"'],
    [['4', 'h'], '--count: required; --host: required'],
  ])('refuses %j in one line naming the flag: %s', (argv, message) => {
    expect(parseBenchArgs(child, argv)).toEqual({ kind: 'usage-error', message });
  });

  it("shows the child's own command in its help", () => {
    const outcome = parseBenchArgs(child, ['--help']);
    expect(outcome.kind === 'help' && outcome.text.split('\n')[0]).toBe('Usage: demo.child.ts [options]');
  });
});
