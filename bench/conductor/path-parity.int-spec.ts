import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { type LocalCluster, startLocalCluster } from '../../apps/cli/src/cluster/local-cluster';
import { httpGet } from '@tsukimi/service-kit/testing';
import { grpcAddress, OVERHEAD_CLUSTER, service } from './conductor-overhead.measure';
import { timeThroughConductor } from './conductor-path.client';
import { DirectPath } from './direct-path.client';
import { startRouterFloor } from './router-floor.proxy';

/** What the instances and the pool count of the work a request made them do. */
const WORK_FAMILIES = [
  'tsukimi_instance_prefill_requests_total',
  'tsukimi_instance_plan_outcomes_total',
  'tsukimi_instance_computed_tokens_total',
  'tsukimi_instance_reused_tokens_total',
  'tsukimi_instance_decode_requests_total',
  'tsukimi_instance_local_prefills_total',
  'tsukimi_instance_prefetched_blocks_total',
  'tsukimi_kvpool_lookup_hits_total',
  'tsukimi_kvpool_lookup_misses_total',
];

type Samples = Map<string, number>;

async function workSamples(cluster: LocalCluster): Promise<Samples> {
  const samples: Samples = new Map();
  for (const role of ['prefill', 'decode', 'kvpool'] as const) {
    const { body } = await httpGet(service(cluster, role).httpPort, '/metrics');
    for (const line of body.split('\n')) {
      if (!WORK_FAMILIES.some((family) => line.startsWith(`${family}{`) || line.startsWith(`${family} `))) continue;
      const at = line.lastIndexOf(' ');
      samples.set(`${role} ${line.slice(0, at)}`, Number(line.slice(at + 1)));
    }
  }
  return samples;
}

/** Each sample's growth from `before` to `after`, the unchanged left out. */
function growth(before: Samples, after: Samples): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [key, value] of after) if (value !== (before.get(key) ?? 0)) grown[key] = value - (before.get(key) ?? 0);
  return grown;
}

/** Each chunk's text and finish reason, in order, of a streamed completion like the bench's. */
async function streamedChunks(client: OpenAI, model: string, promptTokens: readonly number[], maxTokens: number): Promise<[string, string | null][]> {
  const body = { model, prompt: [...promptTokens], max_tokens: maxTokens, temperature: 0, stream: true as const, ignore_eos: true };
  const chunks: [string, string | null][] = [];
  for await (const chunk of await client.completions.create(body)) {
    for (const choice of chunk.choices) chunks.push([choice.text, choice.finish_reason]);
  }
  return chunks;
}

describe('bench conductor: the direct path, the conductor path and the router floor', () => {
  let cluster: LocalCluster;
  let direct: DirectPath;
  let logDir: string;

  beforeAll(async () => {
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-path-parity-'));
    cluster = await startLocalCluster({ ...OVERHEAD_CLUSTER, logDir });
    direct = new DirectPath(grpcAddress(service(cluster, 'prefill')), grpcAddress(service(cluster, 'decode')), 30_000);
  });

  afterAll(async () => {
    direct?.close();
    await cluster?.stop();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it('make the instances and the pool do the same work for the same fresh prompt', async () => {
    const client = new OpenAI({ baseURL: cluster.endpoint, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
    const prompt = (seed: string) => [...Buffer.from(`${seed} a prompt nobody sent before, some sixty-four bytes long...`.slice(0, 64), 'utf8')];
    const first = await workSamples(cluster);
    await direct.time({ promptTokens: prompt('direct'), maxTokens: 8 });
    const second = await workSamples(cluster);
    await timeThroughConductor(client, { model: cluster.modelName, promptTokens: prompt('conduct'), maxTokens: 8 });
    const third = await workSamples(cluster);

    const viaDirect = growth(first, second);
    expect(viaDirect).toMatchObject({ 'prefill tsukimi_instance_prefill_requests_total': 1, 'decode tsukimi_instance_decode_requests_total': 1 });
    expect(growth(second, third)).toEqual(viaDirect);

    // The floor in this process: what it sends the instances is what the direct path sends.
    const floor = await startRouterFloor({ prefillAddress: grpcAddress(service(cluster, 'prefill')), decodeAddress: grpcAddress(service(cluster, 'decode')), model: cluster.modelName, port: 0, timeoutMs: 30_000, onFailure: () => undefined });
    try {
      const floorClient = new OpenAI({ baseURL: `http://127.0.0.1:${floor.port}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
      const viaFloor = await streamedChunks(floorClient, cluster.modelName, prompt('floored'), 8);
      const fourth = await workSamples(cluster);
      expect(growth(third, fourth)).toEqual(viaDirect);
      // Byte-level tokens: a chunk per token that completes a character, the last with the finish reason.
      expect(viaFloor.length).toBeGreaterThan(0);
      expect(viaFloor.at(-1)?.[1]).toBe('length');
      expect(await streamedChunks(client, cluster.modelName, prompt('floored'), 8)).toEqual(viaFloor);
    } finally {
      await floor.close();
    }
  });
});
