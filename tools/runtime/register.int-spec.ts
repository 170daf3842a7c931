import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REGISTER = join(__dirname, 'register.js');

interface Run {
  /** What the script printed: its answer, then whether SWC was loaded to get it. */
  readonly answer: string;
  readonly compilerLoaded: boolean;
}

function run(script: string, cache: string, sourceMaps: 'on' | 'off' = 'off'): Run {
  const probe = "process.on('exit', () => console.log(Object.keys(require.cache).some((k) => k.includes('@swc/core') && !k.endsWith('package.json')) ? 'compiled' : 'cached'))";
  const child = spawnSync(process.execPath, ['-r', REGISTER, '-e', `${probe}; require(${JSON.stringify(script)})`], {
    encoding: 'utf8',
    env: { ...process.env, TSUKIMI_COMPILE_CACHE: cache, TSUKIMI_SOURCE_MAPS: sourceMaps },
  });
  expect(child.stderr).toBe('');
  const [answer = '', loaded = ''] = child.stdout.trim().split('\n');
  return { answer, compilerLoaded: loaded === 'compiled' };
}

function cachedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
}

const hasInlineMap = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').includes('//# sourceMappingURL=data:');

describe('the TypeScript require hook', () => {
  let dir: string;
  let cache: string;
  let script: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsukimi-register-'));
    cache = join(dir, 'cache');
    script = join(dir, 'answer.ts');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles a file once and runs it from the cache after that, without loading the compiler', () => {
    writeFileSync(script, 'const answer: number = 6 * 7;\nconsole.log(answer);\n');
    expect(run(script, cache)).toEqual({ answer: '42', compilerLoaded: true });
    expect(cachedFiles(cache)).toHaveLength(1);
    expect(run(script, cache)).toEqual({ answer: '42', compilerLoaded: false });
    expect(cachedFiles(cache)).toHaveLength(1);
  });

  it('compiles again when the source changes, and never runs the old output', () => {
    writeFileSync(script, 'console.log(String(1 as number));\n');
    expect(run(script, cache).answer).toBe('1');
    writeFileSync(script, 'console.log(String(2 as number));\n');
    expect(run(script, cache)).toEqual({ answer: '2', compilerLoaded: true });
    expect(cachedFiles(cache)).toHaveLength(2);
  });

  it('compiles with an inline source map unless source maps are off, and caches the two apart', () => {
    writeFileSync(script, 'const answer: number = 6 * 7;\nconsole.log(answer);\n');
    expect(run(script, cache, 'off')).toEqual({ answer: '42', compilerLoaded: true });
    const [withoutMap] = cachedFiles(cache);
    expect(hasInlineMap(cache, withoutMap!)).toBe(false);
    expect(run(script, cache, 'on')).toEqual({ answer: '42', compilerLoaded: true });
    const withMap = cachedFiles(cache).filter((f) => f !== withoutMap);
    expect(withMap.map((f) => hasInlineMap(cache, f))).toEqual([true]);
    expect(run(script, cache, 'off')).toEqual({ answer: '42', compilerLoaded: false });
    expect(run(script, cache, 'on')).toEqual({ answer: '42', compilerLoaded: false });
  });

  it('with the cache off compiles every time and writes nothing', () => {
    writeFileSync(script, 'console.log(enumValue());\nfunction enumValue(): string { return "x"; }\n');
    expect(run(script, 'off')).toEqual({ answer: 'x', compilerLoaded: true });
    expect(run(script, 'off')).toEqual({ answer: 'x', compilerLoaded: true });
    expect(() => readdirSync(cache)).toThrow();
  });
});
