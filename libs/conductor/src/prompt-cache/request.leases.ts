import { type MessagesRequest } from '@tsukimi/anthropic';
import { type BlockKeyHasher } from '@tsukimi/kv-block';
import { type ApiError } from '@tsukimi/openai';
import { ok, type Result } from '@tsukimi/result';
import { type ModelLanguage } from '../model/model-language';
import { type LeaseRun, leaseRuns } from './lease.runs';
import { type LeaseReport } from './prompt-cache.leases';
import { type LeaseAsk, messagesLeaseAsks, openAiLeaseAsks } from './prompt-cache.ask';

/** What a request's leases are read from. */
export interface RequestLeaseInput {
  /** The raw body, for the OpenAI endpoints' `tsukimi.prompt_cache`. */
  readonly body: unknown;
  /** Set on `/v1/messages`: its `cache_control` breakpoints are the asks. */
  readonly messages: MessagesRequest | undefined;
  /** Each prompt, with the hasher that keys its blocks as the instances do (model, the prompt's salt, block size). */
  readonly prompts: readonly { readonly tokens: readonly number[]; readonly hasher: BlockKeyHasher }[];
  readonly language: ModelLanguage;
  /** One stored block's size, which the quota counts. */
  readonly blockBytes: number;
}

/** The lease runs of every prompt of a request; a malformed extension field is a 400. */
export function requestLeaseRuns(r: RequestLeaseInput): Result<LeaseRun[], ApiError> {
  const runs: LeaseRun[] = [];
  for (const prompt of r.prompts) {
    const asks: Result<LeaseAsk[], ApiError> = r.messages ? ok(messagesLeaseAsks(r.messages, r.language, prompt.tokens)) : openAiLeaseAsks(r.body, prompt.tokens.length);
    if (!asks.ok) return asks;
    if (asks.value.length === 0) continue;
    const { hasher } = prompt;
    runs.push(...leaseRuns(asks.value, hasher.keys(prompt.tokens), hasher.blockSizeTokens, r.blockBytes));
  }
  return ok(runs);
}

/** The leases as the response's provenance (`usage.tsukimi.prompt_cache`) shows them. */
export function leaseUsage(reports: readonly LeaseReport[]): Record<string, unknown> {
  if (reports.length === 0) return {};
  return {
    prompt_cache: reports.map((r) => ({
      lease: r.outcome,
      tokens: r.tokens,
      blocks: r.blocks,
      bytes: r.sizeBytes,
      held_blocks: r.heldBlocks,
      ttl_ms: r.ttlMs,
      ...(r.expiresAtMs === undefined ? {} : { expires_at: new Date(r.expiresAtMs).toISOString() }),
    })),
  };
}
