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
