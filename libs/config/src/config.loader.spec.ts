import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatConfigErrors, type ConfigError } from './config-error';
import { loadConfig } from './config.loader';
import { field } from './fields';
import { defineSchema } from './schema.model';

const prefill = defineSchema({
  port: field.int({ min: 1, max: 65535, default: 8080, description: 'HTTP port' }),
  blockSizeTokens: field.int({ min: 1, default: 16, description: 'Tokens per KV block' }),
  modelPath: field.string({ nonEmpty: true, description: 'GGUF model file' }),
  chunked: field.boolean({ default: true, description: 'Chunked prefill' }),
  kvpoolAddress: field.address({ optional: true, description: 'kvpool master' }),
  peers: field.list({ default: [], description: 'Peer nodes' }),
});
const PREFIX = 'TSUKIMI_PREFILL';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tsukimi-config-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function load(argv: readonly string[], env: Record<string, string> = {}) {
  return loadConfig(prefill, { argv, env, prefix: PREFIX });
}

function errorLines(argv: readonly string[], env: Record<string, string> = {}): string[] {
  const result = load(argv, env);
  return result.ok ? [] : formatConfigErrors(result.error).split('\n');
}

describe('loadConfig', () => {
  it('fills defaults and leaves optional keys undefined', () => {
    expect(load(['--model-path', 'm.gguf'])).toEqual({
      ok: true,
      value: { port: 8080, blockSizeTokens: 16, modelPath: 'm.gguf', chunked: true, kvpoolAddress: undefined, peers: [] },
    });
  });

  it('takes flags over environment over file over defaults', () => {
    const file = writeJson('precedence.json', JSON.stringify({ port: 1001, blockSizeTokens: 32, modelPath: 'file.gguf', peers: ['f'] }));
    const env = { TSUKIMI_PREFILL_CONFIG: file, TSUKIMI_PREFILL_PORT: '2002', TSUKIMI_PREFILL_BLOCK_SIZE_TOKENS: '64' };
    const result = load(['--port=3003'], env);
    expect(result.ok && result.value).toMatchObject({ port: 3003, blockSizeTokens: 64, modelPath: 'file.gguf', peers: ['f'], chunked: true });
  });

  it('prefers --config over <PREFIX>_CONFIG', () => {
    const fromFlag = writeJson('flag.json', '{"modelPath":"flag.gguf"}');
    const fromEnv = writeJson('env.json', '{"modelPath":"env.gguf"}');
    const result = load(['--config', fromFlag], { TSUKIMI_PREFILL_CONFIG: fromEnv });
    expect(result.ok && result.value.modelPath).toBe('flag.gguf');
  });

  it.each<[string, readonly string[], Partial<Record<keyof typeof prefill, unknown>>]>([
    ['--name value', ['--block-size-tokens', '32'], { blockSizeTokens: 32 }],
    ['--name=value', ['--block-size-tokens=32'], { blockSizeTokens: 32 }],
    ['a value that starts with a dash', ['--model-path', '-m.gguf'], { modelPath: '-m.gguf' }],
    ['a boolean switch off', ['--no-chunked'], { chunked: false }],
    ['a boolean with a value', ['--chunked=false'], { chunked: false }],
    ['an address', ['--kvpool-address', '[::1]:7000'], { kvpoolAddress: { host: '::1', port: 7000 } }],
    ['a repeated list flag', ['--peers', 'a,b', '--peers=c'], { peers: ['a', 'b', 'c'] }],
  ])('reads %s', (_, argv, expected) => {
    const result = load(argv, { TSUKIMI_PREFILL_MODEL_PATH: 'm.gguf' });
    expect(result.ok && result.value).toMatchObject(expected);
  });

  it.each<[string, readonly string[], Record<string, string>, readonly string[]]>([
    ['a bad flag value', ['--block-size-tokens', 'abc'], {}, ['invalid config: --block-size-tokens: expected an integer >= 1, got "abc"']],
    ['a bad env value', [], { TSUKIMI_PREFILL_PORT: '99999' }, ['invalid config: TSUKIMI_PREFILL_PORT: expected an integer in 1..65535, got "99999"']],
    ['an unknown flag', ['--prot', '80'], {}, ['invalid config: --prot: unknown key (did you mean --port?)']],
    ['an unknown flag unlike any key', ['--zzzzzz'], {}, ['invalid config: --zzzzzz: unknown key']],
    ['--no- on a non-boolean', ['--no-port'], {}, ['invalid config: --no-port: unknown key (did you mean --port?)']],
    ['a value on --no-', ['--no-chunked=true'], {}, ['invalid config: --no-chunked: takes no value; write --chunked=true']],
    ['a missing value', ['--port'], {}, ['invalid config: --port: expected an integer in 1..65535, got no value']],
    ['a missing value before a flag', ['--port', '--no-chunked'], {}, ['invalid config: --port: expected an integer in 1..65535, got no value']],
    ['a repeated flag', ['--port=1', '--port=2'], {}, ['invalid config: --port: given more than once']],
    ['a positional argument', ['serve'], {}, ['invalid config: argument "serve": unexpected argument; options are written --name value or --name=value']],
    ['a missing --config path', ['--config'], {}, ['invalid config: --config: expected a file path']],
  ])('reports %s', (_, argv, env, lines) => {
    expect(errorLines([...argv, '--model-path=m'], env)).toEqual(lines);
  });

  it('reports a missing required key with every way to set it', () => {
    expect(errorLines([])).toEqual([
      'invalid config: modelPath: required; set --model-path, TSUKIMI_PREFILL_MODEL_PATH or "modelPath" in the config file',
    ]);
  });

  it('reports every problem at once, with code, key and source', () => {
    const result = load(['--port=0', '--bogus'], { TSUKIMI_PREFILL_CHUNKED: 'sometimes' });
    expect(result.ok ? [] : result.error.map((e: ConfigError) => [e.code, e.key, e.source])).toEqual([
      ['unknown-key', undefined, { kind: 'flag', flag: '--bogus' }],
      ['invalid-value', 'port', { kind: 'flag', flag: '--port' }],
      ['missing-required', 'modelPath', { kind: 'none' }],
      ['invalid-value', 'chunked', { kind: 'env', variable: 'TSUKIMI_PREFILL_CHUNKED' }],
    ]);
  });

  it('validates only the value that wins', () => {
    const result = load(['--port=80', '--model-path=m'], { TSUKIMI_PREFILL_PORT: 'not-a-port' });
    expect(result.ok && result.value.port).toBe(80);
  });

  it('ignores unrelated and foreign environment variables', () => {
    const env = { TSUKIMI_PREFILL_PORT_8080_TCP: 'tcp://10.0.0.1:8080', HOME: '/root' };
    expect(load(['--model-path=m'], env).ok).toBe(true);
  });
});

describe('loadConfig with a config file', () => {
  it('reads values in their JSON types or as flag text', () => {
    const path = writeJson('typed.json', JSON.stringify({ modelPath: 'm', port: '9000', chunked: false, kvpoolAddress: 'master:50051' }));
    const result = load(['--config', path]);
    expect(result.ok && result.value).toMatchObject({ port: 9000, chunked: false, kvpoolAddress: { host: 'master', port: 50051 } });
  });

  it.each<[string, () => string, string]>([
    ['an unknown key', () => writeJson('unknown.json', '{"modelPath":"m","blockSize":16}'), '#blockSize: unknown key (did you mean "blockSizeTokens"?)'],
    ['a bad value', () => writeJson('bad.json', '{"modelPath":"m","port":-1}'), '#port: expected an integer in 1..65535, got -1'],
    ['invalid JSON', () => writeJson('broken.json', '{"port": 80,}'), ': invalid JSON: '],
    ['a JSON array', () => writeJson('array.json', '[]'), ': expected a JSON object keyed by config keys, got an array (named by --config)'],
    ['a missing file', () => join(dir, 'absent.json'), ': cannot read config file: file not found (named by --config)'],
    ['a directory', () => dir, ': cannot read config file: is a directory, not a file (named by --config)'],
  ])('reports %s', (_, makePath, expected) => {
    const path = makePath();
    const lines = errorLines(['--config', path, '--model-path=m']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`invalid config: ${path}${expected}`);
  });

  it('names the environment variable that named a missing file', () => {
    const lines = errorLines(['--model-path=m'], { TSUKIMI_PREFILL_CONFIG: '/nonexistent/prefill.json' });
    expect(lines).toEqual(['invalid config: /nonexistent/prefill.json: cannot read config file: file not found (named by TSUKIMI_PREFILL_CONFIG)']);
  });

  it('reads through an injected reader', () => {
    const result = loadConfig(prefill, { argv: ['--config=virtual.json'], env: {}, prefix: PREFIX, readFile: () => ({ ok: true, value: '{"modelPath":"v"}' }) });
    expect(result.ok && result.value.modelPath).toBe('v');
  });
});
