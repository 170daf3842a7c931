import { field } from '@tsukimi/config';
import { readTenantLimitsFile, TenantLimitTable } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';

/** Per-tenant rate limits and the store replicas share them through. */
export const tenantLimitsSchema = {
  tenantRequestsPerMinute: field.int({ min: 0, default: 0, description: 'Requests one tenant may send per minute (a token bucket refilled continuously); beyond it, 429 with Retry-After. 0: unlimited' }),
  tenantTokensPerMinute: field.int({
    min: 0,
    default: 0,
    description: 'Tokens one tenant may use per minute: prompt tokens plus max completion tokens reserved at admission, the unused part given back when the request ends. 0: unlimited',
  }),
  tenantMaxConcurrent: field.int({ min: 0, default: 0, description: 'Requests of one tenant in flight at once; beyond it, 429. 0: unlimited' }),
  tenantLimitsFile: field.string({ optional: true, description: 'JSON file of per-tenant limits over the defaults: {"tenants": {"acme": {"requestsPerMinute": 600, "tokensPerMinute": 200000, "maxConcurrent": 8}}}' }),
  redisUrl: field.string({
    optional: true,
    pattern: /^rediss?:\/\/\S+$/,
    description: 'redis://host:port/db where conductor replicas share tenant limits and prompt-cache quota accounts (atomic Lua scripts) and which instance each session\'s turns go to; absent: each conductor counts and keeps sessions alone. Unreachable: requests are served unchecked and counted, take no prompt-cache lease, sessions kept per conductor',
  }),
  redisPrefix: field.string({ default: 'tsukimi:rl:', pattern: /^[A-Za-z0-9{}:._/-]{1,64}$/, description: 'Prefix of every Redis key the conductor writes' }),
};

interface TenantLimitSettings {
  readonly tenantRequestsPerMinute: number;
  readonly tenantTokensPerMinute: number;
  readonly tenantMaxConcurrent: number;
  readonly tenantLimitsFile?: string | undefined;
}

/** The defaults from the flags, and the limits file over them; the error names the option and the key. */
export function tenantLimitTable(config: TenantLimitSettings): Result<TenantLimitTable, string> {
  const defaults = { requestsPerMinute: config.tenantRequestsPerMinute, tokensPerMinute: config.tenantTokensPerMinute, maxConcurrent: config.tenantMaxConcurrent };
  if (config.tenantLimitsFile === undefined) return ok(new TenantLimitTable(defaults));
  const read = readTenantLimitsFile(config.tenantLimitsFile, defaults);
  return read.ok ? read : err(`tenantLimitsFile: ${read.error}`);
}
