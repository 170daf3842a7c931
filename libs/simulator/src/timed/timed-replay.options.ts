import { EVICTION_POLICIES, type EvictionPolicyType } from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { type AdmissionName, type PolicyName, type SchedulerBuilderSettings, type SchedulerProfileConfig, type SloTargets } from '@tsukimi/scheduler';
import { type ModelSheet } from '../cost/model.spec-sheet';
import { type NodeSheet } from '../cost/node.spec-sheet';
import { modelSheet, nodeSheet } from '../cost/spec-sheet.parse';
import { TRACE_BLOCK_SIZE_TOKENS } from '../trace/trace-request.model';

export const ARCHITECTURES = ['coupled', 'disaggregated', 'mooncake'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** A timed replay as configuration gives it: names, numbers and text. */
export interface TimedReplayOptions {
  readonly architecture: string;
  /** A preset name or a parsed JSON sheet. */
  readonly model: string | unknown;
  readonly hardware: string | unknown;
  /** Cluster nodes, one instance each; split `prefill:decode` by `split` unless the counts are given. */
  readonly nodes?: number;
  readonly split?: string;
  readonly prefillInstances?: number;
  readonly decodeInstances?: number;
  /** Arrivals come `speed` times as fast as in the trace. */
  readonly speed?: number;
  /** `start,end` in trace seconds: only requests arriving in [start, end). */
  readonly windowS?: string;
  readonly blockSizeTokens?: number;
  readonly policy?: string;
  readonly ttftSloMs: number;
  readonly tbtSloMs: number;
  /** Each architecture's usual scheduling when absent: prefix-aware over local caches; for `mooncake`, kvcache-centric with predictive admission. */
  readonly schedulerPolicy?: PolicyName;
  readonly decodePolicy?: PolicyName;
  readonly admission?: AdmissionName;
  readonly schedulerProfile?: SchedulerProfileConfig;
  /** `coupled` only: tokens per step, decodes and prompt chunks together (vLLM's `max_num_batched_tokens`); 0 runs each prefill whole, ahead of decode. */
  readonly chunkedPrefillTokens?: number;
}

export interface CompiledTimedReplayOptions {
  readonly architecture: Architecture;
  readonly model: ModelSheet;
  readonly node: NodeSheet;
  readonly prefillInstances: number;
  readonly decodeInstances: number;
  readonly speed: number;
  readonly window: { readonly startMs: number; readonly endMs: number };
  readonly blockSizeTokens: number;
  readonly policy: EvictionPolicyType;
  readonly slo: SloTargets;
  readonly scheduler: SchedulerBuilderSettings;
  readonly chunkedPrefillTokens: number;
}

/**
 * vLLM V1 always chunks prefills; its OpenAI server's token budget per step is 8,192 on a GPU of
 * 70 GiB or more whose name is not an A100's (an A800 or H800 of 80 GB), 2,048 on others.
 */
export const DEFAULT_CHUNKED_PREFILL_TOKENS = 8192;

export interface TimedReplayOptionsError {
  readonly key: keyof TimedReplayOptions;
  readonly problem: string;
}

/** No cap on requests in flight per instance: an overloaded instance shows as queueing, and only admission refuses. */
const NO_IN_FLIGHT_LIMIT = 1_000_000;

const DEFAULT_SCHEDULING: Readonly<Record<Architecture, { policy: PolicyName; decodePolicy: PolicyName; admission: AdmissionName }>> = {
  coupled: { policy: 'prefix-aware', decodePolicy: 'least-loaded', admission: 'none' },
  disaggregated: { policy: 'prefix-aware', decodePolicy: 'least-loaded', admission: 'none' },
  mooncake: { policy: 'kvcache-centric', decodePolicy: 'kvcache-centric', admission: 'predictive' },
};

const fail = (key: keyof TimedReplayOptions, problem: string) => err<TimedReplayOptionsError>({ key, problem });
const positiveInt = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n > 0);

/** Validates and defaults in one step; an error names the option (a custom sheet's key after it: `model.hiddenSize`). */
export function compileTimedReplayOptions(o: TimedReplayOptions): Result<CompiledTimedReplayOptions, TimedReplayOptionsError> {
  const architecture = ARCHITECTURES.find((a) => a === o.architecture);
  if (architecture === undefined) return fail('architecture', `expected one of ${ARCHITECTURES.join(', ')}, got ${JSON.stringify(o.architecture)}`);
  const model = modelSheet(o.model);
  if (!model.ok) return fail('model', `${model.error.key}: ${model.error.problem}`);
  const node = nodeSheet(o.hardware);
  if (!node.ok) return fail('hardware', `${node.error.key}: ${node.error.problem}`);
  const shape = clusterShape(o, architecture);
  if (!shape.ok) return shape;
  const speed = o.speed ?? 1;
  if (!(Number.isFinite(speed) && speed > 0)) return fail('speed', `expected a positive number, got ${o.speed}`);
  const window = parseWindow(o.windowS);
  if (!window.ok) return fail('windowS', window.error);
  const blockSizeTokens = o.blockSizeTokens ?? TRACE_BLOCK_SIZE_TOKENS;
  if (!positiveInt(blockSizeTokens)) return fail('blockSizeTokens', `expected a positive whole number of tokens, got ${o.blockSizeTokens}`);
  const policy = EVICTION_POLICIES.find((p) => p === (o.policy ?? 'lru'));
  if (policy === undefined) return fail('policy', `expected one of ${EVICTION_POLICIES.join(', ')}, got ${JSON.stringify(o.policy)}`);
  if (!(o.ttftSloMs > 0)) return fail('ttftSloMs', `expected a positive number, got ${o.ttftSloMs}`);
  if (!(o.tbtSloMs > 0)) return fail('tbtSloMs', `expected a positive number, got ${o.tbtSloMs}`);
  const slo = { ttftMs: o.ttftSloMs, tbtMs: o.tbtSloMs };
  const chunkedPrefillTokens = o.chunkedPrefillTokens ?? DEFAULT_CHUNKED_PREFILL_TOKENS;
  if (!(Number.isSafeInteger(chunkedPrefillTokens) && chunkedPrefillTokens >= 0)) return fail('chunkedPrefillTokens', `expected a whole number of tokens, 0 for none, got ${o.chunkedPrefillTokens}`);
  const usual = DEFAULT_SCHEDULING[architecture];
  const scheduler: SchedulerBuilderSettings = {
    policy: o.schedulerPolicy ?? usual.policy,
    decodePolicy: o.decodePolicy ?? o.schedulerPolicy ?? usual.decodePolicy,
    admission: o.admission ?? usual.admission,
    ...(o.schedulerProfile ? { profile: o.schedulerProfile } : {}),
    maxInFlightPerInstance: NO_IN_FLIGHT_LIMIT,
    retryAfterMs: 0,
    slo,
  };
  return ok({ architecture, model: model.value, node: node.value, ...shape.value, speed, window: window.value, blockSizeTokens, policy, slo, scheduler, chunkedPrefillTokens });
}

function clusterShape(o: TimedReplayOptions, architecture: Architecture): Result<{ prefillInstances: number; decodeInstances: number }, TimedReplayOptionsError> {
  for (const key of ['nodes', 'prefillInstances', 'decodeInstances'] as const) {
    if (!positiveInt(o[key])) return fail(key, `expected a positive whole number, got ${o[key]}`);
  }
  if (o.prefillInstances !== undefined || o.decodeInstances !== undefined) {
    if (o.prefillInstances === undefined) return fail('prefillInstances', 'give both --prefill-instances and --decode-instances, or --nodes');
    if (o.decodeInstances === undefined) return fail('decodeInstances', 'give both --prefill-instances and --decode-instances, or --nodes');
    return ok({ prefillInstances: o.prefillInstances, decodeInstances: o.decodeInstances });
  }
  const nodes = o.nodes ?? 2;
  if (architecture === 'coupled') return ok({ prefillInstances: nodes, decodeInstances: 0 });
  const split = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(o.split ?? '1:1');
  const p = Number(split?.[1]);
  const d = Number(split?.[2]);
  if (split === null || !(p > 0 && d > 0)) return fail('split', `expected prefill:decode such as 1:1, got ${JSON.stringify(o.split)}`);
  const prefillInstances = Math.round((nodes * p) / (p + d));
  if (prefillInstances < 1 || prefillInstances >= nodes) return fail('split', `${o.split} of ${nodes} nodes leaves a pool empty`);
  return ok({ prefillInstances, decodeInstances: nodes - prefillInstances });
}

function parseWindow(text: string | undefined): Result<{ startMs: number; endMs: number }, string> {
  if (text === undefined) return ok({ startMs: 0, endMs: Infinity });
  const parts = text.split(',').map((s) => Number(s.trim()));
  const [start, end] = parts;
  if (parts.length !== 2 || !(start! >= 0) || !(end! > start!)) return err(`expected start,end in seconds with start < end, got ${JSON.stringify(text)}`);
  return ok({ startMs: start! * 1000, endMs: end! * 1000 });
}
