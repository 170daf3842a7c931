import { isIP } from 'node:net';

/** Hosts that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Why the conductor must not start as configured, or undefined: without API keys anyone who
 * reaches it can name any tenant, which is only acceptable on loopback or when said explicitly.
 */
export function exposureProblem(c: { readonly host: string; readonly apiKeysFile?: string; readonly insecureNoAuth: boolean; readonly tenantHeader: string }): string | undefined {
  if (c.apiKeysFile !== undefined || c.insecureNoAuth || isLoopbackHost(c.host)) return undefined;
  return `refusing to listen on ${c.host} without API keys: give --api-keys-file, or --insecure-no-auth to accept every request and trust its ${c.tenantHeader} header`;
}
