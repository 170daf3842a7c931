import { err, isJsonObject, ok, type Result } from '@tsukimi/result';

/** One key the conductor accepts, as stored: never the key itself. */
export interface ApiKeyEntry {
  /** SHA-256 of the key, 64 lowercase hex digits (`hashApiKey`). */
  readonly hash: string;
  readonly tenant: string;
  /** Tenants naming the same group share one cache salt, so they reuse each other's KV blocks. */
  readonly group?: string;
  /** The key may see which instances served it and where its KV came from (response headers, `usage.tsukimi`). */
  readonly seeRouting: boolean;
}

/** A value in the file that is not a valid entry list: where (`keys[2].hash`) and why. */
export interface ApiKeysError {
  readonly path: string;
  readonly message: string;
}

const HASH = /^[0-9a-f]{64}$/;
/** Tenant and group names end up in metric labels and logs: printable, no spaces, bounded. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;
const FIELDS = new Set(['hash', 'tenant', 'group', 'seeRouting']);

/**
 * Checks a parsed keys file's keys, `{ keys: [{ hash, tenant, group?, seeRouting? }, ...] }` (its
 * `tenantGroups` are `parseTenantGroups`'s). Every key of
 * one tenant must name the same group (or none), so that a tenant's cache does not depend on
 * which of its keys it sent; and no hash may appear twice.
 */
export function parseApiKeyEntries(value: unknown): Result<readonly ApiKeyEntry[], ApiKeysError> {
  if (!isJsonObject(value)) return fail('', 'must be an object with a "keys" list');
  const extra = Object.keys(value).filter((k) => k !== 'keys' && k !== 'tenantGroups');
  if (extra.length > 0) return fail(extra[0]!, 'unknown field (expected "keys" and optionally "tenantGroups")');
  const list = value['keys'];
  if (!Array.isArray(list) || list.length === 0) return fail('keys', 'must be a non-empty list of entries');
  const entries: ApiKeyEntry[] = [];
  const hashes = new Map<string, number>();
  const groups = new Map<string, { group: string | undefined; at: number }>();
  for (const [i, item] of list.entries()) {
    const at = `keys[${i}]`;
    const entry = parseEntry(item, at);
    if (!entry.ok) return entry;
    const { hash, tenant, group } = entry.value;
    const sameHash = hashes.get(hash);
    if (sameHash !== undefined) return fail(`${at}.hash`, `the same hash as keys[${sameHash}]`);
    hashes.set(hash, i);
    const earlier = groups.get(tenant);
    if (earlier && earlier.group !== group) return fail(`${at}.group`, `tenant "${tenant}" names group ${earlier.group ?? '(none)'} at keys[${earlier.at}]; every key of a tenant must name the same group`);
    groups.set(tenant, { group, at: i });
    entries.push(entry.value);
  }
  return ok(entries);
}

function parseEntry(item: unknown, at: string): Result<ApiKeyEntry, ApiKeysError> {
  if (!isJsonObject(item)) return fail(at, 'must be an object with hash and tenant');
  const unknown = Object.keys(item).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) return fail(`${at}.${unknown}`, 'unknown field (expected hash, tenant, group, seeRouting)');
  const { hash, tenant, group, seeRouting } = item;
  if (typeof hash !== 'string' || !HASH.test(hash)) return fail(`${at}.hash`, 'must be 64 lowercase hex digits, the SHA-256 of the key (`tsukimi keys hash <key>`)');
  if (typeof tenant !== 'string' || !NAME.test(tenant)) return fail(`${at}.tenant`, `must be 1 to 128 characters of ${NAME.source}`);
  if (group !== undefined && (typeof group !== 'string' || !NAME.test(group))) return fail(`${at}.group`, `must be 1 to 128 characters of ${NAME.source}`);
  if (seeRouting !== undefined && typeof seeRouting !== 'boolean') return fail(`${at}.seeRouting`, 'must be true or false');
  return ok({ hash, tenant, ...(group === undefined ? {} : { group }), seeRouting: seeRouting ?? false });
}

function fail(path: string, message: string): Result<never, ApiKeysError> {
  return err({ path, message });
}

/** One entry as a line of the keys file's `keys:` list (a YAML flow mapping, which `parseApiKeyEntries` reads back). */
export function formatApiKeyEntry(entry: ApiKeyEntry): string {
  const fields = [`hash: ${entry.hash}`, `tenant: ${JSON.stringify(entry.tenant)}`];
  if (entry.group !== undefined) fields.push(`group: ${JSON.stringify(entry.group)}`);
  if (entry.seeRouting) fields.push('seeRouting: true');
  return `  - {${fields.join(', ')}}`;
}
