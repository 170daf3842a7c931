import * as path from 'node:path';
import { freePort } from '@tsukimi/service-kit/testing';
import { scrapeMetrics, upEachTest } from './up.process.testing';

/** Sixteen of each, four to a process: ten processes, where one process per instance made 34 and took about 45 s to start on two cores. */
const INSTANCES = 16;
const INSTANCES_PER_PROCESS = 4;
/** LLaMA3-70B: 320 KiB of KV a token, 16 tokens a block, plus the 64-byte block header. */
const BLOCK_WIRE_BYTES = 16 * 327_680 + 64;
const READY_TIMEOUT_MS = 150_000;

const metric = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

/** The pool's DRAM once it holds at least `blocks` blocks, polled from its metrics; rejects after `timeoutMs`. */
async function poolHolding(httpPort: number, logDir: string, blocks: number, timeoutMs: number): Promise<{ held: number; usedBytes: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await scrapeMetrics(httpPort, logDir);
    const held = metric(text, 'tsukimi_kvpool_held_blocks{tier="dram"}');
    if (held >= blocks) return { held, usedBytes: metric(text, 'tsukimi_kvpool_used_bytes{tier="dram"}') };
    if (Date.now() > deadline) throw new Error(`the pool holds ${held} blocks, not ${blocks}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('tsukimi up --engine simulated', () => {
  const upEach = upEachTest('tsukimi-up-simulated-');

  it(
    `starts ${INSTANCES} prefill and ${INSTANCES} decode instances of a simulated LLaMA3-70B and serves completions through the conductor, moving blocks of the model's true size through the pool`,
    async () => {
      const port = await freePort();
      const up = upEach.start(['--engine', 'simulated', '--prefill', String(INSTANCES), '--decode', String(INSTANCES), '--instances-per-process', String(INSTANCES_PER_PROCESS), '--simulated-time-scale', '0.01', '--port', String(port), '--ready-timeout-ms', String(READY_TIMEOUT_MS), '--log-dir', path.join(upEach.dir(), 'logs')]);
      await up.waitForLine('ready', READY_TIMEOUT_MS);
      expect(up.lines).toContain('model LLaMA3-70B');
      const ready = up.lines.filter((line) => /\bready\s+pid \d+/.test(line)).map((line) => line.split(/\s+/)[0]);
      expect(ready).toHaveLength(2 * INSTANCES + 2);
      const kvpoolHttp = Number(/^kvpool-0\s+ready.*\bhttp (\d+)/m.exec(up.lines.join('\n'))![1]);

      // About 23 blocks of 16 tokens, 115 MiB of KV: the pool's DRAM (512 MiB) holds them all.
      const prompt = 'The quick brown fox jumps over the lazy dog. '.repeat(8) + 'Now tell me a story.';
      const complete = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'LLaMA3-70B', prompt, max_tokens: 6 }) });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { choices: { text: string }[]; usage: { prompt_tokens: number; tsukimi: { reused_tokens: Record<string, number> } } };
        return { headers: response.headers, text: body.choices[0]!.text, usage: body.usage };
      };
      const first = await complete();
      expect(first.text).toMatch(/^[a-z]{6}$/);
      // Run whole on a decode instance or disaggregated, as the conductor's cost rule chooses.
      expect(first.headers.get('x-tsukimi-prefill-instance')).toMatch(/^(prefill|decode)-\d+$/);
      expect(first.headers.get('x-tsukimi-decode-instance')).toMatch(/^decode-\d+$/);

      // The instance writes the prompt's blocks to the pool after it answers: wait until the pool holds them. 350 MiB
      // (70 blocks) hashed and copied over loopback took over 20 s at a load average of 15-25 on two cores.
      const promptBlocks = Math.floor(first.usage.prompt_tokens / 16) - 1;
      const pool = await poolHolding(kvpoolHttp, path.join(upEach.dir(), 'logs'), promptBlocks, 90_000);
      expect(pool.usedBytes).toBe(pool.held * BLOCK_WIRE_BYTES);

      // The same prompt again: the same tokens, its prefix reused rather than recomputed.
      const second = await complete();
      expect(second.text).toBe(first.text);
      expect(Object.values(second.usage.tsukimi.reused_tokens).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(16 * Math.floor(first.usage.prompt_tokens / 16) - 16);
    },
    READY_TIMEOUT_MS + 60_000,
  );
});
