import { UsageError } from '../cli-command';
import { parseUpArgs } from './up.options';

describe('tsukimi up arguments', () => {
  it('defaults to 2 prefill, 2 decode and 1 pool node serving 127.0.0.1:8000', () => {
    expect(parseUpArgs([], {})).toEqual({
      kind: 'run',
      options: expect.objectContaining({ prefill: 2, decode: 2, kvpool: 1, host: '127.0.0.1', port: 8000, engine: 'reference', modelPath: undefined, logDir: undefined, readyTimeoutMs: 60_000 }),
    });
  });

  it('reads every flag', () => {
    const argv = ['--prefill', '1', '--decode', '3', '--kvpool', '1', '--port', '0', '--host', '0.0.0.0', '--engine', 'reference', '--model', 'm.gguf', '--log-dir', '/tmp/x', '--ready-timeout-ms', '30s'];
    expect(parseUpArgs(argv, {})).toEqual({
      kind: 'run',
      options: expect.objectContaining({ prefill: 1, decode: 3, port: 0, host: '0.0.0.0', modelPath: 'm.gguf', logDir: '/tmp/x', readyTimeoutMs: 30_000 }),
    });
  });

  it('reads TSUKIMI_UP_* variables', () => {
    expect(parseUpArgs([], { TSUKIMI_UP_PORT: '9000' })).toMatchObject({ kind: 'run', options: { port: 9000 } });
  });

  it('prints help naming the flags', () => {
    const parsed = parseUpArgs(['--help'], {});
    expect(parsed.kind).toBe('help');
    expect(parsed.kind === 'help' ? parsed.text : '').toEqual(expect.stringContaining('--log-dir'));
  });

  it('restarts dead services unless told --no-restart', () => {
    expect(parseUpArgs([], {})).toMatchObject({ options: { restart: true } });
    expect(parseUpArgs(['--no-restart'], {})).toMatchObject({ options: { restart: false } });
  });

  it('takes --prefill 0 for a cluster of decode instances alone', () => {
    expect(parseUpArgs(['--prefill', '0', '--disaggregation', 'never'], {})).toMatchObject({ options: expect.objectContaining({ prefill: 0, disaggregation: 'never' }) });
  });

  it.each([
    [['--kvpool', '17'], /--kvpool 17: at most 16 pool nodes on one machine/],
    [['--engine', 'vllm'], /--engine vllm: unknown; available: reference, llamacpp/],
    [['--prefill', '-1'], /prefill/],
    [['--prefill', '0', '--disaggregation', 'always'], /--prefill 0 cannot serve --disaggregation always/],
    [['--port', 'http'], /port/],
    [['--prefil', '1'], /prefil/],
  ])('refuses %j with one usage line', (argv, message) => {
    let thrown: unknown;
    try {
      parseUpArgs(argv, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).message).toMatch(message);
    expect((thrown as UsageError).message).not.toContain('\n');
  });
});
