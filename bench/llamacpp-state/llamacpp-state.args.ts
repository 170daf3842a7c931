import { defineBenchArgs } from '../lib/bench-args';

export const llamacppStateArgs = defineBenchArgs({
  bench: 'llamacpp-state',
  summary:
    "How fast a llama.cpp sequence state (an 8B Llama's KV shape, synthetic bytes, llama.cpp's layout) is cut into blocks and written back from them, over two Buffer.copy of the same bytes in the same run (1: the layout work costs nothing beyond the copies).",
  options: {},
});
