import * as path from 'node:path';
import { type CompiledClusterOptions, compileClusterOptions, type LocalClusterOptions } from '../../apps/cli/src/cluster/cluster.options';
import { conductorSpec } from '../../apps/cli/src/cluster/cluster.plan';

/** What each phase of the scale-out measure sends: the same in a phase with one conductor process and with two. */
export interface ScaleOutShape {
  /** Rounds of one phase per process count, in ABBA order so that drift in the machine's load falls on both alike. */
  readonly rounds: number;
  readonly phaseMs: number;
  /** Requests the client keeps in flight, spread over the conductors of the phase. */
  readonly concurrency: number;
  readonly promptTokens: number;
  readonly maxTokens: number;
}

export type ProcessCount = 1 | 2;

/**
 * The cluster the conductors share: one prefill and one decode instance on the simulated engine
 * with no modelled time and a model whose KV is 64 bytes a token (scale-out.model.json), so that
 * each request costs the instances and the pool little more than their gRPC work and the
 * conductor is the bottleneck; every request disaggregated, so each conductor makes the same calls.
 */
export const SCALE_OUT_CLUSTER: LocalClusterOptions = {
  prefill: 1,
  decode: 1,
  kvpool: 1,
  port: 0,
  engine: 'simulated',
  simulated: { timeScale: 0, model: path.join(__dirname, 'scale-out.model.json') },
  disaggregation: 'always',
};

/** Phases in ABBA order: 1, 2, 2, 1, 1, 2, … — each process count first as often as second. */
export function phaseOrder(rounds: number): ProcessCount[] {
  const order: ProcessCount[] = [];
  for (let r = 0; r < rounds; r++) order.push(...((r % 2 === 0 ? [1, 2] : [2, 1]) as ProcessCount[]));
  return order;
}

/** The conductors a phase sends to: the first alone, or both. */
export function phaseEndpoints<T>(count: ProcessCount, conductors: readonly [T, T]): readonly T[] {
  return conductors.slice(0, count);
}

/** The `i`-th request of a phase: a streamed completion of token ids, greedy past end-of-sequence, the same whichever conductor gets it. */
export function requestBody(i: number, shape: Pick<ScaleOutShape, 'promptTokens' | 'maxTokens'>, model: string): string {
  // Distinct prompts (the first token varies), so no request rides on another's cached prefix more in one phase than in the other.
  const prompt = Array.from({ length: shape.promptTokens }, (_, t) => (t === 0 ? 1 + (i % 250) : 32 + ((i * 7 + t) % 200)));
  return JSON.stringify({ model, prompt, max_tokens: shape.maxTokens, temperature: 0, stream: true, ignore_eos: true });
}

/** The `i`-th request's conductor: in turn, so two processes get half each. */
export function endpointOf<T>(i: number, endpoints: readonly T[]): T {
  return endpoints[i % endpoints.length]!;
}

/** The second conductor's flags: the cluster's own conductor's (the same function builds them), on a port of its own. */
export function secondConductorArgs(prefill: string | undefined, decode: string, kvpool: string): readonly string[] {
  const compiled = compileClusterOptions(SCALE_OUT_CLUSTER);
  if (!compiled.ok) throw new Error(compiled.error);
  return conductorSpec(compiled.value as CompiledClusterOptions, prefill === undefined ? [] : [prefill], [decode], kvpool).args;
}
