import { defineBenchArgs } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';

export const rateLimitArgs = defineBenchArgs({
  bench: 'rate-limit',
  summary:
    'What tenant admission costs a request (one reserve and one settle, every limit on) in Redis, against two bare Redis round trips on the same connection, and in memory; one at a time and 64 in flight, rounds alternating which side goes first.',
  options: {
    pairs: o.whole({ default: 5000, doc: 'Reserve-and-settle pairs a side sends a round (the in-memory side ten times as many)' }),
    rounds: o.whole({ default: 3, doc: 'Timed rounds at each in-flight count' }),
  },
});
