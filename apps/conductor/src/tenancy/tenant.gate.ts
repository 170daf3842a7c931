import { type IncomingMessage } from 'node:http';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type ApiKeyAuthenticator, type AuthFailure, type Tenancy, trustedHeaderTenancy } from '@tsukimi/conductor';
import { ok, type Result } from '@tsukimi/result';
import { invalidApiKey } from '@tsukimi/openai';
import { answersAsAnthropic, anthropicAuthError } from '../http/anthropic-errors';
import { sendApiError } from '../http/openai-errors';

/** Probes and Prometheus reach these without a key; every other path needs one. */
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
/** The index API decides its own access: the service token (the whole index) or an API key (the tenant's prompts). */
const SELF_GUARDED_PREFIX = '/index/';

/**
 * Decides each request's tenant at the HTTP edge. With API keys, a hook run before routing
 * answers 401 to any request but the open ones that lacks a known Bearer key or `x-api-key`
 * (unknown paths included, as OpenAI does; in Anthropic's shape on its path), and remembers the key's tenancy for the route. Without keys the
 * tenant header is trusted.
 */
export class TenantGate {
  private readonly decided = new WeakMap<IncomingMessage, Tenancy>();

  constructor(
    private readonly authenticator: ApiKeyAuthenticator | undefined,
    private readonly tenantHeader: string,
  ) {}

  register(fastify: FastifyInstance): void {
    const authenticator = this.authenticator;
    if (!authenticator) return;
    fastify.addHook('onRequest', async (request, reply) => {
      const path = pathOf(request.url);
      if (OPEN_PATHS.has(path) || path.startsWith(SELF_GUARDED_PREFIX)) return;
      const apiKey = request.headers['x-api-key'];
      const outcome = authenticator.authenticate(request.headers.authorization, typeof apiKey === 'string' ? apiKey : undefined);
      if (outcome.ok) {
        this.decided.set(request.raw, outcome.value);
        return;
      }
      sendApiError(reply, answersAsAnthropic(request.url) ? anthropicAuthError(outcome.error) : invalidApiKey(outcome.error));
      return reply;
    });
  }

  /** Whether API keys are configured (else the tenant header is trusted). */
  get keyed(): boolean {
    return this.authenticator !== undefined;
  }

  /** The tenancy its headers give a request on a route that guards itself: its API key's, or the trusted header's without keys. */
  tenancyOfHeaders(headers: FastifyRequest['headers']): Result<Tenancy, AuthFailure> {
    if (!this.authenticator) {
      const value = headers[this.tenantHeader.toLowerCase()];
      return ok(trustedHeaderTenancy(typeof value === 'string' ? value : undefined));
    }
    const apiKey = headers['x-api-key'];
    return this.authenticator.authenticate(headers.authorization, typeof apiKey === 'string' ? apiKey : undefined);
  }

  /** The tenancy of a request on an authenticated route; a request that got past the hook always has one. */
  tenancyOf(request: FastifyRequest): Tenancy {
    if (!this.authenticator) {
      const value = request.headers[this.tenantHeader.toLowerCase()];
      return trustedHeaderTenancy(typeof value === 'string' ? value : undefined);
    }
    const tenancy = this.decided.get(request.raw);
    if (!tenancy) throw new Error('a request reached an OpenAI route without passing the API key hook');
    return tenancy;
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
