/**
 * The session a request names, within its tenant. Session ids come from a client's header, so two
 * tenants naming the same id hold two sessions: neither can steer its turns onto the instance the
 * other's session sticks to, nor move the other's session. The tenant's length leads, so that no
 * pair of tenant and id spells another pair's.
 */
export function tenantSessionId(tenant: string, sessionId: string): string {
  return `${tenant.length}:${tenant}:${sessionId}`;
}
