export { TRACE_BLOCK_SIZE_TOKENS, type TraceRequest } from './trace/trace-request.model';
export { type TraceLineError, describeTraceLineError } from './trace/trace-line.error';
export { parseTraceLine } from './trace/trace-line.parser';
export { textLines, type NumberedLine } from './trace/text.lines';
export { readTrace, type TraceEntry } from './trace/trace.reader';
export { traceBlocks, type TraceBlock } from './trace/trace.blocks';

export { BlockCache } from './cache/block.cache';
export { OrderedHeap, type HeapSlot } from './cache/ordered.heap';

export { compileCacheReplayOptions, type CacheReplayOptions, type CacheReplayOptionsError, type CompiledCacheReplayOptions } from './replay/cache-replay.options';
export { CacheReplay, type CacheReplayReport } from './replay/cache.replay';
export { replayCacheOnly, PROGRESS_EVERY_REQUESTS, type ReplayProgress } from './replay/cache-replay.run';

export { type ModelSheet, MODEL_PRESETS, kvBytesPerToken } from './cost/model.spec-sheet';
export { type NodeSheet, NODE_PRESETS } from './cost/node.spec-sheet';
export { modelSheet, nodeSheet, type SpecSheetError } from './cost/spec-sheet.parse';
export { CostModel } from './cost/cost.model';
export { tbtMs, withinSlo, TBT_TAIL_SHARE } from './slo/slo.model';
export { ARCHITECTURES, type Architecture, DEFAULT_CHUNKED_PREFILL_TOKENS, compileTimedReplayOptions, type TimedReplayOptions, type CompiledTimedReplayOptions, type TimedReplayOptionsError } from './timed/timed-replay.options';
export { type TimedReplayReport, type Percentiles, type BlockSource } from './timed/replay.metrics';
export { replayTimed, type TimedReplayError, type TimedReplayProgress} from './timed/timed.replay';
export { searchCapacity, CAPACITY_SLO_SHARE, CAPACITY_RESOLUTION_RATIO, type CapacityProbe, type CapacityResult } from './timed/capacity.search';
export { type ReplayTimeline, type CdfPoint, type TimelinePoint, MAX_CHART_POINTS } from './timed/replay.timeline';
export { replayReportHtml, type ReportRun, REPORT_FIGURES, REPORT_DATA_ID } from './report/replay-report.html';
export { SimulatedEngine, type SimulatedEngineOptions } from './engine/simulated.engine';
export { type SimulatedTiming, profileTiming } from './engine/simulated.timing';
