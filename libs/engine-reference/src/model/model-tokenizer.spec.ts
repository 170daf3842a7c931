import { ByteTokenizer } from '@tsukimi/engine';
import { readGguf } from '@tsukimi/gguf';
import { byteLevelVocabulary, ggufTokenizer, tinyModelWithVocabulary } from '@tsukimi/gguf-tokenizer';
import { generateTinyModel } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { ReferenceEngine } from '../reference/reference.engine';
import { modelTokenizer } from './model-tokenizer';

describe('the reference engine\'s tokenizer', () => {
  it('is the built-in byte tokenizer for the generated tiny models', () => {
    const tokenizer = expectOk(modelTokenizer(expectOk(readGguf(generateTinyModel()), 'read').metadata), 'tokenizer');
    expect(tokenizer).toBeInstanceOf(ByteTokenizer);
    expect(tokenizer.id).toBe('tsukimi-bytes-v1');
  });

  it('is the file\'s own vocabulary otherwise, so a model with merges tokenizes as its GGUF says', () => {
    const model = tinyModelWithVocabulary(byteLevelVocabulary({ pre: 'gpt-2' }));
    const engine = expectOk(ReferenceEngine.fromGguf(model), 'engine');
    const own = expectOk(ggufTokenizer(expectOk(readGguf(model), 'read').metadata), 'own');
    expect(engine.tokenizer.id).toBe(own.id);
    expect(engine.tokenizer.id).not.toBe('tsukimi-bytes-v1');
    const text = 'the quick brown fox jumps over the lazy dog';
    expect(engine.tokenizer.encode(text)).toEqual(own.encode(text));
    expect(engine.tokenizer.encode(text).length).toBeLessThan(text.length);
  });
});
