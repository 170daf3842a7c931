import OpenAI from 'openai';
import { type ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { POD_DELETION_COST, VICTIM_DELETION_COST } from '../src/planner/pod-deletion-cost.port';
import { ClusterUnderTest } from './cluster-under-test';
import { FakeKubeApi, instancePod } from './fake-kube-api';
import { FakeScaleApi } from './fake-scale-api';
import { completionProvenance } from './provenance.client';
import { promptText } from './prompt-text';

/** The prefill Deployment the planner scales in scale mode, and its two Pods (prefill-0 holds the hot prefix, prefill-1 the other). */
const DEPLOYMENT = 'tsukimi-prefill';
const PODS = ['tsukimi-prefill-0', 'tsukimi-prefill-1'] as const;
/** Forty blocks asked for three times, against ten asked for twice: prefill-1's cache is worth less on either count. */
const HOT_PREFIX = promptText(640, 16);
const COLD_PREFIX = promptText(160, 17);
const ask = (prefix: string, n: number) => `${prefix} q${n}: ${promptText(12, 3000 + n)}`;
/** Two blocks each: what the background load adds to an instance's cache is bounded. */
const BACKGROUND_PROMPTS = [0, 1, 2].map((i) => promptText(40, 60_000 + i));
/** The tiny model's block. */
const BLOCK_TOKENS = 16;
const DRAINED = 'tsukimi_service_drain_calls_total{outcome="drained"}';
/** Blocks the pool holds (a gauge set at each maintenance pass), and the bytes it received (counted as they arrive). */
const POOLED = 'tsukimi_kvpool_held_blocks{tier="dram"}';
const RECEIVED = 'tsukimi_kvpool_transfer_bytes_total{direction="received"}';

/**
 * The planner on a live cluster (two prefill instances, one decode, all idle). In metrics mode,
 * with no windows or cool-downs, it wants one prefill instance fewer at once and holds decode at
 * its minimum, and says why on /metrics, where KEDA or an HPA would read the desired replicas. In
 * scale mode (a second conductor finding the instances as Pods of a fake API server, which also
 * serves the scale subresource) it carries the scale-in out. The prefill instances keep what they
 * compute in their engines only (--store-to-pool false): a block reaches the pool only by a drain.
 */
describe('the planner on a local cluster', () => {
  let cluster: ClusterUnderTest;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({
      prefill: 2,
      decode: 1,
      prefillArgs: ['--store-to-pool=false'],
      // Probes that a loaded machine does not time out, so that only the test changes which instances are routable.
      probeTimeoutMs: 3_000,
      conductorArgs: ['--planner', 'metrics', '--planner-fast-interval-ms', '200', '--planner-scale-down-window-ms', '0', '--planner-scale-down-cooldown-ms', '0', '--planner-prefill-max-replicas', '4', '--planner-decode-max-replicas', '3'],
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('in metrics mode exports the desired replicas per role, with the decisions counted by reason', async () => {
    // Prefill gives a signal once the estimators have a profile fitted to the instances' timings.
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_planner_decisions_total{role="prefill",direction="down",reason="prefill-idle"}', (n) => n > 0, 60_000);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_desired_replicas{role="prefill"}')).toBe(1);
    // The scale-in's victim (the prefill instance whose cache is worth least) is reported, not acted on.
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_planner_scale_in_victims_total{role="prefill",mode="metrics"}', (n) => n > 0);
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_planner_decisions_total{role="decode",direction="hold",reason="within-slo"}', (n) => n > 0);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_desired_replicas{role="decode"}')).toBe(1);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_leader')).toBe(1);
    // Metrics mode writes nothing: both prefill instances still serve.
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_scale_errors_total{role="prefill",outcome="unavailable"}')).toBe(0);
  });

  it('measures decode\'s inter-token latency on the streams the conductor sends', async () => {
    expect(await cluster.metric(cluster.conductor, 'tsukimi_planner_decode_inter_token_latency_seconds')).toBe(0);
    const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    const stream = await client.completions.create({ model: cluster.modelId, prompt: promptText(64, 7), max_tokens: 64, temperature: 0, stream: true });
    for await (const chunk of stream) void chunk;
    await cluster.waitForMetric(cluster.conductor, 'tsukimi_planner_decode_inter_token_latency_seconds', (seconds) => seconds > 0);
  });

  // Runs last: it drains prefill-1 and stops it.
  it('in scale mode drains the instance whose cache is worth least (none while the scale is forbidden), then lowers the replicas: nothing fails, and its prefix is served from the pool', async () => {
    const scale = await FakeScaleApi.start();
    const api = await FakeKubeApi.start(scale.namespace, (req, res) => scale.serve(req, res));
    const [holder, victim] = [cluster.prefill[0]!, cluster.prefill[1]!];
    let conductor: ServiceProcess | undefined;
    let background: Promise<void> | undefined;
    let running = true;
    try {
      scale.put('deployments', DEPLOYMENT, 2);
      PODS.forEach((pod) => scale.putPod(pod));
      // Only prefill-0's Pod is ready at first: one routable instance gives the planner nothing to remove.
      api.put(instancePod(PODS[0], 'prefill', holder));
      api.put(instancePod(PODS[1], 'prefill', victim, false));
      api.put(instancePod('tsukimi-decode-0', 'decode', cluster.decode[0]!));
      const planner = ['--planner', 'scale', '--planner-leader', 'none', '--planner-fast-interval-ms', '200', '--planner-scale-down-window-ms', '0', '--planner-scale-down-cooldown-ms', '0', '--planner-prefill-deployment', DEPLOYMENT];
      conductor = await cluster.conductorOnKubernetes(api.kubeconfig(), planner);
      const routable = (prefill: number) => cluster.waitForRoutable({ prefill, decode: 1 }, 30_000, conductor);
      await routable(1);
      const client = new OpenAI({ baseURL: `http://127.0.0.1:${conductor.httpPort}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
      const served = (prefix: string, n: number) => completionProvenance(client, cluster.modelId, ask(prefix, n));

      for (let n = 0; n < 3; n += 1) expect((await served(HOT_PREFIX, n)).prefill_instance).toBe('prefill-0');
      // Then prefill-1's alone, which computes the other prefix.
      api.put(instancePod(PODS[0], 'prefill', holder, false));
      await routable(0);
      api.put(instancePod(PODS[1], 'prefill', victim));
      await routable(1);
      const cold = [await served(COLD_PREFIX, 0), await served(COLD_PREFIX, 1)];
      expect(cold.map((p) => p.prefill_instance)).toEqual(['prefill-1', 'prefill-1']);
      const coldReuse = cold[1]!.reused_tokens.device;
      expect(coldReuse).toBeGreaterThanOrEqual(144);
      const pooledBefore = await cluster.metric(cluster.kvpool, POOLED);
      const receivedBefore = await cluster.metric(cluster.kvpool, RECEIVED);

      // Requests throughout the scale-in, none of which may fail: three short prompts in turn, first
      // computed on prefill-1 (routable alone yet) and so routed there until it is seen draining.
      const failures: string[] = [];
      let backgroundServed = 0;
      background = Promise.all(
        [0, 1].map(async (worker) => {
          for (let n = worker; running; n += 2) {
            await client.completions
              .create({ model: cluster.modelId, prompt: BACKGROUND_PROMPTS[n % BACKGROUND_PROMPTS.length]!, max_tokens: 2, temperature: 0 })
              .then(() => void (backgroundServed += 1))
              .catch((error: unknown) => void failures.push(String(error)));
          }
        }),
      ).then(() => undefined);
      // What the API server had been told, and the victim's state, when each write of the replicas came.
      const patches: { workload: string; replicas: number; podWrites: string[]; victimDrains: number; received: number; backgroundServed: number }[] = [];
      scale.onScalePatch = async (workload, replicas) => {
        const podWrites = scale.calls.filter((c) => c.path.includes('/pods/')).map((c) => c.path.split('/').at(-1)!);
        patches.push({ workload, replicas, podWrites, victimDrains: await cluster.metric(victim, DRAINED), received: await cluster.metric(cluster.kvpool, RECEIVED), backgroundServed });
      };
      // Both ready and idle enough: at its next tick the planner wants one prefill instance fewer. While
      // the scale subresource refuses it (no RBAC), no instance is drained for a write that would fail.
      scale.forbidden.add(DEPLOYMENT);
      api.put(instancePod(PODS[0], 'prefill', holder));
      // (Prefill gives a signal once the estimators have a profile fitted to the instances' timings.)
      await cluster.waitForMetric(conductor, 'tsukimi_planner_scale_errors_total{role="prefill",outcome="forbidden"}', (n) => n > 0, 60_000);
      expect(await cluster.metric(victim, DRAINED)).toBe(0);
      expect(scale.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
      scale.forbidden.delete(DEPLOYMENT);
      await until('the prefill Deployment scaled to 1', () => scale.replicasOf('deployments', DEPLOYMENT) === 1, 60_000);

      expect(scale.annotationsOf(PODS[1])).toEqual({ [POD_DELETION_COST]: VICTIM_DELETION_COST });
      expect(scale.annotationsOf(PODS[0])).toEqual({});
      // The victim had drained, its blocks written to the pool, before the replicas were lowered; the holder never drained.
      expect(patches[0]).toMatchObject({ workload: `deployments/${DEPLOYMENT}`, replicas: 1, podWrites: [PODS[1]], victimDrains: 1 });
      expect(patches[0]!.backgroundServed).toBeGreaterThan(0);
      expect(patches[0]!.received).toBeGreaterThan(receivedBefore);
      await cluster.waitForMetric(cluster.kvpool, POOLED, (blocks) => blocks >= pooledBefore + coldReuse / BLOCK_TOKENS);
      expect(await cluster.metric(holder, DRAINED)).toBe(0);

      // As the Deployment controller does: the Pod with the lowest deletion cost goes, and its container gets SIGTERM.
      api.delete(PODS[1]);
      victim.signal('SIGTERM');
      expect(await victim.waitForExit(20_000)).toEqual({ code: 0, signal: null });
      await routable(1);
      const backgroundAtStop = backgroundServed;
      const after = await served(COLD_PREFIX, 2);
      expect(after.prefill_instance).toBe('prefill-0');
      expect(after.reused_tokens.dram).toBe(coldReuse);
      await until('background requests after the stop', () => backgroundServed >= backgroundAtStop + 2);
      running = false;
      await background;
      expect(failures).toEqual([]);
    } finally {
      running = false;
      await background;
      conductor?.signal('SIGTERM');
      await conductor?.waitForExit(20_000).catch(() => undefined);
      await api.close();
      await scale.stop();
    }
  }, 120_000);
});
