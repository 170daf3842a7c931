import { err, isJsonObject, ok, type Result } from '@tsukimi/result';
import { type ApiKeyEntry, type ApiKeysError } from './api-key.entry';

/**
 * A prefix the members of a group share, as the operator wrote it: `text` as a completion prompt
 * begins (the model's tokenizer, BOS where it adds one), `system` as a chat conversation begins
 * with that system message (the model's chat template), or `tokens` exactly.
 */
export type SharedPrefixSpec = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'system'; readonly text: string } | { readonly kind: 'tokens'; readonly tokens: readonly number[] };

/** Tenants whose prompts' declared shared prefixes are keyed under one salt; everything after them under each tenant's own. */
export interface TenantGroup {
  readonly name: string;
  readonly tenants: readonly string[];
  readonly sharedPrefixes: readonly SharedPrefixSpec[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;
const GROUP_FIELDS = new Set(['name', 'tenants', 'sharedPrefixes']);
const PREFIX_FIELDS = ['text', 'system', 'tokens'] as const;
/** A prefix longer than any context is a typo, and every request would compare against it. */
const MAX_PREFIX_TOKENS = 1_048_576;

/**
 * Checks the keys file's `tenantGroups` list: each group named once, its tenants ones the keys
 * name and in no other group (so a prompt's shared prefix has one owner), and at least one prefix.
 * A tenant whose keys name a sharing `group` shares its whole cache already and may not join one.
 */
export function parseTenantGroups(value: unknown, entries: readonly ApiKeyEntry[]): Result<readonly TenantGroup[], ApiKeysError> {
  if (value === undefined) return ok([]);
  if (!Array.isArray(value)) return fail('tenantGroups', 'must be a list of {name, tenants, sharedPrefixes}');
  const known = new Map(entries.map((e) => [e.tenant, e.group]));
  const memberOf = new Map<string, string>();
  const groups: TenantGroup[] = [];
  for (const [i, item] of value.entries()) {
    const at = `tenantGroups[${i}]`;
    if (!isJsonObject(item)) return fail(at, 'must be an object with name, tenants and sharedPrefixes');
    const unknown = Object.keys(item).find((k) => !GROUP_FIELDS.has(k));
    if (unknown !== undefined) return fail(`${at}.${unknown}`, 'unknown field (expected name, tenants, sharedPrefixes)');
    const { name, tenants, sharedPrefixes } = item;
    if (typeof name !== 'string' || !NAME.test(name)) return fail(`${at}.name`, `must be 1 to 128 characters of ${NAME.source}`);
    if (groups.some((g) => g.name === name)) return fail(`${at}.name`, `group "${name}" is declared twice`);
    if (!Array.isArray(tenants) || tenants.length === 0) return fail(`${at}.tenants`, 'must be a non-empty list of tenants the keys name');
    for (const [j, tenant] of tenants.entries()) {
      const where = `${at}.tenants[${j}]`;
      if (typeof tenant !== 'string' || !known.has(tenant)) return fail(where, `${JSON.stringify(tenant)} is not a tenant any key names`);
      if (known.get(tenant) !== undefined) return fail(where, `tenant "${tenant}" shares its whole cache through its keys' group "${known.get(tenant)}"; drop that group to share only prefixes`);
      const other = memberOf.get(tenant);
      if (other !== undefined) return fail(where, `tenant "${tenant}" is already a member of group "${other}"`);
      memberOf.set(tenant, name);
    }
    if (!Array.isArray(sharedPrefixes) || sharedPrefixes.length === 0) return fail(`${at}.sharedPrefixes`, 'must be a non-empty list of {text}, {system} or {tokens}');
    const prefixes: SharedPrefixSpec[] = [];
    for (const [j, prefix] of sharedPrefixes.entries()) {
      const parsed = parsePrefix(prefix, `${at}.sharedPrefixes[${j}]`);
      if (!parsed.ok) return parsed;
      prefixes.push(parsed.value);
    }
    groups.push({ name, tenants: [...(tenants as string[])], sharedPrefixes: prefixes });
  }
  return ok(groups);
}

function parsePrefix(value: unknown, at: string): Result<SharedPrefixSpec, ApiKeysError> {
  if (!isJsonObject(value)) return fail(at, 'must be an object with one of text, system, tokens');
  const fields = Object.keys(value);
  const unknown = fields.find((k) => !(PREFIX_FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) return fail(`${at}.${unknown}`, 'unknown field (expected one of text, system, tokens)');
  if (fields.length !== 1) return fail(at, 'must have exactly one of text, system, tokens');
  const { text, system, tokens } = value;
  if (tokens !== undefined) {
    const valid = Array.isArray(tokens) && tokens.length > 0 && tokens.length <= MAX_PREFIX_TOKENS && tokens.every((t) => typeof t === 'number' && t >>> 0 === t);
    return valid ? ok({ kind: 'tokens', tokens: [...(tokens as number[])] }) : fail(`${at}.tokens`, `must be a list of 1 to ${MAX_PREFIX_TOKENS} token ids (u32 integers)`);
  }
  const kind = text !== undefined ? 'text' : 'system';
  const given = text ?? system;
  if (typeof given !== 'string' || given.length === 0) return fail(`${at}.${kind}`, 'must be a non-empty string');
  return ok({ kind, text: given });
}

function fail(path: string, message: string): Result<never, ApiKeysError> {
  return err({ path, message });
}
