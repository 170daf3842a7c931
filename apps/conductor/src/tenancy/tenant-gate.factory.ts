import { randomBytes } from 'node:crypto';
import { ApiKeyAuthenticator, CACHE_SALT_SECRET_MIN_BYTES } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';
import { readApiKeys } from './api-keys.file';
import { readCacheSaltSecret } from './cache-salt-secret.file';
import { TenantGate } from './tenant.gate';

export interface TenantGateSettings {
  readonly apiKeysFile?: string;
  readonly cacheSaltSecretFile?: string;
  readonly tenantHeader: string;
}

/**
 * The gate the configuration asks for: keys and the salt secret read from their files, or the
 * trusted tenant header when no keys are given. `onGeneratedSecret` hears that keys are
 * configured but the salt secret was made up for this process alone.
 */
export function buildTenantGate(settings: TenantGateSettings, onGeneratedSecret: () => void): Result<TenantGate, string> {
  if (settings.apiKeysFile === undefined) return ok(new TenantGate(undefined, settings.tenantHeader));
  const keys = readApiKeys(settings.apiKeysFile);
  if (!keys.ok) return keys;
  let secret: Buffer;
  if (settings.cacheSaltSecretFile === undefined) {
    secret = randomBytes(CACHE_SALT_SECRET_MIN_BYTES);
    onGeneratedSecret();
  } else {
    const read = readCacheSaltSecret(settings.cacheSaltSecretFile);
    if (!read.ok) return err(read.error);
    secret = read.value;
  }
  return ok(new TenantGate(new ApiKeyAuthenticator(keys.value.keys, secret, keys.value.tenantGroups), settings.tenantHeader));
}
