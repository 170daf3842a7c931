import { defineSchema, field } from '@tsukimi/config';
import { EVICTION_POLICIES } from '@tsukimi/kv-store';
import { type CacheReplayOptions, compileCacheReplayOptions, type CompiledCacheReplayOptions, TRACE_BLOCK_SIZE_TOKENS } from '@tsukimi/simulator';
import { UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';

export const replaySchema = defineSchema({
  trace: field.string({ nonEmpty: true, description: 'Trace in the Mooncake format (JSON lines); also the first argument' }),
  cacheOnly: field.boolean({ default: false, description: 'Replay only the KV cache, with no timing, and report the block hit ratio' }),
  policy: field.enum({ values: EVICTION_POLICIES, default: 'lru', description: 'Eviction policy of the cache, as the kvpool has them' }),
  capacityBlocks: field.string({ default: 'inf', description: 'Cache size in blocks, or inf for an unbounded cache' }),
  blockSize: field.int({ min: 1, default: TRACE_BLOCK_SIZE_TOKENS, description: 'Tokens per cached block; other than 512 re-keys the trace\'s blocks' }),
  json: field.boolean({ default: false, description: 'Print one JSON object instead of a summary' }),
});

const FLAGS: Readonly<Record<keyof CacheReplayOptions, string>> = { policy: '--policy', capacityBlocks: '--capacity-blocks', blockSizeTokens: '--block-size' };

export type ReplayArgs =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'run'; readonly tracePath: string; readonly options: CompiledCacheReplayOptions; readonly json: boolean };

/** `tsukimi replay TRACE [flags]`: the trace may come first, as the one positional argument. */
export function parseReplayArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ReplayArgs {
  const [first, ...rest] = argv;
  const flags = first !== undefined && !first.startsWith('-') ? ['--trace', first, ...rest] : argv;
  const parsed = commandConfig(replaySchema, flags, 'tsukimi replay', env);
  if (parsed.kind === 'help') return parsed;
  const c = parsed.config;
  if (!c.cacheOnly) throw new UsageError('invalid config: --cache-only: replay runs in cache-only mode only; pass --cache-only');
  const options = compileCacheReplayOptions({ policy: c.policy, capacityBlocks: c.capacityBlocks, blockSizeTokens: c.blockSize });
  if (!options.ok) throw new UsageError(`invalid config: ${FLAGS[options.error.key]}: ${options.error.problem}`);
  return { kind: 'run', tracePath: c.trace, options: options.value, json: c.json };
}
