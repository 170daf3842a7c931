import { tokenIds } from '../response/completion.builder';
import { chatLogprobs } from '../response/logprobs.format';
import { type ChatChunkJson } from '../response/wire.types';
import { sseTextTemplate, usageSlot } from './sse.frame';
import { SseStream, streamPieces, type ChunkFormat, type StreamDelta, type StreamSetup } from './sse.stream';

/**
 * The `chat.completion.chunk` stream of `POST /v1/chat/completions` with `stream: true`: a
 * first chunk per choice announcing `role: 'assistant'` with empty content, a `content` chunk
 * per delta, and a last chunk per choice with an empty delta and the finish reason.
 */
export class ChatStream extends SseStream {
  constructor(setup: StreamSetup) {
    super(chatFormat(setup), setup);
  }
}

function chatFormat(setup: StreamSetup): ChunkFormat {
  const { stamp, model } = setup;
  const templates = new Map<number, (text: string) => string>();
  const chunk = (choices: ChatChunkJson['choices']): ChatChunkJson => ({
    id: stamp.id,
    object: 'chat.completion.chunk',
    created: stamp.created,
    model,
    choices,
  });
  return {
    opening: (choices) =>
      Array.from({ length: choices }, (_, index) => chunk([{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }])),
    delta: (d: StreamDelta & { readonly index: number }) => {
      const chunks: ChatChunkJson[] = [];
      if (d.text !== '' || d.tokenIds !== undefined || d.logprobs !== undefined) {
        const logprobs = d.logprobs === undefined ? null : chatLogprobs(d.logprobs, streamPieces(setup));
        chunks.push(chunk([{ index: d.index, delta: { content: d.text }, logprobs, finish_reason: null, ...tokenIds(d.tokenIds) }]));
      }
      if (d.finishReason !== undefined) {
        chunks.push(chunk([{ index: d.index, delta: {}, logprobs: null, finish_reason: d.finishReason }]));
      }
      return chunks;
    },
    usage: (usage) => ({ ...chunk([]), usage }),
    textFrame: (index, text, withUsage) => {
      const key = withUsage ? -1 - index : index;
      let fill = templates.get(key);
      if (fill === undefined) {
        fill = sseTextTemplate((slot) => usageSlot(chunk([{ index, delta: { content: slot }, logprobs: null, finish_reason: null }]), withUsage));
        templates.set(key, fill);
      }
      return fill(text);
    },
  };
}
