import { type DecodeGateway, type PrefillGateway } from '../gateway.ports';
import { circuitOutcome, watchDecodeOutcome } from './decode-outcome.watch';
import { type InstanceCircuits } from './instance-circuits';

export { circuitOutcome };

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
 * its last token, a failure at its error; a stream its caller abandoned counts as neither. The
 * stream is watched as its items pass (`watchDecodeOutcome`), not re-yielded.
 */
export function circuitDecodeGateway(inner: DecodeGateway, circuits: InstanceCircuits): DecodeGateway {
  return {
    ...(inner.prefetch ? { prefetch: inner.prefetch.bind(inner) } : {}),
    decode: (instance, call, signal) => watchDecodeOutcome(inner.decode(instance, call, signal), signal, (outcome) => circuits.record(instance, outcome)),
  };
}
