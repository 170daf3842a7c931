import { defineSchema, field, loadConfig } from '@tsukimi/config';
import { serviceSchema } from './service-config.schema';

const schema = defineSchema({
  ...serviceSchema({ httpPort: 8100, grpcPort: 50061 }),
  modelPath: field.string({ default: 'model.gguf', description: 'GGUF model file' }),
});
const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(schema, { argv, env, prefix: 'TSUKIMI_PREFILL' });

describe('serviceSchema', () => {
  it('defaults to the service\'s ports on every interface, info logs and a 20 s drain', () => {
    expect(load([])).toEqual({
      ok: true,
      value: { host: '0.0.0.0', httpPort: 8100, grpcPort: 50061, logLevel: 'info', shutdownTimeoutMs: 20_000, traceSampleRatio: 1, modelPath: 'model.gguf' },
    });
  });

  it('reads flags and environment variables', () => {
    const loaded = load(['--http-port', '0', '--shutdown-timeout-ms', '5s'], { TSUKIMI_PREFILL_LOG_LEVEL: 'debug', TSUKIMI_PREFILL_HOST: '127.0.0.1' });
    expect(loaded).toMatchObject({ ok: true, value: { httpPort: 0, shutdownTimeoutMs: 5_000, logLevel: 'debug', host: '127.0.0.1' } });
  });

  it.each([
    [['--http-port', '70000'], 'httpPort'],
    [['--grpc-port', '-1'], 'grpcPort'],
    [['--log-level', 'verbose'], 'logLevel'],
    [['--host', ''], 'host'],
    [['--shutdown-timeout-ms', 'soon'], 'shutdownTimeoutMs'],
    [['--otlp-endpoint', 'collector:4318'], 'otlpEndpoint'],
    [['--trace-sample-ratio', '1.5'], 'traceSampleRatio'],
    [['--trace-sample-ratio', '-0.1'], 'traceSampleRatio'],
  ])('refuses %j, naming %s', (argv, key) => {
    expect(load(argv)).toMatchObject({ ok: false, error: [expect.objectContaining({ key })] });
  });

  it('leaves tracing off unless an endpoint is set, and reads its ratio', () => {
    expect(load([])).toMatchObject({ ok: true, value: { otlpEndpoint: undefined, traceSampleRatio: 1 } });
    expect(load(['--otlp-endpoint', 'http://otel-collector:4318', '--trace-sample-ratio', '0.05'])).toMatchObject({
      ok: true,
      value: { otlpEndpoint: 'http://otel-collector:4318', traceSampleRatio: 0.05 },
    });
  });

  it('takes a per-service default host', () => {
    const local = defineSchema(serviceSchema({ httpPort: 1, grpcPort: 2, host: '127.0.0.1' }));
    expect(loadConfig(local, { argv: [], env: {}, prefix: 'T' })).toMatchObject({ ok: true, value: { host: '127.0.0.1' } });
  });
});
