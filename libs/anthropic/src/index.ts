export { type AnthropicError, type AnthropicErrorBody, type AnthropicErrorType, anthropicError, anthropicErrorType } from './errors/anthropic-error';
export {
  type CacheControl,
  type TextBlock,
  type MessageRole,
  type MessageTurn,
  type CacheBreakpoint,
  type MessagesRequest,
  type MessagesLimits,
  MAX_CACHE_BREAKPOINTS,
} from './request/messages-request.model';
export { type RequestFault } from './request/field.reader';
export { parseMessagesRequest } from './request/messages-request.parser';
export { type PromptCacheFacts, type PromptCacheUsage, promptCacheUsage } from './response/cache.usage';
export { type Stop, type MessageUsage, type CompletedMessage, buildMessage, buildUsage } from './response/message.builder';
export { type GenerationEnd, stopOf } from './response/stop.reason';
export { type StopReason, type UsageJson, type TextBlockJson, type MessageJson } from './response/message.wire';
export { MessageStream, type MessageStreamSetup, sseEvent } from './stream/message.stream';
