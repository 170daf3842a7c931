import { CLUSTER_DEFAULTS, compileClusterOptions, type LocalClusterOptions } from './cluster.options';

describe('compileClusterOptions', () => {
  it('fills in the defaults: 2 prefill, 2 decode, 1 pool node, the reference engine on 127.0.0.1:8000', () => {
    expect(compileClusterOptions({})).toEqual({
      ok: true,
      value: { ...CLUSTER_DEFAULTS, modelPath: undefined, logDir: undefined, disaggregation: undefined },
    });
  });

  it('keeps what the caller set and ignores keys set to undefined', () => {
    const compiled = compileClusterOptions({ prefill: 1, decode: 3, port: 0, host: '0.0.0.0', modelPath: 'm.gguf', logDir: undefined });
    expect(compiled).toMatchObject({ ok: true, value: { prefill: 1, decode: 3, kvpool: 1, port: 0, host: '0.0.0.0', modelPath: 'm.gguf', logDir: undefined } });
  });

  it.each<[LocalClusterOptions, RegExp]>([
    [{ kvpool: 17 }, /^--kvpool 17: at most 16 pool nodes on one machine/],
    [{ engine: 'vllm' }, /^--engine vllm: unknown; available: reference, llamacpp, simulated$/],
    [{ simulated: { timeScale: 0.1 } }, /^--simulated-model, --simulated-hardware, --simulated-time-scale and --simulated-profile need --engine simulated$/],
    [{ lora: ['a=/a.gguf'] }, /^--lora needs --engine llamacpp$/],
    [{ prefill: -1 }, /^--prefill must be a whole number of at least 0, got -1$/],
    [{ decode: 0 }, /^--decode must be a whole number of at least 1, got 0$/],
    [{ prefill: 0, disaggregation: 'always' }, /^--prefill 0 cannot serve --disaggregation always/],
    [{ decode: 1.5 }, /^--decode must be a whole number/],
    [{ port: 70000 }, /^--port must be 0\.\.65535/],
    [{ host: '' }, /^--host must not be empty$/],
    [{ instancesPerProcess: 0, engine: 'simulated' }, /^--instances-per-process must be a whole number of at least 1, got 0$/],
    [{ instancesPerProcess: 4 }, /^--instances-per-process 4 needs --engine simulated/],
    [{ disaggregation: 'sometimes' as never }, /^--disaggregation sometimes: unknown; one of never, always, auto$/],
  ])('refuses %j', (options, message) => {
    const compiled = compileClusterOptions(options);
    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? '' : compiled.error).toMatch(message);
  });
});
