import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

/** Every block file under an SSD tier directory. */
function blockFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.blk')).map((name) => path.join(dir, name));
}

describe('a KV block corrupted on the pool\'s SSD', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  let ssdDir: string;

  beforeAll(async () => {
    ssdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-corrupt-ssd-'));
    cluster = await ClusterUnderTest.start({
      prefill: 1,
      decode: 1,
      // A pool DRAM of two blocks pushes nearly every block to SSD; engine arenas of 48 blocks
      // forget a prompt once another has passed through, so the next request must go to the pool.
      kvpoolArgs: ['--dram-bytes', '16KiB', '--ssd-dir', ssdDir, '--ssd-bytes', '64MiB', '--no-promote-on-hit'],
      engineArgs: ['--arena-blocks', '48'],
    });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(ssdDir, { recursive: true, force: true });
  }, 60_000);

  it('is a miss plus a counter; the request recomputes and its tokens are unchanged', async () => {
    const prompt = text(400, 21);
    const body = { model: cluster.modelId, prompt, max_tokens: 12, temperature: 0, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming;
    const first = await client.completions.create(body);
    const firstIds = (first.choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids;

    await client.completions.create({ model: cluster.modelId, prompt: text(700, 22), max_tokens: 2, temperature: 0 });
    const files = blockFiles(ssdDir);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 1]! ^= 0x5a;
      fs.writeFileSync(file, bytes);
    }

    const computedBefore = await cluster.metric(cluster.prefill[0]!, 'tsukimi_instance_computed_tokens_total{role="prefill"}');
    const second = await client.completions.create(body);
    const secondIds = (second.choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids;
    expect(secondIds).toEqual(firstIds);
    expect(second.usage?.prompt_tokens_details?.cached_tokens ?? 0).toBe(0);
    expect((await cluster.metric(cluster.prefill[0]!, 'tsukimi_instance_computed_tokens_total{role="prefill"}')) - computedBefore).toBe(400);
    expect(await cluster.metric(cluster.kvpool, 'tsukimi_kvpool_corrupt_blocks_total{source="ssd"}')).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
