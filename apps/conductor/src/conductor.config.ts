import { type ConfigOf, defineSchema, field } from '@tsukimi/config';
import { PICKER_NAMES } from '@tsukimi/scheduler';
import { serviceSchema } from '@tsukimi/service-kit';

export const conductorSchema = defineSchema({
  ...serviceSchema({ httpPort: 8000, grpcPort: 0 }),
  prefill: field.list({ nonEmpty: true, description: 'Prefill instances\' gRPC addresses (host:port, comma separated)' }),
  decode: field.list({ nonEmpty: true, description: 'Decode instances\' gRPC addresses (host:port, comma separated)' }),
  policy: field.enum({ values: PICKER_NAMES, default: 'prefix-aware', description: 'How the prefill instance is chosen' }),
  decodePolicy: field.enum({ values: PICKER_NAMES, default: 'least-loaded', description: 'How the decode instance is chosen' }),
  maxInFlightPerInstance: field.int({ min: 1, default: 64, description: 'Requests one instance may have in flight; beyond that on every instance, requests get 429' }),
  retryAfterMs: field.duration({ min: 0, default: 1000, description: 'Retry-After suggested with a 429' }),
  prefillTimeoutMs: field.duration({ min: 1, default: 60_000, description: 'Deadline of one prefill call' }),
  decodeIdleTimeoutMs: field.duration({ min: 1, default: 30_000, description: 'Longest silence of a decode stream before it counts as dead' }),
  probeIntervalMs: field.duration({ min: 10, default: 1000, description: 'How often every instance is asked to describe itself' }),
  probeTimeoutMs: field.duration({ min: 1, default: 800, description: 'Deadline of one probe' }),
  servedModelName: field.string({ optional: true, description: 'The model name clients use (default: the model id the instances report)' }),
  tenantHeader: field.string({ default: 'x-tsukimi-tenant', description: 'Request header naming the tenant; tenants do not share KV cache' }),
});

export type ConductorConfig = ConfigOf<typeof conductorSchema>;
