import { defineBenchArgs, unusedFlag } from '../lib/bench-args';
import { benchOption as o } from '../lib/bench-option';
import { BLOCK_SIZES } from './bench-blocks';

/** What `--only` picks: the three remote-GET contenders, the same-host reads and the SSD tier's reads. */
export const TRANSFER_PARTS = ['ours', 'raw', 'redis', 'same-host', 'ssd'] as const;

export const transferArgs = defineBenchArgs({
  bench: 'transfer',
  summary: [
    'Remote GET throughput of the tcp transfer engine (ours) against a raw Node socket pump between two processes (raw, the limit)',
    'and ioredis GETs from a redis-server (redis), all reading by one plan, at each block size on loopback; then a node on this host',
    'read from its shared segment, over loopback tcp, and copied in memory (same-host); then the SSD tier\'s reads against each plain',
    'read of the same files (ssd). Every server runs in its own process; this process is the client of all of them.',
  ].join('\n'),
  options: {
    rounds: o.whole({ default: 9, doc: 'Timed rounds of each measurement' }),
    warmup: o.whole({ default: 2, min: 0, doc: 'Untimed rounds before them' }),
    sizes: o.someOf(
      BLOCK_SIZES.map((size) => size.label),
      { doc: 'Block sizes of the remote-GET part' },
    ),
    only: o.someOf(TRANSFER_PARTS, { doc: 'Contenders and parts to run' }),
  },
  rules: (v, given) => unusedFlag(given, ['sizes'], v.only.some((part) => part === 'ours' || part === 'raw' || part === 'redis'), 'sets the remote-GET part; --only names none of ours, raw, redis'),
});
