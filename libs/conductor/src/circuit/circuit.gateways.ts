import { type Result } from '@tsukimi/result';
import { type DecodeEvent, type DecodeGateway, type GatewayFailure, type PrefillGateway } from '../gateway.ports';
import { type CallOutcome } from './circuit.options';
import { type InstanceCircuits } from './instance-circuits';

/**
 * What a failed call says of its instance: silent past its bound (`timeout`), gone or broken
 * (`error`); a request the instance refused (`rejected`) says nothing of its health.
 */
export function circuitOutcome(failure: GatewayFailure): CallOutcome | undefined {
  if (failure.kind === 'timeout') return 'timeout';
  return failure.kind === 'rejected' ? undefined : 'error';
}

/** `inner`, with every prefill call's outcome recorded in its instance's circuit. */
export function circuitPrefillGateway(inner: PrefillGateway, circuits: InstanceCircuits): PrefillGateway {
  return {
    prefill: async (instance, call) => {
      const result = await inner.prefill(instance, call);
      const outcome = result.ok ? 'success' : circuitOutcome(result.error);
      if (outcome) circuits.record(instance, outcome);
      return result;
    },
  };
}

/**
 * `inner`, with every decode stream's outcome recorded in its instance's circuit: a success at
 * its last token, a failure at its error; a stream its caller abandoned counts as neither.
 */
export function circuitDecodeGateway(inner: DecodeGateway, circuits: InstanceCircuits): DecodeGateway {
  return {
    ...(inner.prefetch ? { prefetch: inner.prefetch.bind(inner) } : {}),
    async *decode(instance, call, signal) {
      for await (const event of inner.decode(instance, call, signal)) {
        // Recorded before the event is handed on: a consumer that has its last event stops iterating.
        const outcome = decodeOutcome(event, signal);
        if (outcome) circuits.record(instance, outcome);
        yield event;
      }
    },
  };
}

/** The outcome a decode stream's event ends it with, if it ends it. */
function decodeOutcome(event: Result<DecodeEvent, GatewayFailure>, signal: AbortSignal): CallOutcome | undefined {
  if (!event.ok) return signal.aborted ? undefined : circuitOutcome(event.error);
  return event.value.kind === 'token' && event.value.token.finishReason ? 'success' : undefined;
}
