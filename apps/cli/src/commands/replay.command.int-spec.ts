import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTsukimi, type TsukimiRun } from './tsukimi-run.testing';

/** `tsukimi replay …` as a child process, to its exit. */
const tsukimiReplay = (args: readonly string[]): Promise<TsukimiRun> => runTsukimi(['replay', ...args]);

const line = (inputLength: number, hashIds: number[], timestamp = 0, outputLength = 4) => JSON.stringify({ timestamp, input_length: inputLength, output_length: outputLength, hash_ids: hashIds });

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
    { args: ['--speed', 'fast'], flag: '--speed' },
  ])('refuses $args with one line naming $flag and exit code 2', async ({ args, flag }) => {
    const run = await tsukimiReplay([trace, '--cache-only', ...args]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(flag);
  });

  it.each([
    { name: 'without a trace', args: () => ['--cache-only'], says: 'trace' },
    { name: 'on a missing file', args: () => [path.join(dir, 'absent.jsonl'), '--cache-only'], says: 'ENOENT' },
  ])('refuses to run $name, saying so in one line', async ({ args, says }) => {
    const run = await tsukimiReplay(args());
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(says);
  });
});

describe('tsukimi replay (timed)', () => {
  let dir: string;
  let trace: string;
  const REQUESTS = 40;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-replay-timed-'));
    trace = path.join(dir, 'trace.jsonl');
    // Every other request continues a shared 4-block system prompt (ids 0–3) with 2 blocks of its own; one every 250 ms.
    const lines = Array.from({ length: REQUESTS }, (_, i) => {
      const own = [1000 + 2 * i, 1001 + 2 * i];
      return i % 2 === 0 ? line(6 * 512, [0, 1, 2, 3, ...own], i * 250, 20 + i) : line(2 * 512, own, i * 250, 20 + i);
    });
    fs.writeFileSync(trace, lines.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ name: 'Half-70B', layers: 40, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8, parameters: 35e9, bytesPerValue: 2 }));
    fs.writeFileSync(path.join(dir, 'bad-model.json'), JSON.stringify({ name: 'Broken', layers: 0 }));
    fs.writeFileSync(path.join(dir, 'profile.json'), JSON.stringify({ prefill: { picker: { type: 'round-robin' } }, decode: { picker: { type: 'round-robin' } } }));
    fs.writeFileSync(path.join(dir, 'bad-profile.json'), JSON.stringify({ prefill: { scorers: [{ type: 'nearest-moon' }], picker: { type: 'max-score' } }, decode: { picker: { type: 'round-robin' } } }));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    { args: ['--architecture', 'coupled', '--nodes', '2'], prefill: 2, decode: 0, model: 'LLaMA3-70B' },
    { args: ['--architecture', 'disaggregated', '--prefill-instances', '1', '--decode-instances', '2', '--hardware', '8xh800'], prefill: 1, decode: 2, model: 'LLaMA3-70B' },
    { args: ['--architecture', 'mooncake', '--nodes', '4', '--split', '1:1', '--model', 'MODEL'], prefill: 2, decode: 2, model: 'Half-70B' },
  ])('prints one JSON object of a replay ($args)', async ({ args, prefill, decode, model }) => {
    const run = await tsukimiReplay([trace, ...args.map((a) => (a === 'MODEL' ? path.join(dir, 'model.json') : a)), '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ requests: REQUESTS, prefill_instances: prefill, decode_instances: decode, model });
    expect(out.completed + out.rejected).toBe(REQUESTS);
    expect(out.within_slo).toBeLessThanOrEqual(out.completed);
    expect(out.ttft_ms.p50).toBeGreaterThan(0);
    expect(out.ttft_ms.p50).toBeLessThanOrEqual(out.ttft_ms.p99);
    expect(out.tbt_ms.p50).toBeLessThanOrEqual(out.tbt_ms.p99);
    // Half the requests carry 4 shared blocks of their 6: at most 80 of 160 blocks can be reused, the first copy computed.
    const reused = out.hit_ratio_by_tier.device + out.hit_ratio_by_tier.device_remote + out.hit_ratio_by_tier.dram + out.hit_ratio_by_tier.ssd;
    expect(reused).toBeGreaterThan(0);
    expect(reused).toBeLessThanOrEqual(76 / 160);
    expect(reused + out.computed_ratio).toBeCloseTo(1, 12);
  });

  it('runs a scheduler profile file, as the conductor reads it', async () => {
    const run = await tsukimiReplay([trace, '--architecture', 'disaggregated', '--nodes', '4', '--scheduler-profile', path.join(dir, 'profile.json'), '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ scheduler: 'profile', requests: REQUESTS });
  });

  it('finds the capacity: the fastest replay with 90% of requests within both SLOs, to 2%', async () => {
    const run = await tsukimiReplay([trace, '--architecture', 'coupled', '--nodes', '1', '--ttft-slo-ms', '2000', '--capacity', '--json']);
    expect(run.code).toBe(0);
    const { capacity } = JSON.parse(run.stdout);
    expect(capacity.speed).toBeGreaterThan(0);
    expect(capacity.failing_speed / capacity.speed).toBeLessThanOrEqual(1.02);
    const probe = (speed: number) => capacity.probes.find((p: { speed: number }) => p.speed === speed).within_slo_share;
    expect(probe(capacity.speed)).toBeGreaterThanOrEqual(0.9);
    expect(probe(capacity.failing_speed)).toBeLessThan(0.9);
    // 40 requests over 9.75 s of trace.
    expect(capacity.requests_per_s).toBeCloseTo((capacity.speed * REQUESTS) / 9.75, 9);
  });

  it('replays several architectures in one command: one JSON line each, and an HTML report whose numbers are those lines', async () => {
    const report = path.join(dir, 'report.html');
    const run = await tsukimiReplay([trace, '--architecture', 'coupled,mooncake', '--nodes', '2', '--json', '--report', report]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.architecture)).toEqual(['coupled', 'mooncake']);
    const html = fs.readFileSync(report, 'utf8');
    expect([...html.matchAll(/<svg [^>]*data-figure="([^"]+)"/g)].map((m) => m[1])).toEqual(['ttft-cdf', 'tbt-cdf', 'goodput', 'hit-ratio', 'instance-load']);
    expect(JSON.parse(/<script type="application\/json" id="tsukimi-replay-data">([^<]*)<\/script>/.exec(html)![1]!)).toEqual(lines);
    const bars = [...html.matchAll(/<rect class="bar" data-series="([^"]+)" data-value="([^"]+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(bars).toEqual(lines.map((l) => [l.architecture, l.goodput_rps]));
    // Every request completes here, so each TTFT CDF has a point per request.
    const ttft = /data-figure="ttft-cdf"[\s\S]*?<\/svg>/.exec(html)![0];
    const points = [...ttft.matchAll(/data-points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
    expect(points).toEqual(lines.map((l) => l.completed));
    expect(lines.every((l) => l.completed === REQUESTS)).toBe(true);
    expect(html).toContain(`<td data-key="ttft_ms.p90">${lines[1].ttft_ms.p90}</td>`);
  });

  it('charts a capacity search: the share within SLO of every probe, and the replay at the capacity found', async () => {
    const report = path.join(dir, 'capacity.html');
    const run = await tsukimiReplay([trace, '--architecture', 'coupled', '--nodes', '1', '--ttft-slo-ms', '2000', '--capacity', '--json', '--report', report]);
    expect(run.code).toBe(0);
    const { capacity } = JSON.parse(run.stdout);
    const html = fs.readFileSync(report, 'utf8');
    const chart = /data-figure="capacity"[\s\S]*?<\/svg>/.exec(html)![0];
    const points = /data-points="([^"]*)"/.exec(chart)![1]!.split(' ').map((p) => p.split(',').map(Number));
    const probes = [...capacity.probes].sort((a: { speed: number }, b: { speed: number }) => a.speed - b.speed).map((p: { speed: number; within_slo_share: number }) => [p.speed, p.within_slo_share]);
    expect(points).toEqual(probes);
    expect(html).toContain(`<td data-key="capacity.speed">${capacity.speed}</td>`);
  });

  it('refuses --report with --cache-only, naming the flag', async () => {
    const run = await tsukimiReplay([trace, '--cache-only', '--report', path.join(dir, 'x.html')]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('--report');
  });

  it('prints a summary without --json', async () => {
    const run = await tsukimiReplay([trace, '--architecture', 'mooncake', '--nodes', '2', '--window-s', '0,5']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('mooncake, 1 prefill + 1 decode instances, LLaMA3-70B on 8×A800-SXM4-80GB, speed 1×');
    expect(run.stdout).toMatch(/requests\s+20: /);
    expect(run.stdout).toMatch(/simulated s per wall s/);
  });

  it.each([
    { args: () => ['--model', path.join(dir, 'bad-model.json')], says: '--model: layers: expected a positive integer, got 0' },
    { args: () => ['--scheduler-profile', path.join(dir, 'bad-profile.json')], says: 'prefill.scorers[0].type: unknown plugin type "nearest-moon"' },
    { args: () => ['--architecture', 'mooncake', '--nodes', '1'], says: '--split' },
    { args: () => ['--window-s', '5,2'], says: '--window-s' },
    { args: () => ['--architecture', 'monolith'], says: '--architecture' },
    { args: () => ['--architecture', 'coupled,monolith'], says: '--architecture' },
    { args: () => ['--architecture', 'coupled,coupled'], says: '--architecture' },
  ])('refuses bad configuration in one line naming the key ($says)', async ({ args, says }) => {
    const run = await tsukimiReplay([trace, ...args()]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(says);
  });
});
