import { type SharedPrefixSpec } from './tenant-group';

/** A tenant group's shared prefixes and the salt their blocks are keyed under, as one member sees them. */
export interface PrefixSharing {
  readonly group: string;
  /** Never logged, never sent back: knowing it, anyone could compute the group's block keys. */
  readonly groupSalt: string;
  readonly prefixes: readonly SharedPrefixSpec[];
}

/** Who a request is for, as the conductor decided it before running it. */
export interface Tenancy {
  /** The tenant's id: the name its fair share and its rate limits are counted under. */
  readonly tenant: string;
  /** The namespace of its block keys: tenants with different salts never reuse each other's KV blocks. */
  readonly tenantSalt: string;
  /** Whether responses may say which instances served the request and where its KV came from. */
  readonly seeRouting: boolean;
  /** The group whose declared shared prefixes the tenant's prompts may begin with; absent, every block is the tenant's own. */
  readonly sharing?: PrefixSharing;
}

/** Why a request was refused before anything else was looked at. */
export type AuthFailure = 'missing-key' | 'unknown-key';

/**
 * Unauthenticated mode (no keys configured): the client names its tenant in a header and is
 * trusted to. The name is the salt too, as before keys existed: no secret stands between
 * tenants, so this isolates only clients that do not lie about who they are.
 */
export function trustedHeaderTenancy(tenant: string | undefined): Tenancy {
  return { tenant: tenant ?? '', tenantSalt: tenant ?? '', seeRouting: true };
}
