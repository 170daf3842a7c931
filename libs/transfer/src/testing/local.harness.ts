import { expectOk } from '@tsukimi/result';
import { type Endpoint } from '../endpoint';
import { LocalNodeRegistry, type LocalRegistration } from '../local/local-node.registry';
import { LocalTransport } from '../local/local.transport';
import { type TransportHarness } from '../transport.contract';
import { type Transport } from '../transport.port';

/** The transport contract's harness over in-process nodes; `wrap` decorates the local transport (default: as is). */
export function localHarness(wrap: (transport: Transport) => Transport = (transport) => transport): Promise<TransportHarness> {
  const registry = new LocalNodeRegistry();
  const transport = wrap(new LocalTransport(registry));
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
}
