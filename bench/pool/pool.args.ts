import { defineBenchArgs, firstProblem, unusedFlag } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const POOL_PARTS = ['node-memory', 'master-memory', 'idle', 'puts'] as const;
export type PoolPart = (typeof POOL_PARTS)[number];

export const poolArgs = defineBenchArgs({
  bench: 'pool',
  summary: [
    'The kvpool at scale, as a user runs it: a storage node\'s RSS over the bytes stored, beside redis-server holding the same blocks',
    '(node-memory); master heap per block of in-memory metadata and Redis used_memory per block (master-memory); an idle master\'s CPU',
    'and Redis commands per second at two pool sizes, and while it serves a leased get every 200 ms (idle); pool-client put throughput',
    'with Redis metadata over memory metadata and each side\'s CPU per block (puts). The figures of parts left out are absent.',
  ].join('\n'),
  options: {
    only: o.someOf(POOL_PARTS, { doc: 'The parts to run' }),
    storedMib: o.whole({ default: 512, min: 16, doc: 'node-memory: MiB of 64 KiB and of 16 KiB blocks put into a node process' }),
    idleBlocks: o.wholeList({ default: [10_000, 100_000], doc: 'idle: the two pool sizes, SMALL,LARGE, registered without payloads' }),
    masterBlocks: o.whole({ default: 200_000, min: 1000, doc: 'master-memory: blocks put without payloads through a StoreMaster in this process' }),
    putBlocks: o.whole({ default: 2048, min: 32, doc: 'puts: 16 KiB blocks a round' }),
    rounds: o.whole({ default: 3, doc: 'puts: rounds, alternating which side goes first' }),
    idleWindowMs: o.whole({ default: 5_000, min: 1000, doc: 'idle: milliseconds each idle window lasts' }),
    idleLoader: o.oneOf(['redis', 'master'], { default: 'redis', doc: "idle: redis writes the blocks through the Redis store's own swap from this process; master puts them through the master's gRPC" }),
  },
  rules: (v, given) => {
    const [small = 0, large = 0, ...extra] = v.idleBlocks;
    const runs = (part: PoolPart) => v.only.includes(part);
    return firstProblem(
      extra.length > 0 || v.idleBlocks.length < 2 ? '--idle-blocks: takes two counts, SMALL,LARGE' : undefined,
      large <= small ? '--idle-blocks: LARGE must exceed SMALL' : undefined,
      unusedFlag(given, ['storedMib'], runs('node-memory'), 'sets the node-memory part, not in --only'),
      unusedFlag(given, ['masterBlocks'], runs('master-memory'), 'sets the master-memory part, not in --only'),
      unusedFlag(given, ['idleBlocks', 'idleWindowMs', 'idleLoader'], runs('idle'), 'sets the idle part, not in --only'),
      unusedFlag(given, ['putBlocks', 'rounds'], runs('puts'), 'sets the puts part, not in --only'),
    );
  },
});
