import { localHarness } from '../testing/local.harness';
import { runTransportContract } from '../transport.contract';
import { LocalNodeRegistry } from './local-node.registry';

runTransportContract('local', () => localHarness());

describe('LocalNodeRegistry', () => {
  it('refuses a second node under the same id', () => {
    const registry = new LocalNodeRegistry();
    const store = { reader: { readBlock: () => ({ status: 'missing' as const }) }, writer: { writeBlock: () => ({ status: 'stored' as const }) } };
    expect(registry.register('a', store).ok).toBe(true);
    expect(registry.register('a', store)).toEqual({ ok: false, error: { kind: 'node-exists', nodeId: 'a' } });
  });
});
