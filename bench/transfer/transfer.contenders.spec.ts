import { compileTcpTransportOptions } from '@tsukimi/transfer';
import { BLOCK_SIZES } from './bench-blocks';
import { type RoundsResult } from './interleaved.rounds';
import { fastestMethod, plainReadMethods } from './plain-read.methods';
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

describe('ssd bench plain reads', () => {
  it.each([1, 2, 4])('measures the main thread and 1 to %i worker threads', (cores) => {
    const methods = plainReadMethods(cores);
    expect(methods.map(({ threads }) => threads)).toEqual([0, ...Array.from({ length: cores }, (_, index) => index + 1)]);
    expect(new Set(methods.map(({ name }) => name)).size).toBe(methods.length);
  });

  it('takes the method with the highest median throughput as the baseline', () => {
    const methods = plainReadMethods(2);
    const run = (seconds: number[]) => ({ seconds, cpuSeconds: 1, gcPauseSeconds: 0 });
    const result: RoundsResult = new Map([
      ['ssd', run([0.5, 0.5, 0.5])],
      ['fs_main', run([1, 1, 9])],
      ['fs_threads_1', run([0.9, 2, 2])],
      ['fs_threads_2', run([0.8, 0.8, 3])],
    ]);
    expect(fastestMethod(result, methods, 1e9)?.name).toBe('fs_threads_2');
    expect(fastestMethod(new Map(), methods, 1e9)).toBeNull();
  });
});
