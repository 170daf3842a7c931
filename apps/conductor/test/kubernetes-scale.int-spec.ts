import { describeScalePortContract } from '@tsukimi/planner';
import { FakeScaleApi } from './fake-scale-api';
import { ScaleAdapterClient } from './scale-adapter.client';

/**
 * The real adapter (KubernetesScale: client-node over real HTTP, in a process of its own) against a
 * loopback server speaking the scale subresource's JSON. No cluster runs here, so this checks the
 * calls the adapter makes and how it maps the answers, not a real API server's behaviour.
 */
let api: FakeScaleApi;
let client: ScaleAdapterClient;

// One adapter process and one server for the file: a process takes seconds to start on a busy machine.
beforeAll(async () => {
  api = await FakeScaleApi.start();
  client = await ScaleAdapterClient.start(api.kubeconfig(), api.namespace);
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

  it('a 403 (no RBAC for the scale subresource) is forbidden and changes nothing', async () => {
    api.put('statefulsets', 'tsukimi-kvpool-node', 2);
    api.forbidden.add('tsukimi-kvpool-node');
    expect(await client.write({ kind: 'StatefulSet', name: 'tsukimi-kvpool-node' }, 3)).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    expect(api.replicasOf('statefulsets', 'tsukimi-kvpool-node')).toBe(2);
  });

  it('a server that answers 500 is unavailable', async () => {
    api.put('deployments', 'tsukimi-decode', 3);
    api.failing = true;
    expect(await client.read({ kind: 'Deployment', name: 'tsukimi-decode' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'unavailable' }) });
  });
});
