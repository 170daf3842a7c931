import { seededRandom } from '@tsukimi/kv-store';
import { TRACE_BLOCK_SIZE_TOKENS, type TraceRequest } from '../trace/trace-request.model';

export interface GeneratedTraceOptions {
  readonly seed: number;
  readonly requests: number;
  /** Most blocks in one request. */
  readonly maxBlocks: number;
  /** Chance that a request continues an earlier one's prefix rather than starting afresh. */
  readonly reuse: number;
}

/**
 * A trace in the Mooncake format with the shape that makes caching matter: requests continue
 * the full-block prefixes of earlier ones and append fresh blocks, the last one often partial.
 * Ids are shared only along shared prefixes, and a partial block is never shared, so equal ids
 * mean equal tokens as the format requires.
 */
export function generateTrace(options: GeneratedTraceOptions): TraceRequest[] {
  const random = seededRandom(options.seed);
  const below = (n: number) => Math.floor(random.next() * n);
  const requests: TraceRequest[] = [];
  let nextId = 0;
  for (let n = 0; n < options.requests; n++) {
    const blocks = 1 + below(options.maxBlocks);
    const parent = requests.length > 0 && random.next() < options.reuse ? requests[below(requests.length)] : undefined;
    const parentFullBlocks = parent ? Math.floor(parent.inputLengthTokens / TRACE_BLOCK_SIZE_TOKENS) : 0;
    const shared = Math.min(blocks, parent ? below(parentFullBlocks + 1) : 0);
    const hashIds = [...(parent?.hashIds.slice(0, shared) ?? [])];
    while (hashIds.length < blocks) hashIds.push(nextId++);
    const partialTokens = hashIds.length > shared && random.next() < 0.5 ? 1 + below(TRACE_BLOCK_SIZE_TOKENS - 1) : 0;
    const inputLengthTokens = blocks * TRACE_BLOCK_SIZE_TOKENS - (partialTokens > 0 ? TRACE_BLOCK_SIZE_TOKENS - partialTokens : 0);
    requests.push({ timestampMs: n * 10, inputLengthTokens, outputLengthTokens: 1 + below(200), hashIds });
  }
  return requests;
}

/** The requests as a Mooncake-format file. */
export function traceText(requests: readonly TraceRequest[]): string {
  return requests
    .map((r) => JSON.stringify({ timestamp: r.timestampMs, input_length: r.inputLengthTokens, output_length: r.outputLengthTokens, hash_ids: r.hashIds }) + '\n')
    .join('');
}

/** `text` as UTF-8 chunks of seeded random sizes, cutting lines (and characters) anywhere. */
export async function* chunked(text: string, seed: number, maxChunkBytes = 97): AsyncGenerator<Uint8Array> {
  const random = seededRandom(seed);
  const bytes = Buffer.from(text, 'utf8');
  for (let start = 0; start < bytes.length; ) {
    const end = Math.min(bytes.length, start + 1 + Math.floor(random.next() * maxChunkBytes));
    yield bytes.subarray(start, end);
    start = end;
  }
}
