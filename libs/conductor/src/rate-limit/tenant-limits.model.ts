/** One tenant's limits; 0 means unlimited. */
export interface TenantLimits {
  readonly requestsPerMinute: number;
  /** Prompt tokens plus the completion tokens a request may generate, reserved at admission. */
  readonly tokensPerMinute: number;
  /** Requests of the tenant in flight at once. */
  readonly maxConcurrent: number;
}

export const UNLIMITED: TenantLimits = { requestsPerMinute: 0, tokensPerMinute: 0, maxConcurrent: 0 };

/**
 * The limits every tenant gets, and the tenants configured with limits of their own. Only the
 * configured tenants are named in metrics: a tenant id comes from a request, so any other tenant
 * counts under `""` and no client can grow the series count.
 */
export class TenantLimitTable {
  constructor(
    readonly defaults: TenantLimits,
    private readonly overrides: ReadonlyMap<string, TenantLimits> = new Map(),
  ) {}

  limitsOf(tenant: string): TenantLimits {
    return this.overrides.get(tenant) ?? this.defaults;
  }

  /** The tenant's name as a metric label: itself when configured, else `""`. */
  labelOf(tenant: string): string {
    return this.overrides.has(tenant) ? tenant : '';
  }

  /** Whether any tenant has any limit, so that admission can be skipped altogether when none has. */
  get limitsAnything(): boolean {
    return [this.defaults, ...this.overrides.values()].some((l) => l.requestsPerMinute > 0 || l.tokensPerMinute > 0 || l.maxConcurrent > 0);
  }
}
