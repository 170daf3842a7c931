// Loads a GGUF in llama.cpp (node-llama-cpp, CPU) and prints one JSON line describing what
// llama.cpp made of it. Run as a child process: node-llama-cpp is ESM-only with top-level
// await, which jest cannot import.
//   node llamacpp-load.check.mjs <model.gguf> <text>
const [modelPath, text = 'hello \u00e9\n'] = process.argv.slice(2);
if (!modelPath) {
  console.error('usage: llamacpp-load.check.mjs <model.gguf> [text]');
  process.exit(2);
}

const { getLlama } = await import('node-llama-cpp');
const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' });
const model = await llama.loadModel({ modelPath });
const tokens = model.tokenize(text, false);

// One forward pass proves that the compute graph accepts every tensor shape.
const context = await model.createContext({ contextSize: 64, threads: 1, flashAttention: false });
const sequence = context.getSequence();
let top = null;
for await (const step of sequence.evaluateWithMetadata(tokens, { probabilities: true })) {
  const [token, probability] = [...step.probabilities.entries()][0];
  top = { token, probability };
  break;
}

const native = model._model;
console.log(
  JSON.stringify({
    tokens: Array.from(tokens),
    detokenized: model.detokenize(tokens),
    vocabularyType: model.vocabularyType,
    blockCount: model.fileInfo.metadata.llama.block_count,
    tokenCount: model.fileInfo.metadata.tokenizer.ggml.tokens.length,
    tokenStrings: [0, 10, 32, 65, 255, 256, 257, 258].map((t) => native.getTokenString(t)),
    bos: model.tokens.bos,
    eos: model.tokens.eos,
    trainContextSize: model.trainContextSize,
    embeddingVectorSize: model.embeddingVectorSize,
    totalParameters: native.getTotalParameters(),
    description: model.typeDescription,
    top,
  }),
);
await context.dispose();
await model.dispose();
await llama.dispose();
