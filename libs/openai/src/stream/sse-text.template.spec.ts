import { sseData, sseTextTemplate, usageSlot } from './sse.frame';
import { tokenPieces } from '../response/logprobs.format';
import { ChatStream } from './chat.stream';
import { CompletionStream } from './completion.stream';
import { type ChunkFormat, type StreamSetup } from './sse.stream';

const texts = ['a', ' the', '"quoted"', 'back\\slash', 'new\nline', 'tab\t', 'ünï ✓ 🌙', '\u0000\u001f', '</script>', '{"json":1}'];

/** The bytes the general path gives for a plain text delta: the format's chunks, framed as SseStream frames them. */
function slowFrame(format: ChunkFormat, index: number, text: string, withUsage: boolean): string {
  return format.delta({ index, text }).map((chunk) => sseData(usageSlot(chunk, withUsage))).join('');
}

function formatOf(stream: CompletionStream | ChatStream): ChunkFormat {
  return (stream as unknown as { format: ChunkFormat }).format;
}

describe('text frames from a template', () => {
  const setup = (includeUsage: boolean): StreamSetup => ({ stamp: { id: 'id-"1"', created: 1_700_000_000 }, model: 'tiny/"model"', includeUsage, choices: 3 });

  it.each([
    ['completion', false, (s: StreamSetup) => new CompletionStream(s)],
    ['completion with usage', true, (s: StreamSetup) => new CompletionStream(s)],
    ['chat', false, (s: StreamSetup) => new ChatStream(s)],
    ['chat with usage', true, (s: StreamSetup) => new ChatStream(s)],
  ])('give the same bytes as building and stringifying each chunk: %s', (_, withUsage, make) => {
    const format = formatOf(make(setup(withUsage)));
    const reference = formatOf(make(setup(withUsage)));
    for (const index of [0, 2, 1, 0]) {
      for (const text of texts) expect(format.textFrame?.(index, text, withUsage)).toBe(slowFrame(reference, index, text, withUsage));
    }
  });

  it('keep completion text offsets running, so later logprobs chunks count from the start of the choice', () => {
    const pieces = tokenPieces((token) => Uint8Array.of(token));
    const fast = new CompletionStream({ ...setup(false), choices: 1, pieces });
    const slow = new CompletionStream({ ...setup(false), choices: 1, pieces });
    formatOf(fast).textFrame?.(0, 'abc', false);
    formatOf(slow).delta({ index: 0, text: 'abc' });
    const logprobs = [{ token: 120, text: 'x', logprob: -0.5, top: [] }];
    const chunk = formatOf(fast).delta({ index: 0, text: 'x', logprobs });
    expect(chunk).toEqual(formatOf(slow).delta({ index: 0, text: 'x', logprobs }));
    expect(JSON.stringify(chunk)).toContain('"text_offset":[3]');
  });

  it('refuse a chunk that does not hold the text slot exactly once', () => {
    expect(() => sseTextTemplate(() => ({ text: 'none' }))).toThrow('exactly once');
    expect(() => sseTextTemplate((slot) => ({ a: slot, b: slot }))).toThrow('exactly once');
  });
});
