export { type ApiError, type ApiErrorBody, type ApiErrorType } from './errors/api-error.model';
export {
  invalidRequest,
  invalidJson,
  invalidApiKey,
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
  type ResponseFormat,
  type ChatMessage,
  type ChatRole,
} from './request/request.model';
export { parseCompletionRequest, DEFAULT_COMPLETION_MAX_TOKENS, MAX_COMPLETION_LOGPROBS, MAX_TOTAL_CHOICES } from './request/completion-request.parser';
export { parseChatCompletionRequest, MAX_TOP_LOGPROBS } from './request/chat-request.parser';
export { MAX_CHOICES, checkMinTokens } from './request/generation-options.parser';
export { type RequestLimits, DEFAULT_REQUEST_LIMITS } from './request/request.limits';
export { MAX_BATCH_PROMPTS } from './request/prompt.reader';
export { buildGenerationParams, type GenerationSettled } from './request/generation-params.builder';
export { CONTENT_PART_SEPARATOR } from './request/chat-message.parser';
export { fitTokenBudget, checkTokenIds, type TokenBudgetRequest } from './request/prompt.checks';
export { ProcessUniqueIds, ResponseIds, type ResponseStamp } from './response/response-ids';
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
  type TokenLogprobs,
  type TokenPiece,
  type TokenPieces,
  tokenPieces,
  completionLogprobs,
  chatLogprobs,
  LOGPROB_FLOOR,
} from './response/logprobs.format';
export {
  type FinishReason,
  type CompletionLogprobsJson,
  type ChatLogprobsJson,
  type ChatTokenLogprobJson,
  type TopLogprobJson,
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
