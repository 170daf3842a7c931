import { type DecodeGateway, type PrefillGateway, TracedDecodeGateway, TracedPrefillGateway, tracedScheduler } from '@tsukimi/conductor';
import { activeTracer, type Tracer } from '@tsukimi/tracing';

type SchedulerLike = Parameters<typeof tracedScheduler>[0];

/**
 * The pipeline's scheduler and gateways with spans around them while tracing is on (main.ts
 * started it before the module was built); the same objects, untouched, while it is off.
 */
export function withSchedulerSpans<S extends SchedulerLike>(scheduler: S): SchedulerLike {
  const tracer = activeTracer();
  return tracer === undefined ? scheduler : tracedScheduler(scheduler, tracer);
}

export function withGatewaySpans(gateways: { readonly prefill: PrefillGateway; readonly decode: DecodeGateway }): { readonly prefill: PrefillGateway; readonly decode: DecodeGateway } {
  const tracer = activeTracer();
  if (tracer === undefined) return gateways;
  return { prefill: new TracedPrefillGateway(gateways.prefill, tracer), decode: new TracedDecodeGateway(gateways.decode, tracer) };
}

/** The completion handler's `tracer` option: present only while tracing is on. */
export function requestTracing(): { readonly tracer?: Tracer } {
  const tracer = activeTracer();
  return tracer === undefined ? {} : { tracer };
}
