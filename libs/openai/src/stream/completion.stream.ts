import { tokenIds } from '../response/completion.builder';
import { type CompletionChunkJson } from '../response/wire.types';
import { SseStream, type ChunkFormat, type StreamDelta, type StreamSetup } from './sse.stream';

/**
 * The `text_completion` chunk stream of `POST /v1/completions` with `stream: true`: one chunk
 * per delta, the last carrying the finish reason next to its text, as vLLM sends them.
 */
export class CompletionStream extends SseStream {
  constructor(setup: StreamSetup) {
    super(completionFormat(setup), setup.includeUsage);
  }
}

function completionFormat({ stamp, model }: StreamSetup): ChunkFormat {
  const chunk = (choices: CompletionChunkJson['choices']): CompletionChunkJson => ({
    id: stamp.id,
    object: 'text_completion',
    created: stamp.created,
    model,
    choices,
  });
  return {
    opening: () => [],
    delta: (d: StreamDelta) => {
      if (d.text === '' && d.tokenIds === undefined && d.finishReason === undefined) return [];
      return [chunk([{ index: 0, text: d.text, finish_reason: d.finishReason ?? null, logprobs: null, ...tokenIds(d.tokenIds) }])];
    },
    usage: (usage) => ({ ...chunk([]), usage }),
  };
}
