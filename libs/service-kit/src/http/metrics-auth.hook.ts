import { type FastifyInstance } from 'fastify';
import { SERVICE_TOKEN_HEADER, tokenOfBearer, type ServiceTokens } from '../auth/service-token.port';

const UNAUTHORIZED_BODY = {
  error: { message: 'GET /metrics needs Authorization: Bearer <service token>', type: 'invalid_request_error', param: null, code: 'invalid_service_token' },
};

/**
 * Answers 401 to a scrape of `/metrics` without one of `tokens` as a bearer credential. Only the
 * metrics are guarded: `/healthz` and `/readyz` stay open for the kubelet's probes, and the API's
 * own routes have their own keys.
 */
export function guardMetrics(fastify: FastifyInstance, tokens: Pick<ServiceTokens, 'accepts'>, onRefused: () => void): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url !== '/metrics' && !request.url.startsWith('/metrics?')) return;
    const presented = tokenOfBearer(request.headers[SERVICE_TOKEN_HEADER]);
    if (presented !== undefined && tokens.accepts(presented)) return;
    onRefused();
    await reply.code(401).header('www-authenticate', 'Bearer').send(UNAUTHORIZED_BODY);
  });
}
