import { err, ok, type Result } from '@tsukimi/result';
import { isValidPrefix } from './metadata.keys';
import { DEFAULT_PREFIX } from './redis-metadata.store';

export interface RedisMetadataOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  readonly url: string;
  /** Prefix of every key; `tsukimi:kv:`. Use a hash tag (`{tsukimi:kv}:`) to keep every key in one Redis Cluster slot. */
  readonly prefix?: string;
  /** Index events kept for subscribers catching up; 100 000. */
  readonly eventRetention?: number;
  /** How long the first connection may take; 5 000 ms. */
  readonly connectTimeoutMs?: number;
  /** How long one command may take before it rejects; 5 000 ms. */
  readonly commandTimeoutMs?: number;
}

export type CompiledRedisMetadataOptions = Required<RedisMetadataOptions> & {
  /** The URL with any password masked, for messages and logs. */
  readonly safeUrl: string;
};

export interface InvalidBackendOption {
  readonly kind: 'invalid-option';
  readonly key: string;
  readonly message: string;
}

/** Validates and defaults in one step; the error names the key. */
export function compileRedisMetadataOptions(options: RedisMetadataOptions): Result<CompiledRedisMetadataOptions, InvalidBackendOption> {
  const invalid = (key: keyof RedisMetadataOptions, reason: string) => err({ kind: 'invalid-option' as const, key, message: `redis metadata option ${key} ${reason}` });
  const safeUrl = maskedUrl(options.url);
  if (safeUrl === undefined) return invalid('url', 'must be a redis:// or rediss:// URL');
  const compiled = {
    url: options.url,
    safeUrl,
    prefix: options.prefix ?? DEFAULT_PREFIX,
    eventRetention: options.eventRetention ?? 100_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 5_000,
  };
  if (!isValidPrefix(compiled.prefix)) return invalid('prefix', `must be 1-64 characters of [A-Za-z0-9{}:._/-], got ${JSON.stringify(compiled.prefix)}`);
  for (const key of ['eventRetention', 'connectTimeoutMs', 'commandTimeoutMs'] as const) {
    if (!Number.isSafeInteger(compiled[key]) || compiled[key] < 1) return invalid(key, `must be a positive integer, got ${compiled[key]}`);
  }
  return ok(compiled);
}

/** The URL with its password replaced by `***`; undefined when it is not a Redis URL. */
export function maskedUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return undefined;
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
