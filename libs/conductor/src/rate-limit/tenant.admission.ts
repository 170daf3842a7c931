import { type ApiError, invalidRequest } from '@tsukimi/openai';
import { err, ok, type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { rateLimitHeaders, rateLimitReply } from './rate-limit.reply';
import { type LimitName, type RateLimiter, type Reservation } from './rate-limiter.port';
import { type TenantLimitTable } from './tenant-limits.model';

/** What tenant admission counts; `tenant` is a configured tenant or `""` (see TenantLimitTable.labelOf). */
export interface RateLimitMetrics {
  /** A request refused by one of its tenant's limits. */
  limited(tenant: string, limit: LimitName): void;
  /** A request served unchecked because the limit store could not answer. */
  unchecked(): void;
}

/** An admitted request's hold on its tenant's budgets, ended exactly once. */
export interface TenantPass {
  /** OpenAI's rate-limit headers, for the response. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request ran and used `actualTokens` (prompt and generated): the rest of its reservation goes back. */
  end(actualTokens: number): Promise<void>;
  /** The request never reached an instance: all it reserved goes back. */
  cancel(): Promise<void>;
}

const UNCHECKED: TenantPass = { headers: {}, end: () => Promise.resolve(), cancel: () => Promise.resolve() };

/**
 * Per-tenant admission ahead of the scheduler: a request over its tenant's request, token or
 * concurrency limit gets 429 with OpenAI's headers. When the limit store cannot answer, requests
 * are served unchecked (fail open) and counted: an unreachable Redis must not take serving down.
 */
export class TenantAdmission {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly table: TenantLimitTable,
    private readonly metrics: RateLimitMetrics,
    private readonly clock: Clock,
  ) {}

  async admit(tenant: string, tokens: number): Promise<Result<TenantPass, ApiError>> {
    // Waiting never admits a request over a whole minute's budget: a 429 would have clients retry it for ever.
    const { tokensPerMinute } = this.table.limitsOf(tenant);
    if (tokensPerMinute > 0 && tokens > tokensPerMinute) {
      this.metrics.limited(this.table.labelOf(tenant), 'tokens');
      return err(invalidRequest(`request too large for tokens per min (TPM): limit ${tokensPerMinute}, requested ${tokens} (prompt tokens plus max_tokens for every choice); reduce the prompt or max_tokens`, 'max_tokens', 'request_too_large'));
    }
    const reserved = await this.limiter.reserve(tenant, tokens, this.clock.nowMs());
    if (reserved.ok) return ok(this.pass(reserved.value));
    if (reserved.error.kind === 'unavailable') {
      this.metrics.unchecked();
      return ok(UNCHECKED);
    }
    this.metrics.limited(this.table.labelOf(tenant), reserved.error.limit);
    return err(rateLimitReply(reserved.error, tenant));
  }

  private pass(reservation: Reservation): TenantPass {
    let ended = false;
    // A give-back the store cannot take is lost, not retried: the budget refills on its own within a minute.
    const once = async (give: () => Promise<unknown>) => {
      if (ended) return;
      ended = true;
      await give();
    };
    return {
      headers: rateLimitHeaders(reservation.status),
      end: (actualTokens) => once(() => this.limiter.settle(reservation, actualTokens, this.clock.nowMs())),
      cancel: () => once(() => this.limiter.release(reservation, this.clock.nowMs())),
    };
  }
}
