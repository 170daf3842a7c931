import { nodeMemorySides } from './node-memory.sides';

describe('bench pool node memory sides', () => {
  it.each([64 * 1024, 16 * 1024])('fill the node and redis-server with the same %i-byte blocks in the same batches', (payloadBytes) => {
    const sides = nodeMemorySides(payloadBytes, 8 * 2 ** 20, 3);
    expect(sides.blockCount).toBe((8 * 2 ** 20) / payloadBytes);
    expect(sides.redis.calls).toEqual(sides.node.calls);
    expect(sides.redis.callsInFlight).toBe(sides.node.callsInFlight);
    expect(sides.node.calls.flat()).toEqual(Array.from({ length: sides.blockCount }, (_, n) => n));
    // A store call (and a pipeline) carries about 1 MiB, as a prefill's store of one request does.
    expect(sides.node.calls[0]!.length * payloadBytes).toBe(2 ** 20);
    expect(sides.node.storeOptions).toEqual({ fresh: true });
  });

  it('hands both sides one block per number: a header and the payload size asked for, a key of its own', () => {
    const sides = nodeMemorySides(16 * 1024, 2 ** 20, 3);
    expect(sides.block(5).length).toBeGreaterThan(16 * 1024);
    expect(sides.key(5)).not.toBe(sides.key(6));
  });
});
