import { type BlockKey } from '@tsukimi/kv-block';
import { ReadDemandMeter } from '@tsukimi/kv-store';

export interface PrefixDemandOptions {
  readonly windowMs: number;
  /** Requests within the window that make a prefix hot. */
  readonly hotRequests: number;
  /** Hot blocks remembered at once (the meter's hot table; hot prefixes are bounded by it too). */
  readonly maxTrackedBlocks: number;
}

/**
 * The prompt prefix a request asked for: its block keys, the tokens, tenant salt and block size
 * they key (an instance warming the prefix keys the tokens itself and checks each block's digest
 * against them), and the model and adapter they are keyed for.
 */
export interface PrefixRequest {
  readonly blockKeys: readonly BlockKey[];
  /** The request's prompt: its leading `blockKeys.length` blocks are the prefix. */
  readonly promptTokens: readonly number[];
  readonly tenantSalt: string;
  readonly blockSizeTokens: number;
  readonly modelId: string;
  readonly adapter?: string;
}

/** A prefix at least `hotRequests` requests within the window began with. */
export interface HotPrefix extends PrefixRequest {
  readonly requestsInWindow: number;
}

const SLICES_PER_WINDOW = 4;
const SKETCH_WIDTH = 2048;

/**
 * Requests per prompt prefix over a sliding window, on the pool's read-demand meter: each request
 * counts once for every block key of its prompt, and a key is a chained hash of the whole prefix
 * up to it, so a key's count is the number of requests that began with that prefix. For each
 * request the longest hot prefix it began with is remembered by its last key; a prefix leaves as
 * soon as that key cools, and a prefix that a longer hot prefix begins with is not listed apart.
 */
export class PrefixDemand {
  private readonly meter: ReadDemandMeter;
  private readonly prefixes = new Map<BlockKey, PrefixRequest>();

  constructor(private readonly options: PrefixDemandOptions) {
    this.meter = new ReadDemandMeter({ windowMs: options.windowMs, slices: SLICES_PER_WINDOW, sketchWidth: SKETCH_WIDTH, hotReads: options.hotRequests, maxTracked: options.maxTrackedBlocks });
  }

  record(request: PrefixRequest, nowMs: number): void {
    const keys = request.blockKeys;
    this.meter.record(keys, nowMs);
    let hot = 0;
    while (hot < keys.length && this.meter.readsInWindow(keys[hot] as BlockKey, nowMs) >= this.options.hotRequests) hot++;
    if (hot === 0) return;
    this.prefixes.set(keys[hot - 1] as BlockKey, { ...request, blockKeys: keys.slice(0, hot) });
    if (this.prefixes.size > this.options.maxTrackedBlocks) this.hot(nowMs);
  }

  /** The hot prefixes now, the most requested first; none is the beginning of another listed. */
  hot(nowMs: number): HotPrefix[] {
    const hotKeys = new Map(this.meter.hot(nowMs).map((hot) => [hot.key, hot.readsInWindow]));
    for (const last of [...this.prefixes.keys()]) if (!hotKeys.has(last)) this.prefixes.delete(last);
    // A key inside a longer prefix ends a prefix that one begins with (keys chain the whole prefix).
    const inner = new Set<BlockKey>();
    for (const prefix of this.prefixes.values()) for (const key of prefix.blockKeys.slice(0, -1)) inner.add(key);
    const listed: HotPrefix[] = [];
    for (const [last, prefix] of this.prefixes) if (!inner.has(last)) listed.push({ ...prefix, requestsInWindow: hotKeys.get(last) as number });
    return listed.sort((a, b) => b.requestsInWindow - a.requestsInWindow);
  }
}
