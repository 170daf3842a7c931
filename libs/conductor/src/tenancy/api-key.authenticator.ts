import { createHash, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@tsukimi/result';
import { type ApiKeyEntry } from './api-key.entry';
import { cacheSalt } from './cache-salt';
import { type AuthFailure, type Tenancy } from './tenancy.model';

interface KnownKey {
  readonly hash: Buffer;
  readonly tenancy: Tenancy;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Decides a request's tenant from its `Authorization: Bearer <key>` header. The key is hashed
 * and compared with every stored hash in constant time, the loop never stopping early, so the
 * time taken says nothing about which stored hash came close. Salts are derived once, here.
 */
export class ApiKeyAuthenticator {
  private readonly keys: readonly KnownKey[];

  constructor(entries: readonly ApiKeyEntry[], cacheSaltSecret: Buffer) {
    this.keys = entries.map((e) => ({
      hash: Buffer.from(e.hash, 'hex'),
      tenancy: { tenant: e.tenant, tenantSalt: cacheSalt(cacheSaltSecret, e), seeRouting: e.seeRouting },
    }));
  }

  authenticate(authorization: string | undefined): Result<Tenancy, AuthFailure> {
    const key = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (key === undefined) return err('missing-key');
    const presented = createHash('sha256').update(key, 'utf8').digest();
    let found: Tenancy | undefined;
    for (const known of this.keys) {
      if (timingSafeEqual(known.hash, presented)) found = known.tenancy;
    }
    return found === undefined ? err('unknown-key') : ok(found);
  }
}
