import { renderHelp } from './config.help';
import { field } from './fields';
import { defineSchema } from './schema.model';

describe('renderHelp', () => {
  const schema = defineSchema({
    port: field.int({ min: 1, max: 65535, default: 8080, description: 'HTTP port' }),
    modelPath: field.string({ nonEmpty: true, description: 'GGUF model file' }),
    chunked: field.boolean({ default: true, description: 'Chunked prefill' }),
    arenaBytes: field.byteSize({ default: 512 * 1024 ** 2, description: 'KV arena size' }),
    kvpoolAddress: field.address({ optional: true, description: 'kvpool master' }),
    backend: field.enum({ values: ['memory', 'redis'], default: 'memory', description: 'Metadata backend' }),
  });

  it('lists each option with what it accepts, its default and its environment variable', () => {
    expect(renderHelp(schema, { prefix: 'TSUKIMI_PREFILL', command: 'tsukimi-prefill' })).toBe(
      [
        'Usage: tsukimi-prefill [options]',
        '',
        'Options:',
        '  --config <file>               JSON file of settings keyed by camelCase name',
        '                                env TSUKIMI_PREFILL_CONFIG',
        '  --port <int>                  HTTP port',
        '                                an integer in 1..65535; default 8080; env TSUKIMI_PREFILL_PORT',
        '  --model-path <string>         GGUF model file',
        '                                a non-empty string; required; env TSUKIMI_PREFILL_MODEL_PATH',
        '  --[no-]chunked                Chunked prefill',
        '                                default true; env TSUKIMI_PREFILL_CHUNKED',
        '  --arena-bytes <size>          KV arena size',
        '                                a byte size (1000000, 64KiB, 512MiB, 2Gi, 1.5GB); default 512MiB; env TSUKIMI_PREFILL_ARENA_BYTES',
        '  --kvpool-address <host:port>  kvpool master',
        '                                host:port with a port in 0..65535; optional; env TSUKIMI_PREFILL_KVPOOL_ADDRESS',
        '  --backend <memory|redis>      Metadata backend',
        '                                one of memory, redis; default memory; env TSUKIMI_PREFILL_BACKEND',
        '  --help                        Show this help and exit',
        '',
        'Flags override environment variables, which override the config file, which overrides defaults.',
        '',
      ].join('\n'),
    );
  });

  it('refuses a prefix that cannot start an environment variable', () => {
    expect(() => renderHelp(schema, { prefix: 'tsukimi-prefill' })).toThrow('UPPER_SNAKE_CASE');
  });
});
