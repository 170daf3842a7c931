import { InstanceRegistry } from '@tsukimi/conductor';
import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { describeScalePortContract, PlannerActuator } from '@tsukimi/planner';
import { instanceId } from '@tsukimi/scheduler';
import { Metrics } from '@tsukimi/service-kit';
import { RecordingLogger } from '@tsukimi/telemetry';
import { Registry } from 'prom-client';
import { CacheWorthScaleIn } from '../src/planner/cache-worth.scale-in';
import { POD_DELETION_COST, VICTIM_DELETION_COST } from '../src/planner/pod-deletion-cost.port';
import { FakeScaleApi } from './fake-scale-api';
import { ScaleAdapterClient } from './scale-adapter.client';

/**
 * The real adapter (KubernetesScale: client-node over real HTTP, in a process of its own) against a
 * loopback server speaking the scale subresource's JSON. No cluster runs here, so this checks the
 * calls the adapter makes and how it maps the answers, not a real API server's behaviour.
 */
let api: FakeScaleApi;
let client: ScaleAdapterClient;
/** Each adapter call's limit: short, so that a call the server never answers costs the test little. */
const CALL_TIMEOUT_MS = 500;

// One adapter process and one server for the file: a process takes seconds to start on a busy machine.
beforeAll(async () => {
  api = await FakeScaleApi.start();
  client = await ScaleAdapterClient.start(api.kubeconfig(), api.namespace, CALL_TIMEOUT_MS);
});
afterAll(async () => {
  await client?.stop();
  await api?.stop();
});

describeScalePortContract('Kubernetes scale subresource (loopback HTTP)', async () => {
  api.reset();
  api.put('deployments', 'tsukimi-prefill', 2);
  api.put('statefulsets', 'tsukimi-kvpool-node', 2);
  return {
    port: client,
    existing: [{ kind: 'Deployment', name: 'tsukimi-prefill' }, { kind: 'StatefulSet', name: 'tsukimi-kvpool-node' }],
    initialReplicas: 2,
    missing: { kind: 'Deployment', name: 'tsukimi-absent' },
  };
});

describe('KubernetesScale on the wire', () => {
  beforeEach(() => api.reset());

  it('writes a JSON merge patch to the scale subresource and reads the Scale back', async () => {
    api.put('deployments', 'tsukimi-decode', 3);
    expect(await client.write({ kind: 'Deployment', name: 'tsukimi-decode' }, 5)).toEqual({ ok: true, value: { specReplicas: 5, statusReplicas: 5 } });
    expect(api.calls).toEqual([{ method: 'PATCH', path: '/apis/apps/v1/namespaces/tsukimi/deployments/tsukimi-decode/scale', contentType: 'application/merge-patch+json' }]);
    expect(api.replicasOf('deployments', 'tsukimi-decode')).toBe(5);
  });

  it('an API server that takes the calls and never answers: each read, write and Pod mark is unavailable within the call timeout', async () => {
    api.put('deployments', 'tsukimi-decode', 3);
    api.putPod('tsukimi-decode-0');
    api.unanswered = true;
    const startMs = Date.now();
    const unanswered = expect.objectContaining({ code: 'unavailable', message: expect.stringContaining(`did not answer within ${CALL_TIMEOUT_MS} ms`) });
    const target = { kind: 'Deployment', name: 'tsukimi-decode' } as const;
    expect(await Promise.all([client.read(target), client.write(target, 5), client.mark(['tsukimi-decode-0'])])).toEqual([{ ok: false, error: unanswered }, { ok: false, error: unanswered }, { ok: false, error: unanswered }]);
    // Well under the relay's own 30 s limit on a call: the adapters gave up, not the test's relay.
    expect(Date.now() - startMs).toBeLessThan(10 * CALL_TIMEOUT_MS);
    api.unanswered = false;
    expect(await client.write(target, 5)).toEqual({ ok: true, value: { specReplicas: 5, statusReplicas: 5 } });
  });

  it('a 403 (no RBAC for the scale subresource) is forbidden and changes nothing', async () => {
    api.put('statefulsets', 'tsukimi-kvpool-node', 2);
    api.forbidden.add('tsukimi-kvpool-node');
    expect(await client.write({ kind: 'StatefulSet', name: 'tsukimi-kvpool-node' }, 3)).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    expect(api.replicasOf('statefulsets', 'tsukimi-kvpool-node')).toBe(2);
  });

  it('a scale-in reads the scale, marks the victim\'s Pod with the lowest deletion cost before it patches the replicas, and unmarks it on the next', async () => {
    api.put('deployments', 'tsukimi-prefill', 2);
    api.putPod('tsukimi-prefill-aaa');
    api.putPod('tsukimi-prefill-bbb');
    const [a, b] = [instanceId('10.0.0.1:50061'), instanceId('10.0.0.2:50061')];
    const pods = new Map([[a, 'tsukimi-prefill-aaa'], [b, 'tsukimi-prefill-bbb']]);
    const registry = new InstanceRegistry();
    registry.add(a, 'prefill');
    registry.add(b, 'prefill');
    registry.index.reportDevice(a, [blockKeyFromU64(1n), blockKeyFromU64(2n)]);
    const scaleIn = new CacheWorthScaleIn({ registry, mode: 'scale', podNameOf: (id) => pods.get(id), podCosts: client, metrics: new Metrics(new Registry()), logger: new RecordingLogger() });
    const actuator = new PlannerActuator({ mode: 'scale', targets: { prefill: { kind: 'Deployment', name: 'tsukimi-prefill' } } }, client, { isLeader: () => true }, scaleIn);
    const down = { role: 'prefill', loop: 'fast', direction: 'down', reason: 'prefill-idle', currentReplicas: 2, desiredReplicas: 1, atMs: 0 } as const;

    expect(await actuator.actuate(down)).toEqual({ ok: true, value: { kind: 'scaled', replicas: 1, victims: [b] } });
    expect(api.calls.map((c) => `${c.method} ${c.path} ${c.contentType}`)).toEqual([
      'GET /apis/apps/v1/namespaces/tsukimi/deployments/tsukimi-prefill/scale undefined',
      'PATCH /api/v1/namespaces/tsukimi/pods/tsukimi-prefill-bbb application/merge-patch+json',
      'PATCH /apis/apps/v1/namespaces/tsukimi/deployments/tsukimi-prefill/scale application/merge-patch+json',
    ]);
    expect(api.annotationsOf('tsukimi-prefill-bbb')).toEqual({ [POD_DELETION_COST]: VICTIM_DELETION_COST });
    expect(api.annotationsOf('tsukimi-prefill-aaa')).toEqual({});

    // b's Pod stayed (say the controller had not acted yet) and now holds more sole blocks than a.
    registry.index.reportDevice(b, [3n, 4n, 5n].map(blockKeyFromU64));
    api.calls.length = 0;
    expect(await actuator.actuate(down)).toEqual({ ok: true, value: { kind: 'scaled', replicas: 1, victims: [a] } });
    expect(api.calls.map((c) => c.path)).toEqual([
      '/apis/apps/v1/namespaces/tsukimi/deployments/tsukimi-prefill/scale',
      '/api/v1/namespaces/tsukimi/pods/tsukimi-prefill-bbb',
      '/api/v1/namespaces/tsukimi/pods/tsukimi-prefill-aaa',
      '/apis/apps/v1/namespaces/tsukimi/deployments/tsukimi-prefill/scale',
    ]);
    expect(api.annotationsOf('tsukimi-prefill-bbb')).toEqual({});
    expect(api.annotationsOf('tsukimi-prefill-aaa')).toEqual({ [POD_DELETION_COST]: VICTIM_DELETION_COST });
  });

  it('a server that answers 500 is unavailable', async () => {
    api.put('deployments', 'tsukimi-decode', 3);
    api.failing = true;
    expect(await client.read({ kind: 'Deployment', name: 'tsukimi-decode' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'unavailable' }) });
  });
});
