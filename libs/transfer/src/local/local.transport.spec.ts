import { expectOk } from '@tsukimi/result';
import { type Endpoint } from '../endpoint';
import { runTransportContract } from '../transport.contract';
import { LocalNodeRegistry, type LocalRegistration } from './local-node.registry';
import { LocalTransport } from './local.transport';

runTransportContract('local', () => {
  const registry = new LocalNodeRegistry();
  const transport = new LocalTransport(registry);
  const registrations = new Map<string, LocalRegistration>();
  let nodes = 0;
  const endpointOf = (nodeId: string): Endpoint => ({ nodeId, host: 'in-process', port: 0 });
  return Promise.resolve({
    transport,
    startNode: (store) => {
      const nodeId = `node-${++nodes}`;
      registrations.set(nodeId, expectOk(registry.register(nodeId, store), 'register'));
      return Promise.resolve(endpointOf(nodeId));
    },
    stopNode: async (endpoint, how) => {
      const registration = registrations.get(endpoint.nodeId);
      registrations.delete(endpoint.nodeId);
      if (how === 'kill') registration?.abort();
      else await registration?.close();
    },
    deadEndpoint: () => Promise.resolve(endpointOf(`dead-${++nodes}`)),
    close: async () => {
      for (const registration of registrations.values()) registration.abort();
      await transport.close();
    },
  });
});

describe('LocalNodeRegistry', () => {
  it('refuses a second node under the same id', () => {
    const registry = new LocalNodeRegistry();
    const store = { reader: { readBlock: () => ({ status: 'missing' as const }) }, writer: { writeBlock: () => ({ status: 'stored' as const }) } };
    expect(registry.register('a', store).ok).toBe(true);
    expect(registry.register('a', store)).toEqual({ ok: false, error: { kind: 'node-exists', nodeId: 'a' } });
  });
});
