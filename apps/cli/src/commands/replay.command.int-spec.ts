import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/tsukimi.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `tsukimi replay …` as a child process, to its exit. */
function tsukimiReplay(args: readonly string[]): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'replay', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const line = (inputLength: number, hashIds: number[]) => JSON.stringify({ timestamp: 0, input_length: inputLength, output_length: 4, hash_ids: hashIds });

describe('tsukimi replay --cache-only', () => {
  let dir: string;
  let trace: string;
  let badTrace: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-replay-'));
    trace = path.join(dir, 'trace.jsonl');
    // Blocks 1, 2, 3; again 1, 2, 3; then 1 and a new 4: hits 0 + 3 + 1 of 8 when nothing is evicted.
    fs.writeFileSync(trace, [line(1100, [1, 2, 3]), line(1100, [1, 2, 3]), line(600, [1, 4])].join('\n') + '\n');
    badTrace = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(badTrace, [line(1100, [1, 2, 3]), '', line(600, [1])].join('\n') + '\n');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    { args: ['--capacity-blocks', 'inf'], hits: 4, evicted: 0, capacity: 'inf' },
    // Two LRU blocks: {2,3} after the first request; 1 misses, 2 and 3 hit, 1 pushes out 2; 1 hits, 4 pushes out 3.
    { args: ['--policy', 'lru', '--capacity-blocks', '2'], hits: 3, evicted: 3, capacity: 2 },
  ])('prints one JSON object with the block hit ratio ($args)', async ({ args, hits, evicted, capacity }) => {
    const run = await tsukimiReplay([trace, '--cache-only', ...args, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual({
      hit_ratio: hits / 8,
      requests: 3,
      blocks_looked_up: 8,
      blocks_hit: hits,
      blocks_inserted: 8 - hits,
      blocks_evicted: evicted,
      policy: 'lru',
      capacity_blocks: capacity,
      block_size_tokens: 512,
    });
  });

  it('re-keys at --block-size 256 and prints a summary without --json', async () => {
    const run = await tsukimiReplay([trace, '--cache-only', '--block-size', '256', '--policy', 'lfu']);
    expect(run.code).toBe(0);
    // 5 + 5 + 3 blocks; the second request hits all 5, the third its first two (the 512 tokens of id 1).
    expect(run.stdout).toContain('lfu, unbounded, 256 tokens a block');
    expect(run.stdout).toMatch(/blocks looked up\s+13\n/);
    expect(run.stdout).toMatch(/block hit ratio\s+0\.5385 \(7 hits\)/);
  });

  it('names the line and field of a bad trace line and exits 1', async () => {
    const run = await tsukimiReplay([badTrace, '--cache-only', '--json']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr.trim()).toBe(`tsukimi: ${badTrace}: line 3: hash_ids: expected 2 ids (ceil(input_length / 512)), got 1`);
  });

  it.each([
    { args: ['--capacity-blocks', 'ten'], flag: '--capacity-blocks' },
    { args: ['--capacity-blocks', '-3'], flag: '--capacity-blocks' },
    { args: ['--policy', 'fifo'], flag: '--policy' },
    { args: ['--block-size', '0'], flag: '--block-size' },
    { args: ['--speed', '2'], flag: '--speed' },
  ])('refuses $args with one line naming $flag and exit code 2', async ({ args, flag }) => {
    const run = await tsukimiReplay([trace, '--cache-only', ...args]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(flag);
  });

  it.each([
    { name: 'without --cache-only', args: () => [trace], says: '--cache-only' },
    { name: 'without a trace', args: () => ['--cache-only'], says: 'trace' },
    { name: 'on a missing file', args: () => [path.join(dir, 'absent.jsonl'), '--cache-only'], says: 'ENOENT' },
  ])('refuses to run $name, saying so in one line', async ({ args, says }) => {
    const run = await tsukimiReplay(args());
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(says);
  });
});
