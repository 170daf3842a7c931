import { ggufTokenizer, byteLevelVocabulary, spmVocabulary, vocabularyMetadata, tinyModelWithVocabulary } from './index';
import { expectOk } from '@tsukimi/result';
import * as fs from 'node:fs';
for (const entries of [byteLevelVocabulary({ pre: 'gpt-2' }), byteLevelVocabulary({ pre: 'llama-bpe', extraWords: [' moonlight'] }), spmVocabulary()]) {
  const t = expectOk(ggufTokenizer(vocabularyMetadata(entries)), 'tok');
  const s = "The moon's light, 12345 dumplings!  \n\n<|im_start|>user 月見 🌕";
  const ids = t.encode(s, { parseSpecial: true });
  console.log(t.id, t.vocabSize, ids.length, JSON.stringify(ids.map((i) => t.tokenText(i))));
  console.log(JSON.stringify(t.decode(ids)));
}
fs.writeFileSync('/tmp/tok-gpt2.gguf', tinyModelWithVocabulary(byteLevelVocabulary({ pre: 'gpt-2' })));
fs.writeFileSync('/tmp/tok-spm.gguf', tinyModelWithVocabulary(spmVocabulary()));
