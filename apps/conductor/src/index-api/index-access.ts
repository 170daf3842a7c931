import { type FastifyRequest } from 'fastify';
import { type Tenancy } from '@tsukimi/conductor';
import { type ApiError, invalidApiKey } from '@tsukimi/openai';
import { err, ok, type Result } from '@tsukimi/result';
import { type ServiceTokens } from '@tsukimi/service-kit';
import { type TenantGate } from '../tenancy/tenant.gate';

/** Who asks the index API: a service holding the token (the whole index), or a tenant (its own prompts). */
export type IndexAccess = { readonly kind: 'cluster' } | { readonly kind: 'tenant'; readonly tenancy: Tenancy };

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Decides a call's access: a bearer service token is the cluster-wide view; otherwise the API key
 * (or, without keys, the trusted tenant header) gives its tenant's view. With neither service
 * tokens nor API keys configured, everything is open, as the rest of such a conductor is.
 */
export function indexAccess(request: FastifyRequest, tokens: Pick<ServiceTokens, 'accepts'> | undefined, tenants: TenantGate): Result<IndexAccess, ApiError> {
  const authorization = request.headers.authorization;
  const presented = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (tokens !== undefined && presented !== undefined && tokens.accepts(presented)) return ok({ kind: 'cluster' });
  if (tokens === undefined && !tenants.keyed) return ok({ kind: 'cluster' });
  const tenancy = tenants.tenancyOfHeaders(request.headers);
  if (!tenancy.ok) return err(withIndexHint(invalidApiKey(tenancy.error)));
  return ok({ kind: 'tenant', tenancy: tenancy.value });
}

/** 403: a tenant's key asked for the whole index, which only the service token may read. */
export function clusterViewOnly(what: string): ApiError {
  const message = `${what} reads the whole index: send the service token (Authorization: Bearer <service token>); an API key looks up its own prompts only.`;
  return { status: 403, body: { error: { message, type: 'invalid_request_error', param: null, code: 'permission_denied' } }, headers: {} };
}

function withIndexHint(error: ApiError): ApiError {
  const message = `${error.body.error.message} The index API takes an API key or the service token.`;
  return { ...error, body: { error: { ...error.body.error, message } }, headers: { ...error.headers, 'www-authenticate': 'Bearer' } };
}
