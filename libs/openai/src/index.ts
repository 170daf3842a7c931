export { type ApiError, type ApiErrorBody, type ApiErrorType } from './errors/api-error.model';
export {
  invalidRequest,
  invalidJson,
  modelNotFound,
  routeNotFound,
  contextLengthExceeded,
  rateLimited,
  serviceUnavailable,
  internal,
  type ContextLengthExceeded,
  type PromptParam,
} from './errors/api-error.builders';
export {
  type Prompt,
  type SamplingOptions,
  type GenerationOptions,
  type CompletionRequest,
  type ChatCompletionRequest,
  type ChatMessage,
  type ChatRole,
} from './request/request.model';
export { parseCompletionRequest, DEFAULT_COMPLETION_MAX_TOKENS } from './request/completion-request.parser';
export { parseChatCompletionRequest } from './request/chat-request.parser';
export { MAX_STOP_SEQUENCES } from './request/generation-options.parser';
export { CONTENT_PART_SEPARATOR } from './request/chat-message.parser';
export { fitTokenBudget, checkTokenIds, type TokenBudgetRequest } from './request/prompt.checks';
export { type ChatTemplate, TSUKIMI_TINY_V1, renderChatText, renderChatPrompt } from './chat/chat-template';
export { ResponseIds, randomHexId, type ResponseStamp } from './response/response-ids';
export {
  buildCompletion,
  buildChatCompletion,
  buildUsage,
  buildModelList,
  type Usage,
  type ChoiceOutput,
  type CompletedRequest,
  type ModelCard,
} from './response/completion.builder';
export {
  type FinishReason,
  type UsageJson,
  type CompletionJson,
  type CompletionChoiceJson,
  type ChatCompletionJson,
  type ChatChoiceJson,
  type CompletionChunkJson,
  type CompletionChunkChoiceJson,
  type ChatChunkJson,
  type ChatChunkChoiceJson,
  type ModelJson,
  type ModelListJson,
} from './response/wire.types';
export { SseStream, type StreamDelta, type StreamSetup, type ChunkFormat } from './stream/sse.stream';
export { CompletionStream } from './stream/completion.stream';
export { ChatStream } from './stream/chat.stream';
export { SSE_DONE, SSE_HEADERS, sseData } from './stream/sse.frame';
