/**
 * A salt in two scopes: the whole blocks of a prompt's first `sharedTokens` tokens are keyed
 * under `groupSalt`, every later block under `tenantSalt`. An operator declares the shared
 * prefix (a tenant group's common system prompt); the conductor decides, per prompt, how many
 * of its tokens match it. A partial block at the boundary is the tenant's.
 */
export interface SaltScopes {
  readonly groupSalt: string;
  readonly sharedTokens: number;
  readonly tenantSalt: string;
}

/**
 * Scoped salts travel where a plain tenant salt does (the `tenant_salt` field of every call, the
 * engines' hashers by salt), spelled so that no salt the conductor makes otherwise can read as
 * one: API-key salts are hex, and a header-named tenant cannot carry a control character.
 */
const MARK = '\u0001scoped-salt-v1\u0001';
const FIELDS = /^(\d{1,10})\u0001(\d{1,10})\u0001/;

/** The salt to send for a prompt; with no shared tokens it is the tenant's own, so the keys are exactly the tenant's. */
export function scopedSalt(scopes: SaltScopes): string {
  const { groupSalt, sharedTokens, tenantSalt } = scopes;
  if (!Number.isInteger(sharedTokens) || sharedTokens < 0 || sharedTokens > 0xffff_ffff) throw new RangeError(`sharedTokens must be a u32, got ${sharedTokens}`);
  if (sharedTokens === 0) return tenantSalt;
  return `${MARK}${sharedTokens}\u0001${groupSalt.length}\u0001${groupSalt}${tenantSalt}`;
}

/** The scopes a salt made by `scopedSalt` names; undefined for a plain salt. */
export function parseScopedSalt(salt: string): SaltScopes | undefined {
  if (!salt.startsWith(MARK)) return undefined;
  const rest = salt.slice(MARK.length);
  const fields = FIELDS.exec(rest);
  if (!fields) return undefined;
  const sharedTokens = Number(fields[1]);
  const groupLength = Number(fields[2]);
  const body = rest.slice(fields[0].length);
  if (groupLength > body.length) return undefined;
  return { groupSalt: body.slice(0, groupLength), sharedTokens, tenantSalt: body.slice(groupLength) };
}
