import { type ConfigOf, defineSchema, field } from '@tsukimi/config';
import { drainHandoverSchema, engineSchema, relaySchema } from '@tsukimi/instance-kit';
import { serviceSchema } from '@tsukimi/service-kit';

export const decodeSchema = defineSchema({
  ...serviceSchema({ httpPort: 8102, grpcPort: 50062 }),
  ...engineSchema(),
  ...drainHandoverSchema(),
  kvpoolAddress: field.addressList({ nonEmpty: true, description: 'The kvpool master\'s gRPC address, host:port (with standbys: comma separated)' }),
  poolTimeoutMs: field.duration({ default: 5000, min: 1, description: 'Deadline of one pool call (lookup); a block transfer fails once it has moved nothing for this long' }),
  maxBatchSize: field.int({ min: 1, default: 64, description: 'Sequences advanced per continuous-batching step at most' }),
  ...relaySchema('Decode'),
  tbtSloMs: field.duration({ optional: true, min: 1, description: 'Time-between-tokens SLO of one step: batches shrink to what measured step times say fits; no bound when absent' }),
});

export type DecodeConfig = ConfigOf<typeof decodeSchema>;
