import { tokenIds } from '../response/completion.builder';
import { completionLogprobs } from '../response/logprobs.format';
import { type CompletionChunkJson } from '../response/wire.types';
import { sseTextTemplate, usageSlot } from './sse.frame';
import { SseStream, streamPieces, type ChunkFormat, type StreamDelta, type StreamSetup } from './sse.stream';

/**
 * The `text_completion` chunk stream of `POST /v1/completions` with `stream: true`: one chunk
 * per delta, the last of a choice carrying the finish reason next to its text, as vLLM sends them.
 * `text_offset` in a chunk's logprobs counts from the start of its choice's text.
 */
export class CompletionStream extends SseStream {
  constructor(setup: StreamSetup) {
    super(completionFormat(setup), setup);
  }
}

function completionFormat(setup: StreamSetup): ChunkFormat {
  const { stamp, model } = setup;
  const offsets = new Map<number, number>();
  const templates = new Map<number, (text: string) => string>();
  const chunk = (choices: CompletionChunkJson['choices']): CompletionChunkJson => ({
    id: stamp.id,
    object: 'text_completion',
    created: stamp.created,
    model,
    choices,
  });
  return {
    opening: () => [],
    delta: (d: StreamDelta & { readonly index: number }) => {
      const start = offsets.get(d.index) ?? 0;
      offsets.set(d.index, start + d.text.length);
      if (d.text === '' && d.tokenIds === undefined && d.logprobs === undefined && d.finishReason === undefined) return [];
      // Text before the delta's tokens (an echoed prompt) comes first in the chunk's text.
      const tokensText = d.logprobs?.reduce((n, t) => n + t.text.length, 0) ?? 0;
      const logprobs = d.logprobs === undefined ? null : completionLogprobs(d.logprobs, streamPieces(setup), start + d.text.length - tokensText);
      return [chunk([{ index: d.index, text: d.text, finish_reason: d.finishReason ?? null, logprobs, ...tokenIds(d.tokenIds) }])];
    },
    usage: (usage) => ({ ...chunk([]), usage }),
    textFrame: (index, text, withUsage) => {
      offsets.set(index, (offsets.get(index) ?? 0) + text.length);
      const key = withUsage ? -1 - index : index;
      let fill = templates.get(key);
      if (fill === undefined) {
        fill = sseTextTemplate((slot) => usageSlot(chunk([{ index, text: slot, finish_reason: null, logprobs: null }]), withUsage));
        templates.set(key, fill);
      }
      return fill(text);
    },
  };
}
