import * as fs from 'node:fs';
import { err, isJsonObject, ok, type Result } from '@tsukimi/result';
import { type TenantLimits, TenantLimitTable } from './tenant-limits.model';

const FIELDS: readonly (keyof TenantLimits)[] = ['requestsPerMinute', 'tokensPerMinute', 'maxConcurrent'];

/**
 * Per-tenant limits over the defaults: `{"tenants": {"acme": {"requestsPerMinute": 600,
 * "tokensPerMinute": 200000, "maxConcurrent": 8}}}`. A field left out keeps the default; 0 is
 * unlimited. The error names the key at fault.
 */
export function parseTenantLimits(value: unknown, defaults: TenantLimits): Result<TenantLimitTable, string> {
  if (!isJsonObject(value)) return err('must be a JSON object with a "tenants" object');
  for (const key of Object.keys(value)) if (key !== 'tenants') return err(`${key}: unknown key (expected "tenants")`);
  const tenants = value['tenants'] ?? {};
  if (!isJsonObject(tenants)) return err('tenants: must be an object of tenant ids');
  const overrides = new Map<string, TenantLimits>();
  for (const [tenant, given] of Object.entries(tenants)) {
    const at = `tenants.${tenant}`;
    if (tenant === '') return err(`${at}: a tenant id must not be empty`);
    if (!isJsonObject(given)) return err(`${at}: must be an object of limits`);
    const limits: Record<string, number> = { ...defaults };
    for (const [key, limit] of Object.entries(given)) {
      if (!(FIELDS as readonly string[]).includes(key)) return err(`${at}.${key}: unknown key (expected one of ${FIELDS.join(', ')})`);
      if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) return err(`${at}.${key}: must be a whole number, 0 or more (0: unlimited); got ${JSON.stringify(limit)}`);
      limits[key] = limit;
    }
    overrides.set(tenant, limits as unknown as TenantLimits);
  }
  return ok(new TenantLimitTable(defaults, overrides));
}

/** The tenant limits file read and checked whole; the error is one line naming the file and the key. */
export function readTenantLimitsFile(path: string, defaults: TenantLimits): Result<TenantLimitTable, string> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    return err(`cannot read ${path}: ${error instanceof SyntaxError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
  const parsed = parseTenantLimits(value, defaults);
  return parsed.ok ? parsed : err(`${path}: ${parsed.error}`);
}
