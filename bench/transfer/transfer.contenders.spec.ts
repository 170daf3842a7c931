import { compileTcpTransportOptions } from '@tsukimi/transfer';
import { BLOCK_SIZES } from './bench-blocks';
import { transferContenders } from './transfer.contenders';

describe('transfer bench contenders', () => {
  const transport = compileTcpTransportOptions({});

  it.each(BLOCK_SIZES.map((size) => [size.label, size] as const))('read the same %s blocks by one plan, the transport’s own connections and receive memory', (_label, size) => {
    const [ours, raw, redis] = transferContenders(size);
    expect([ours!.name, raw!.name, redis!.name]).toEqual(['ours', 'raw', 'redis']);
    for (const contender of [raw!, redis!]) {
      expect(contender.plan).toEqual(ours!.plan);
      expect(contender.count).toBe(size.count);
    }
    expect(ours!.server).toEqual({ script: 'ours.server.ts', args: [size.payloadBytes, size.count] });
    expect(raw!.server).toEqual({ script: 'raw-pump.child.ts', args: [size.payloadBytes, size.count] });
    expect(redis!.server).toEqual({ script: 'redis.child.ts', loads: [size.payloadBytes, size.count] });
    expect(ours!.plan.connections).toBe(transport.connectionsPerEndpoint);
    expect(ours!.plan.receivePoolBytes).toBe(transport.receivePoolBytes);
    expect(ours!.plan.batchKeys).toBe(size.batchKeys ?? Math.max(1, Math.floor((4 * 2 ** 20) / size.payloadBytes)));
  });

  it('keeps several connections and several requests in flight, so that both are compared', () => {
    const { plan } = transferContenders(BLOCK_SIZES[1]!)[0]!;
    expect(plan.connections).toBeGreaterThan(1);
    expect(plan.concurrency).toBeGreaterThan(1);
  });
});
