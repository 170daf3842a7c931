import { putRatioSides, storeCalls } from './put-ratio.sides';

const settings = { redisUrl: 'redis://127.0.0.1:6399', blocksPerRound: 100, rounds: 3, payloadBytes: 16 * 1024, salt: 7 };

/** Drops the flags that put the master's metadata in Redis, leaving what must be equal on both sides. */
const withoutRedisMetadata = (args: readonly string[]) => args.filter((a, i) => !['--metadata', '--redis-url', '--redis-prefix'].includes(a) && !['--metadata', '--redis-url', '--redis-prefix'].includes(args[i - 1] ?? ''));

describe('bench pool put ratio sides', () => {
  const [memory, redis] = putRatioSides(settings);

  it('are the same pool but for where the master keeps its metadata', () => {
    expect([memory.name, redis.name]).toEqual(['memory', 'redis']);
    expect(memory.masterArgs).toEqual([]);
    expect(redis.masterArgs).toEqual(['--metadata', 'redis', '--redis-url', settings.redisUrl, '--redis-prefix', 'bench:put7:']);
    expect(withoutRedisMetadata(redis.masterArgs)).toEqual(withoutRedisMetadata(memory.masterArgs));
    expect(redis.nodeArgs).toEqual(memory.nodeArgs);
  });

  it('make the same store calls, as many in flight, with the same options, a warm-up round first', () => {
    expect(redis.rounds).toEqual(memory.rounds);
    expect(memory.rounds).toHaveLength(settings.rounds + 1);
    expect(memory.rounds.map((calls) => calls.flat().length)).toEqual([100, 100, 100, 100]);
    expect(new Set(memory.rounds.flat(2)).size).toBe(400);
    expect(redis.storesInFlight).toBe(memory.storesInFlight);
    expect(redis.storeOptions).toEqual(memory.storeOptions);
  });

  it('put the same blocks, byte for byte', () => {
    for (const n of [0, 1, 99, 250, 399]) {
      expect(redis.key(n)).toBe(memory.key(n));
      expect(Buffer.from(redis.block(n)).equals(Buffer.from(memory.block(n)))).toBe(true);
    }
    expect(memory.key(0)).not.toBe(memory.key(1));
  });

  it('fit every round in the node, warm-up included', () => {
    const dramBytes = Number(memory.nodeArgs[memory.nodeArgs.indexOf('--dram-bytes') + 1]);
    expect(dramBytes).toBeGreaterThanOrEqual(400 * memory.block(0).length);
  });
});

describe('storeCalls', () => {
  it.each([
    [0, 10, 4, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]],
    [5, 3, 4, [[5, 6, 7]]],
    [0, 0, 4, []],
  ])('cuts blocks %i.. (%i of them) into calls of %i', (first, count, perCall, expected) => {
    expect(storeCalls(first, count, perCall)).toEqual(expected);
  });
});
