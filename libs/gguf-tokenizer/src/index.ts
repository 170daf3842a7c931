export { GgufTokenizer, ggufTokenizer, type EncodeOptions } from './gguf.tokenizer';
export { GgufChatTemplate, ggufChatTemplate, CHAT_TEMPLATE_KEY } from './chat/gguf-chat.template';
export { type GgufTokenizerError, type ChatTemplateError, ChatTemplateRenderError } from './gguf-tokenizer.errors';
export { type TokenizerModel, SUPPORTED_TOKENIZER_MODELS } from './vocab/vocabulary';
export { TOKENIZER_KEYS } from './vocab/gguf-vocabulary.reader';
export { supportedPreTokenizers } from './pre-tokenizer/pre-tokenizer.registry';
export {
  FIXTURE_CORPUS,
  byteLevelVocabulary,
  spmVocabulary,
  type ByteLevelVocabularyOptions,
  type SpmVocabularyOptions,
} from './testing/vocabulary.fixture';
export { tinyModelWithVocabulary, vocabularyMetadata } from './testing/tokenizer-model.fixture';
