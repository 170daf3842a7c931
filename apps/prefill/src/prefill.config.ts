import { type ConfigOf, defineSchema, field } from '@tsukimi/config';
import { engineSchema } from '@tsukimi/instance-kit';
import { serviceSchema } from '@tsukimi/service-kit';

export const prefillSchema = defineSchema({
  ...serviceSchema({ httpPort: 8101, grpcPort: 50061 }),
  ...engineSchema(),
  kvpoolAddress: field.addressList({ nonEmpty: true, description: 'The kvpool master\'s gRPC address, host:port (with standbys: comma separated)' }),
  poolTimeoutMs: field.duration({ default: 5000, min: 1, description: 'Deadline of one pool operation (lookup, transfer, store)' }),
});

export type PrefillConfig = ConfigOf<typeof prefillSchema>;
