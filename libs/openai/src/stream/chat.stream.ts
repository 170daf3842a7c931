import { tokenIds } from '../response/completion.builder';
import { type ChatChunkJson } from '../response/wire.types';
import { SseStream, type ChunkFormat, type StreamDelta, type StreamSetup } from './sse.stream';

/**
 * The `chat.completion.chunk` stream of `POST /v1/chat/completions` with `stream: true`:
 * a first chunk announcing `role: 'assistant'` with empty content, a `content` chunk per
 * delta, and a last chunk with an empty delta and the finish reason.
 */
export class ChatStream extends SseStream {
  constructor(setup: StreamSetup) {
    super(chatFormat(setup), setup.includeUsage);
  }
}

function chatFormat({ stamp, model }: StreamSetup): ChunkFormat {
  const chunk = (choices: ChatChunkJson['choices']): ChatChunkJson => ({
    id: stamp.id,
    object: 'chat.completion.chunk',
    created: stamp.created,
    model,
    choices,
  });
  return {
    opening: () => [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }])],
    delta: (d: StreamDelta) => {
      const chunks: ChatChunkJson[] = [];
      if (d.text !== '' || d.tokenIds !== undefined) {
        chunks.push(chunk([{ index: 0, delta: { content: d.text }, logprobs: null, finish_reason: null, ...tokenIds(d.tokenIds) }]));
      }
      if (d.finishReason !== undefined) {
        chunks.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: d.finishReason }]));
      }
      return chunks;
    },
    usage: (usage) => ({ ...chunk([]), usage }),
  };
}
