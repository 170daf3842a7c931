import { defineBenchArgs } from '../lib/bench-args';

export const cacheReplayArgs = defineBenchArgs({
  bench: 'cache-replay',
  summary:
    'Cache-only replay of a Mooncake-format trace: the block hit ratio with an unbounded cache and with LRU caches of 1,000, 10,000 and 50,000 blocks (512-token blocks), from one streaming read of the file.',
  options: {},
  operand: { name: 'TRACE', doc: 'The trace, one JSON request a line (timestamp, input_length, output_length, hash_ids)' },
});
