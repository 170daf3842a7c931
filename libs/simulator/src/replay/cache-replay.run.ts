import { err, ok, type Result } from '@tsukimi/result';
import { type TraceLineError } from '../trace/trace-line.error';
import { type TraceEntry } from '../trace/trace.reader';
import { CacheReplay, type CacheReplayReport } from './cache.replay';
import { type CompiledCacheReplayOptions } from './cache-replay.options';

/** How far a replay has read; reported every {@link PROGRESS_EVERY_REQUESTS} requests. */
export interface ReplayProgress {
  readonly linesRead: number;
  readonly requests: number;
}

export const PROGRESS_EVERY_REQUESTS = 1000;

/**
 * Streams a trace once through one cache per set of options (a policy and capacity sweep costs
 * one read of the file). Stops at the first bad line and returns it as the error.
 */
export async function replayCacheOnly(
  entries: AsyncIterable<Result<TraceEntry, TraceLineError>>,
  optionSets: readonly CompiledCacheReplayOptions[],
  onProgress: (progress: ReplayProgress) => void = () => undefined,
): Promise<Result<CacheReplayReport[], TraceLineError>> {
  const replays = optionSets.map((options) => new CacheReplay(options));
  let requests = 0;
  for await (const entry of entries) {
    if (!entry.ok) return err(entry.error);
    for (const replay of replays) replay.add(entry.value.request);
    if (++requests % PROGRESS_EVERY_REQUESTS === 0) onProgress({ linesRead: entry.value.lineNumber, requests });
  }
  return ok(replays.map((replay) => replay.report()));
}
