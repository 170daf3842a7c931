import OpenAI from 'openai';
import { type ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';
import { SteadyLoad } from './steady-load';

const MAX_TOKENS = 16;
/** Prompts the load cycles through, so that most requests find their prefix cached somewhere: in an instance, in the pool, or gone with a restart. */
const PROMPTS = Array.from({ length: 6 }, (_, i) => text(80, 100 + i));
/** Requests that must end, served, between one restart and the next. */
const BETWEEN = 6;
const ROUTABLE = { prefill: 2, decode: 2 };

/** One restart of the roll: stop `stopped` with SIGTERM, start `start()` on its ports, wait until `back` holds. */
interface Step {
  readonly name: string;
  readonly stopped: ServiceProcess;
  readonly start: () => Promise<ServiceProcess>;
  readonly back: (started: ServiceProcess) => Promise<void>;
}

describe('a rolling restart under load', () => {
  let cluster: ClusterUnderTest;

  beforeAll(async () => {
    // The master apart from its storage node, so that the node restarts alone; leases of a second, so that they are seen to drain;
    // probes that a loaded machine does not time out, so that only the restarts take instances out of the routing set.
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 2, poolNodes: 1, kvpoolArgs: ['--role', 'master', '--lease-ttl-ms', '1000'], probeTimeoutMs: 3_000 });
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('restarts each prefill, decode and storage node in turn: 99% of requests served, greedy outputs as before, nothing left held', async () => {
    // The reference run: each prompt once, greedy, on the cluster before any restart.
    const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
    const reference: string[] = [];
    for (const prompt of PROMPTS) {
      const body = { model: cluster.modelId, prompt, max_tokens: MAX_TOKENS, temperature: 0, ignore_eos: true };
      reference.push((await client.completions.create(body as OpenAI.CompletionCreateParamsNonStreaming)).choices[0]!.text);
    }

    const routable = () => cluster.waitForRoutable(ROUTABLE, 30_000);
    const instanceStep = (role: 'prefill' | 'decode', i: number): Step => ({
      name: `${role}-${i}`,
      stopped: cluster[role][i]!,
      start: () => cluster.instanceInPlace(role, cluster[role][i]!, `${role}-${i}`),
      back: routable,
    });
    const steps: Step[] = [
      instanceStep('prefill', 0),
      instanceStep('prefill', 1),
      instanceStep('decode', 0),
      instanceStep('decode', 1),
      {
        name: 'pool-node-0',
        stopped: cluster.poolNodes[0]!,
        start: () => cluster.poolNodeInPlace(cluster.poolNodes[0]!, 0),
        // Back in service once it holds a block of a put made after it started.
        back: (node) => cluster.waitForMetric(node, 'tsukimi_kvpool_held_blocks{tier="dram"}', (n) => n > 0, 30_000),
      },
    ];

    const load = SteadyLoad.on(cluster, { maxTokens: MAX_TOKENS, prompt: (id) => ({ index: id % PROMPTS.length, text: PROMPTS[id % PROMPTS.length]! }), pauseAfterErrorMs: 100 });
    const exits: Record<string, unknown> = {};
    const replacements: ServiceProcess[] = [];
    try {
      for (const step of steps) {
        await until(`requests served before stopping ${step.name}`, () => load.succeededSince(load.stops) >= BETWEEN);
        load.stops++;
        step.stopped.signal('SIGTERM');
        exits[step.name] = await step.stopped.waitForExit(20_000);
        const started = await step.start();
        replacements.push(started);
        await step.back(started);
      }
      await until('requests served after the last restart', () => load.succeededSince(load.stops) >= BETWEEN);
    } finally {
      await load.stop();
    }

    for (const step of steps) expect(exits[step.name]).toEqual({ code: 0, signal: null });
    const failed = load.sent.filter((s) => load.unfinished(s));
    expect(failed.length).toBeLessThanOrEqual(Math.floor(load.sent.length / 100));
    const served = load.sent.filter((s) => !load.unfinished(s));
    expect(served.filter((s) => s.text !== reference[s.promptIndex]).map((s) => s.id)).toEqual([]);

    for (const [role, instances] of [['prefill', replacements.slice(0, 2)], ['decode', replacements.slice(2, 4)]] as const) {
      for (const instance of instances) await cluster.waitForMetric(instance, `tsukimi_instance_active_sequences{role="${role}"}`, (n) => n === 0);
    }
    for (const gauge of ['tsukimi_kvpool_leased_blocks', 'tsukimi_kvpool_soft_pinned_blocks', 'tsukimi_kvpool_hard_pinned_blocks']) {
      await cluster.waitForMetric(cluster.kvpool, gauge, (n) => n === 0);
    }
  }, 180_000);
});
