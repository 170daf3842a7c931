import { type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { generateTinyModel } from '@tsukimi/llama-model';
import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { builtinPlugins, buildProfile, decodeProfileOf, instanceId, prefillProfileOf, Scheduler } from '@tsukimi/scheduler';
import { DecodeBatcher, MemoryKvPool, PrefillWorker } from '@tsukimi/serving';
import { type Clock } from '@tsukimi/telemetry';
import { circuitDecodeGateway, circuitPrefillGateway } from '../circuit/circuit.gateways';
import { type CircuitOptions } from '../circuit/circuit.options';
import { type InstanceFacts } from '../instance-facts';
import { InstanceRegistry } from '../instance.registry';
import { type PipelineOptions } from '../request-pipeline.options';
import { RequestPipeline } from '../request.pipeline';
import { InProcessGateways } from './in-process.gateways';

/**
 * A cluster in one process for the pipeline's specs: two prefill and two decode instances of
 * the tiny model on the reference engine behind in-process gateways, one pool, a prefix-aware
 * scheduler.
 */
export const model = generateTinyModel();
export const engine = () => expectOk(ReferenceEngine.fromGguf(model, { arenaBlocks: 256 }), 'engine');
export const clock: Clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };
export const greedy: GenerationParams = { maxTokens: 20, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };

export function facts(over: Partial<InstanceFacts> = {}): InstanceFacts {
  const e = engine();
  return {
    reportedId: 'x',
    modelId: e.modelId,
    modelHash: e.modelHash,
    blockSizeTokens: 16,
    tokenizerId: e.tokenizer.id,
    contextTokens: 2048,
    hashScheme: 'xxh3-chain-v1',
    arenaCapacityBlocks: 256,
    blockBytes: 8240,
    draining: false,
    ...over,
  };
}

/** The specs' scheduler: prefix-aware prefill placement, least-loaded decode, no estimates and no admission. */
export function prefixAwareScheduler(): Scheduler {
  const profile = (built: ReturnType<typeof buildProfile>) => expectOk(built, 'scheduling profile');
  return new Scheduler({
    prefill: profile(buildProfile(prefillProfileOf('prefix-aware', false), 'prefill', builtinPlugins(), {})),
    decode: profile(buildProfile(decodeProfileOf('least-loaded'), 'decode', builtinPlugins(), {})),
    maxInFlightPerInstance: 8,
    retryAfterMs: 500,
  });
}

/** With `circuit`, the registry's circuits open by it and count every call through the gateways; `scheduler` replaces `prefixAwareScheduler()`. */
export function cluster(options: Partial<Pick<PipelineOptions, 'scheduler'>> & Pick<PipelineOptions, 'scheduling' | 'disaggregation' | 'prefixWait' | 'onPrefixDemand' | 'decodeMigration' | 'onDecodeMigration' | 'cacheAudit'> = {}, ids = { prefill: ['p1', 'p2'], decode: ['d1', 'd2'] }, circuit?: CircuitOptions) {
  const pool = new MemoryKvPool();
  const prefill = new Map(ids.prefill.map((id) => [id, new PrefillWorker(engine(), pool, clock)]));
  const decode = new Map(ids.decode.map((id) => [id, new DecodeBatcher(engine(), pool, { maxBatchSize: 8, monotonicMs: () => performance.now() })]));
  const gateways = new InProcessGateways(prefill, decode);
  const registry = new InstanceRegistry(circuit ? { circuit } : {});
  for (const id of prefill.keys()) registry.add(instanceId(id), 'prefill');
  for (const id of decode.keys()) registry.add(instanceId(id), 'decode');
  for (const id of [...prefill.keys(), ...decode.keys()]) registry.observe(instanceId(id), facts({ reportedId: id }));
  const { scheduler = prefixAwareScheduler(), ...rest } = options;
  const counted = circuit ? { prefill: circuitPrefillGateway(gateways, registry.circuits), decode: circuitDecodeGateway(gateways, registry.circuits) } : { prefill: gateways, decode: gateways };
  const pipeline = new RequestPipeline({ scheduler, registry, ...counted, clock, attemptsPerPhase: 2, ...rest });
  const e = engine();
  const hasher = new BlockKeyHasher(blockHashOptions({ modelId: e.modelId, tenantSalt: '', blockSizeTokens: 16 }));
  /** Runs one request; `abortAfterTokens` aborts its signal, as a client gone would, once that many tokens were sent. */
  const run = async (prompt: number[], params = greedy, requestId = 'r', abortAfterTokens?: number) => {
    const tokens: GeneratedToken[] = [];
    const dispatched: string[] = [];
    const caller = new AbortController();
    const sink = {
      dispatched: (id: string) => dispatched.push(`${id} after ${tokens.length} tokens`),
      token: (t: GeneratedToken) => {
        tokens.push(t);
        if (tokens.length === abortAfterTokens) caller.abort();
      },
    };
    const result = await pipeline.run({ requestId, modelId: e.modelId, promptTokens: prompt, tenantSalt: '', generation: params }, hasher, sink, caller.signal);
    return { result, tokens, dispatched };
  };
  /** Runs `a` with its prefill held until `release` (or until `fail` breaks it); `inFlight` resolves once its prefill call is out. */
  const runHeld = (prompt: number[]) => {
    let release: () => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    gateways.heldPrefills.set('a', new Promise<void>((resolve, reject) => ((release = resolve), (fail = reject))));
    let out: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (out = resolve));
    const sink = { dispatched: () => out(), token: () => undefined };
    const done = pipeline.run({ requestId: 'a', modelId: e.modelId, promptTokens: prompt, tenantSalt: '', generation: greedy }, hasher, sink, new AbortController().signal);
    return { inFlight, release, fail, done };
  };
  return { gateways, registry, run, runHeld, prefillWorkers: prefill };
}

export const prompt = [...Buffer.from('A prompt long enough to fill a few blocks of sixteen tokens each, and then some.')];
