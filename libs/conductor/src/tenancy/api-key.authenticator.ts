import { createHash, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@tsukimi/result';
import { type ApiKeyEntry } from './api-key.entry';
import { cacheSalt, sharedPrefixSalt } from './cache-salt';
import { type AuthFailure, type PrefixSharing, type Tenancy } from './tenancy.model';
import { type TenantGroup } from './tenant-group';

interface KnownKey {
  readonly hash: Buffer;
  readonly tenancy: Tenancy;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Decides a request's tenant from its `Authorization: Bearer <key>` header, or from the
 * `x-api-key` header that Anthropic's clients send instead. The presented key is
 * hashed and its hash found among the stored ones by value, then compared with the stored hash in
 * constant time. Finding it by value costs the same for 10 keys as for 10,000 (a scan of every
 * stored hash took 0.5 ms a request at 1,000 keys); what its timing could tell is only something
 * of the SHA-256 of a key the caller chose, which the caller cannot steer towards a stored hash.
 * Salts are derived once, here.
 */
export class ApiKeyAuthenticator {
  private readonly keys = new Map<string, KnownKey>();

  constructor(entries: readonly ApiKeyEntry[], cacheSaltSecret: Buffer, groups: readonly TenantGroup[] = []) {
    const sharingOf = new Map<string, PrefixSharing>();
    for (const g of groups) {
      const sharing = { group: g.name, groupSalt: sharedPrefixSalt(cacheSaltSecret, g.name), prefixes: g.sharedPrefixes };
      for (const tenant of g.tenants) sharingOf.set(tenant, sharing);
    }
    for (const e of entries) {
      const sharing = sharingOf.get(e.tenant);
      const tenancy: Tenancy = { tenant: e.tenant, tenantSalt: cacheSalt(cacheSaltSecret, e), seeRouting: e.seeRouting, ...(sharing ? { sharing } : {}) };
      this.keys.set(e.hash, { hash: Buffer.from(e.hash, 'hex'), tenancy });
    }
  }

  /** `apiKey` is the `x-api-key` header, read only when there is no `Authorization` header. */
  authenticate(authorization: string | undefined, apiKey?: string): Result<Tenancy, AuthFailure> {
    const key = authorization === undefined ? apiKey || undefined : BEARER.exec(authorization)?.[1];
    if (key === undefined) return err('missing-key');
    const presented = createHash('sha256').update(key, 'utf8').digest();
    const known = this.keys.get(presented.toString('hex'));
    return known !== undefined && timingSafeEqual(known.hash, presented) ? ok(known.tenancy) : err('unknown-key');
  }
}
