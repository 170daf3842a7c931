import { type BlockKey, blockKeyFromU64 } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { SchedulerBuilder, type SchedulerSettingsError } from '@tsukimi/scheduler';
import { CostModel } from '../cost/cost.model';
import { type TraceLineError } from '../trace/trace-line.error';
import { traceBlocks } from '../trace/trace.blocks';
import { type TraceEntry } from '../trace/trace.reader';
import { type TraceRequest } from '../trace/trace-request.model';
import { PROGRESS_EVERY_REQUESTS } from '../replay/cache-replay.run';
import { EventQueue } from './event.queue';
import { ReplayMetrics, type TimedReplayReport } from './replay.metrics';
import { SimCluster } from './sim.cluster';
import { type CompiledTimedReplayOptions } from './timed-replay.options';

export type TimedReplayError = TraceLineError | SchedulerSettingsError;

/** Told every {@link PROGRESS_EVERY_REQUESTS} requests. */
export interface TimedReplayProgress {
  readonly requests: number;
  readonly simulatedMs: number;
}


/**
 * Replays a trace on a simulated cluster: arrivals at `timestamp / speed`, each scheduled by
 * the real scheduler as it arrives, every instance timed by the cost model. The trace is pulled
 * one request at a time, just before its arrival is due, so memory holds only what is in flight.
 */
export async function replayTimed(
  trace: AsyncIterable<Result<TraceEntry, TraceLineError>>,
  options: CompiledTimedReplayOptions,
  onProgress?: (progress: TimedReplayProgress) => void,
): Promise<Result<TimedReplayReport, TimedReplayError>> {
  const events = new EventQueue();
  const cost = new CostModel(options.model, options.node, options.blockSizeTokens);
  const builder = new SchedulerBuilder(options.scheduler, { monotonicMs: () => events.nowMs });
  const scheduler = builder.build(cost.engineProfile(), { bandwidthBytesPerS: cost.bandwidthBytesPerS });
  if (!scheduler.ok) return err(scheduler.error);
  const metrics = new ReplayMetrics(options.slo, options.architecture === 'coupled');
  const cluster = new SimCluster(options, cost, events, scheduler.value, metrics);
  const { startMs, endMs } = options.window;

  for await (const entry of trace) {
    if (!entry.ok) return err(entry.error);
    const request = entry.value.request;
    if (request.timestampMs < startMs) continue;
    if (request.timestampMs >= endMs) break;
    const arrivalMs = (request.timestampMs - startMs) / options.speed;
    while (events.nextAtMs <= arrivalMs) events.step();
    events.at(Math.max(arrivalMs, events.nowMs), () => {
      metrics.arrived(events.nowMs);
      cluster.arrive(events.nowMs, request.inputLengthTokens, request.outputLengthTokens, blockKeysOf(request, options.blockSizeTokens));
    });
    events.step();
    if (metrics.total % PROGRESS_EVERY_REQUESTS === 0) onProgress?.({ requests: metrics.total, simulatedMs: events.nowMs });
  }
  while (events.step());
  return ok(metrics.report());
}

/**
 * The request's blocks as the scheduler's keys: the trace's id of the 512-token block above the
 * position's 24 bits. Unique while ids stay under 2^40 and prompts under 2^24 blocks; past that
 * the bits wrap to 64 rather than fail.
 */
function blockKeysOf(request: TraceRequest, blockSizeTokens: number): BlockKey[] {
  return traceBlocks(request, blockSizeTokens).map((b) => blockKeyFromU64(BigInt.asUintN(64, (BigInt(b.hashId) << 24n) + BigInt(b.blockIndex))));
}
