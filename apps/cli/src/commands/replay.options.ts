import { defineSchema, field } from '@tsukimi/config';
import { EVICTION_POLICIES } from '@tsukimi/kv-store';
import { ADMISSION_NAMES, POLICY_NAMES, readSchedulerProfileFile } from '@tsukimi/scheduler';
import {
  ARCHITECTURES,
  type CacheReplayOptions,
  compileCacheReplayOptions,
  type CompiledCacheReplayOptions,
  type CompiledTimedReplayOptions,
  compileTimedReplayOptions,
  DEFAULT_CHUNKED_PREFILL_TOKENS,
  TRACE_BLOCK_SIZE_TOKENS,
  type TimedReplayOptions,
} from '@tsukimi/simulator';
import { UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';
import { readJsonFile } from './replay-json.file';

export const replaySchema = defineSchema({
  trace: field.string({ nonEmpty: true, description: 'Trace in the Mooncake format (JSON lines); also the first argument' }),
  cacheOnly: field.boolean({ default: false, description: 'Replay only the KV cache, with no timing, and report the block hit ratio' }),
  policy: field.enum({ values: EVICTION_POLICIES, default: 'lru', description: 'Eviction policy of every cache, as the kvpool has them' }),
  capacityBlocks: field.string({ default: 'inf', description: 'Cache-only: cache size in blocks, or inf for an unbounded cache' }),
  blockSize: field.int({ min: 1, default: TRACE_BLOCK_SIZE_TOKENS, description: 'Tokens per cached block; other than 512 re-keys the trace\'s blocks' }),
  json: field.boolean({ default: false, description: 'Print one JSON object instead of a summary' }),
  architecture: field.string({ default: 'mooncake', description: `${ARCHITECTURES.join(', ')}: coupled (vLLM-like), disaggregated (local caches), mooncake (global pool, KVCache-centric scheduling); several, comma-separated, replay each` }),
  model: field.string({ default: 'llama3-70b', description: 'llama2-70b, llama3-70b, or a JSON model sheet' }),
  hardware: field.string({ default: '8xa800', description: 'Node: 8xa800, 8xh800, or a JSON node sheet' }),
  nodes: field.int({ min: 1, default: 16, description: 'Nodes, one instance each' }),
  split: field.string({ default: '1:1', description: 'prefill:decode split of the nodes (disaggregated, mooncake)' }),
  prefillInstances: field.int({ min: 1, optional: true, description: 'Prefill instances, instead of --nodes and --split' }),
  decodeInstances: field.int({ min: 1, optional: true, description: 'Decode instances, instead of --nodes and --split' }),
  speed: field.number({ default: 1, description: 'Replay speed: arrivals this many times as fast as in the trace' }),
  windowS: field.string({ optional: true, description: 'start,end in trace seconds: replay only the requests arriving in between' }),
  ttftSloMs: field.number({ default: 30_000, description: 'TTFT target, ms' }),
  tbtSloMs: field.number({ default: 100, description: 'TBT target (mean of the longest 10% of token intervals), ms' }),
  schedulerPolicy: field.enum({ values: POLICY_NAMES, optional: true, description: 'Prefill scheduling policy; by architecture when absent' }),
  decodePolicy: field.enum({ values: POLICY_NAMES, optional: true, description: 'Decode scheduling policy; by architecture when absent' }),
  admission: field.enum({ values: ADMISSION_NAMES, optional: true, description: 'Admission policy; predictive for mooncake, none otherwise, when absent' }),
  schedulerProfile: field.string({ optional: true, description: 'JSON scheduler profile, as the conductor reads it; instead of the policies' }),
  chunkedPrefillTokens: field.int({ min: 0, optional: true, description: `Coupled: tokens per step, decodes and prompt chunks together, as vLLM's max_num_batched_tokens (0: each prefill whole, ahead of decode); ${DEFAULT_CHUNKED_PREFILL_TOKENS} when absent` }),
  capacity: field.boolean({ default: false, description: 'Search the highest replay speed at which 90% of requests meet both SLOs' }),
  report: field.string({ optional: true, description: 'Write an HTML report with charts (TTFT and TBT CDFs, goodput, hit ratio and load over time) to this file' }),
});

const CACHE_FLAGS: Readonly<Record<keyof CacheReplayOptions, string>> = { policy: '--policy', capacityBlocks: '--capacity-blocks', blockSizeTokens: '--block-size' };

const TIMED_FLAGS: Readonly<Record<keyof TimedReplayOptions, string>> = {
  architecture: '--architecture',
  model: '--model',
  hardware: '--hardware',
  nodes: '--nodes',
  split: '--split',
  prefillInstances: '--prefill-instances',
  decodeInstances: '--decode-instances',
  speed: '--speed',
  windowS: '--window-s',
  blockSizeTokens: '--block-size',
  policy: '--policy',
  ttftSloMs: '--ttft-slo-ms',
  tbtSloMs: '--tbt-slo-ms',
  schedulerPolicy: '--scheduler-policy',
  decodePolicy: '--decode-policy',
  admission: '--admission',
  schedulerProfile: '--scheduler-profile',
  chunkedPrefillTokens: '--chunked-prefill-tokens',
};

export type ReplayArgs =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'run'; readonly tracePath: string; readonly options: CompiledCacheReplayOptions; readonly json: boolean }
  | {
      readonly kind: 'timed';
      readonly tracePath: string;
      /** One per architecture named, in the order named. */
      readonly runs: readonly CompiledTimedReplayOptions[];
      readonly json: boolean;
      readonly capacity: boolean;
      readonly reportPath: string | undefined;
    };

/** A preset's name, or the JSON sheet in the file it names. */
const sheetArg = (flag: string, value: string): unknown => {
  if (!value.endsWith('.json')) return value;
  const read = readJsonFile(value);
  if (!read.ok) throw new UsageError(`invalid config: ${flag}: ${read.error}`);
  return read.value;
};

/** `tsukimi replay TRACE [flags]`: the trace may come first, as the one positional argument. */
export function parseReplayArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ReplayArgs {
  const [first, ...rest] = argv;
  const flags = first !== undefined && !first.startsWith('-') ? ['--trace', first, ...rest] : argv;
  const parsed = commandConfig(replaySchema, flags, 'tsukimi replay', env);
  if (parsed.kind === 'help') return parsed;
  const c = parsed.config;
  if (c.cacheOnly) {
    if (c.report !== undefined) throw new UsageError('invalid config: --report: a cache-only replay has no timing to chart; leave out --cache-only');
    const options = compileCacheReplayOptions({ policy: c.policy, capacityBlocks: c.capacityBlocks, blockSizeTokens: c.blockSize });
    if (!options.ok) throw new UsageError(`invalid config: ${CACHE_FLAGS[options.error.key]}: ${options.error.problem}`);
    return { kind: 'run', tracePath: c.trace, options: options.value, json: c.json };
  }
  const profile = c.schedulerProfile === undefined ? undefined : readSchedulerProfileFile(c.schedulerProfile);
  if (profile !== undefined && !profile.ok) throw new UsageError(`invalid config: --scheduler-profile: ${profile.error}`);
  const explicitShape = c.prefillInstances !== undefined || c.decodeInstances !== undefined;
  const model = sheetArg('--model', c.model);
  const hardware = sheetArg('--hardware', c.hardware);
  const architectures = c.architecture.split(',').map((a) => a.trim());
  if (new Set(architectures).size !== architectures.length) throw new UsageError(`invalid config: --architecture: names an architecture twice in "${c.architecture}"`);
  const runs = architectures.map((architecture) => {
    const options = compileTimedReplayOptions({
      ...c,
      architecture,
      model,
      hardware,
      nodes: explicitShape ? undefined : c.nodes,
      blockSizeTokens: c.blockSize,
      schedulerProfile: profile?.value,
    });
    if (!options.ok) throw new UsageError(`invalid config: ${TIMED_FLAGS[options.error.key]}: ${options.error.problem}`);
    return options.value;
  });
  return { kind: 'timed', tracePath: c.trace, runs, json: c.json, capacity: c.capacity, reportPath: c.report };
}
