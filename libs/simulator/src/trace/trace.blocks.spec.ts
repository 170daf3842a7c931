import { generateTrace } from '../testing/generated.trace';
import { traceBlocks } from './trace.blocks';
import { TRACE_BLOCK_SIZE_TOKENS, type TraceRequest } from './trace-request.model';

const request = (inputLengthTokens: number, hashIds: number[]): TraceRequest => ({ timestampMs: 0, inputLengthTokens, outputLengthTokens: 1, hashIds });

/** Tokens of a request as the trace format defines them: the same tokens for the same id, so equal ids mean equal prefixes. */
function tokensOf(r: TraceRequest): number[] {
  return Array.from({ length: r.inputLengthTokens }, (_, t) => {
    const id = r.hashIds[Math.floor(t / TRACE_BLOCK_SIZE_TOKENS)]!;
    return (Math.imul(id + 1, 2654435761) ^ Math.imul(t % TRACE_BLOCK_SIZE_TOKENS, 40503)) >>> 0;
  });
}

/** The first of the first `end` positions where the token lists differ, or -1. */
function firstDifference(a: readonly number[], b: readonly number[], end: number): number {
  for (let t = 0; t < end; t++) if (a[t] !== b[t]) return t;
  return -1;
}

describe('traceBlocks', () => {
  it.each([
    { size: 512, length: 1030, ids: [7, 8, 9], blocks: ['0:7', '1:8', '2:9'] },
    { size: 256, length: 1030, ids: [7, 8, 9], blocks: ['0:7', '1:7', '2:8', '3:8', '4:9'] },
    { size: 1024, length: 1030, ids: [7, 8, 9], blocks: ['0:8', '1:9'] },
    { size: 1024, length: 1024, ids: [7, 8], blocks: ['0:8'] },
    { size: 700, length: 1030, ids: [7, 8, 9], blocks: ['0:8', '1:9'] },
    { size: 100, length: 230, ids: [7], blocks: ['0:7', '1:7', '2:7'] },
    { size: 512, length: 0, ids: [], blocks: [] },
  ])('cuts $length tokens into blocks of $size', ({ size, length, ids, blocks }) => {
    const cut = traceBlocks(request(length, ids), size);
    expect(cut.map((block) => block.id)).toEqual(blocks);
    expect(cut.map((block) => block.blockIndex)).toEqual(blocks.map((_, i) => i));
  });

  it('keeps requests that share 512-token block 0 but not block 1 apart after the first 512 tokens at 256', () => {
    const [a, b] = [request(1024, [1, 2]), request(1024, [1, 3])].map((r) => traceBlocks(r, 256).map((block) => block.id));
    expect(a!.map((id, i) => id === b![i])).toEqual([true, true, false, false]);
  });

  it.each([64, 100, 256, 333, 512, 700, 1024, 1536])('never calls two different prefixes the same block at %i tokens, and finds shared ones', (size) => {
    const requests = generateTrace({ seed: size, requests: 40, maxBlocks: 8, reuse: 0.8 });
    const tokens = requests.map(tokensOf);
    const blocks = requests.map((r) => traceBlocks(r, size));
    let shared = 0;
    for (let a = 0; a < requests.length; a++) {
      for (let b = a + 1; b < requests.length; b++) {
        blocks[a]!.forEach((block, i) => {
          if (blocks[b]![i]?.id !== block.id) return;
          shared += 1;
          const end = Math.min((i + 1) * size, requests[a]!.inputLengthTokens);
          expect(Math.min((i + 1) * size, requests[b]!.inputLengthTokens)).toBe(end);
          expect(firstDifference(tokens[a]!, tokens[b]!, end)).toBe(-1);
        });
      }
    }
    expect(shared).toBeGreaterThan(0);
  });
});
