import { createHmac } from 'node:crypto';

/** Bytes of secret a generated one has, and the least a given one must have. */
export const CACHE_SALT_SECRET_MIN_BYTES = 32;

/**
 * A tenant's block-key salt: HMAC-SHA256(secret, label) in hex, the label being `group:<group>`
 * for a sharing group and `tenant:<tenant>` otherwise, so a tenant never lands in a group's
 * namespace by being named like it. Without the secret, nobody can compute another tenant's
 * block keys from its name, nor recognise them in the pool.
 */
export function cacheSalt(secret: Buffer, sharing: { readonly tenant: string; readonly group?: string }): string {
  const label = sharing.group === undefined ? `tenant:${sharing.tenant}` : `group:${sharing.group}`;
  return createHmac('sha256', secret).update(label, 'utf8').digest('hex');
}

/**
 * The salt a tenant group's declared shared prefixes are keyed under, labelled `shared-prefix:<group>`:
 * apart from every tenant's salt, and from the salt of a `group` sharing whole caches under the same name.
 */
export function sharedPrefixSalt(secret: Buffer, group: string): string {
  return createHmac('sha256', secret).update(`shared-prefix:${group}`, 'utf8').digest('hex');
}
