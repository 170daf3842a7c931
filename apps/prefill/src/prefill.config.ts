import { type ConfigOf, defineSchema, field } from '@tsukimi/config';
import { drainHandoverSchema, engineSchema, relaySchema } from '@tsukimi/instance-kit';
import { serviceSchema } from '@tsukimi/service-kit';

export const prefillSchema = defineSchema({
  ...serviceSchema({ httpPort: 8101, grpcPort: 50061 }),
  ...engineSchema(),
  kvpoolAddress: field.addressList({ nonEmpty: true, description: 'The kvpool master\'s gRPC address, host:port (with standbys: comma separated)' }),
  poolTimeoutMs: field.duration({ default: 5000, min: 1, description: 'Deadline of one pool call (lookup, store); a block transfer fails once it has moved nothing for this long' }),
  overlapKv: field.boolean({ default: false, description: 'Overlapped KV streaming: compute the prompt in chunks and store each chunk\'s blocks in the pool as it completes, so decode loads them while later chunks compute; false: store the whole prompt\'s blocks after computing it' }),
  overlapStoreThread: field.boolean({ default: false, description: 'With --overlap-kv, each chunk\'s blocks are put and written from a thread of their own; false: from the computing thread, between chunk steps (on two vCPUs the thread competed with the compute: TTFT plus the first gap 0.98 of overlap off with it, 0.88 without, bench/RESULTS.md)' }),
  storeToPool: field.boolean({ default: true, description: 'Store each prompt\'s computed blocks in the pool (false: keep them in this engine\'s memory only, where only this instance reuses them until a drain hands them over; for measuring what a drain preserves)' }),
  ...drainHandoverSchema(),
  ...relaySchema('Prefill'),
  overlapChunkTokens: field.int({ min: 1, default: 512, description: 'With --overlap-kv, prompt tokens per chunk (rounded down to whole blocks, at least one)' }),
});

export type PrefillConfig = ConfigOf<typeof prefillSchema>;
