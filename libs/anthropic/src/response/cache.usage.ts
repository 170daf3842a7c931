/** A request's token counts as the engine and the pool saw them. */
export interface PromptCacheFacts {
  readonly promptTokens: number;
  /** Prompt tokens whose KV was reused rather than computed (`cached_tokens` on the OpenAI endpoints). */
  readonly cachedTokens: number;
  /** Prompt tokens up to the end of the last `cache_control` block; 0 without one. */
  readonly breakpointTokens: number;
  /** The same for the last block marked with a `1h` ttl; 0 without one. */
  readonly oneHourBreakpointTokens: number;
  /** The pool stores whole blocks only: a partial last block is computed but never stored. */
  readonly blockSizeTokens: number;
}

/** The three parts of a prompt that Anthropic's usage reports; they add up to the prompt. */
export interface PromptCacheUsage {
  /** Prompt tokens after the cached and the newly stored ones. */
  readonly inputTokens: number;
  readonly cacheReadInputTokens: number;
  /** Tokens up to the last breakpoint, in whole blocks, that were computed and stored by this request. */
  readonly cacheCreationInputTokens: number;
  /** Of those, the tokens up to the last `1h` breakpoint; the rest were marked `5m`. */
  readonly cacheCreationOneHourTokens: number;
}

/**
 * Splits a prompt as Anthropic's usage does: what was read from the cache, what this request
 * wrote there for its breakpoint, and the rest. Without a breakpoint nothing is written.
 */
export function promptCacheUsage(f: PromptCacheFacts): PromptCacheUsage {
  const read = Math.min(f.cachedTokens, f.promptTokens);
  const createdUpTo = (breakpointTokens: number) => Math.max(0, Math.floor(Math.min(breakpointTokens, f.promptTokens) / f.blockSizeTokens) * f.blockSizeTokens - read);
  const created = createdUpTo(f.breakpointTokens);
  return {
    inputTokens: f.promptTokens - read - created,
    cacheReadInputTokens: read,
    cacheCreationInputTokens: created,
    cacheCreationOneHourTokens: Math.min(created, createdUpTo(f.oneHourBreakpointTokens)),
  };
}
