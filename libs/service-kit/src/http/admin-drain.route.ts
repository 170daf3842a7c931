import { type FastifyInstance } from 'fastify';
import { SERVICE_TOKEN_HEADER, tokenOfBearer, type ServiceTokens } from '../auth/service-token.port';
import { type DrainReport } from '../bootstrap/bootstrap.options';

/** Where an operator, `tsukimi drain` or the planner asks a service to drain. */
export const ADMIN_DRAIN_PATH = '/admin/drain';

/** What a drain call ended in, the `outcome` of `tsukimi_service_drain_calls_total`. */
export type DrainCallOutcome = 'drained' | 'timed_out' | 'failed' | 'unauthorized';

export interface AdminDrainDeps {
  /** Runs the drain once; later calls get the same report. */
  readonly drain: (reason: string) => Promise<DrainReport>;
  /** Absent: the service runs without service tokens and the route is open, as its gRPC services are. */
  readonly tokens: Pick<ServiceTokens, 'accepts'> | undefined;
  readonly counted: (outcome: DrainCallOutcome) => void;
}

/**
 * `POST /admin/drain`: the service does what SIGTERM does short of exiting (readiness false, no
 * new work, in-flight work finished, its blocks handed over) and answers 200 with the drain's
 * report once it has; a repeated call answers the same report. Needs the service token as a bearer
 * credential when tokens are configured (401 otherwise); errors are OpenAI-style JSON.
 */
export function registerAdminDrain(fastify: FastifyInstance, deps: AdminDrainDeps): void {
  fastify.post(ADMIN_DRAIN_PATH, async (request, reply) => {
    const presented = tokenOfBearer(request.headers[SERVICE_TOKEN_HEADER]);
    if (deps.tokens !== undefined && (presented === undefined || !deps.tokens.accepts(presented))) {
      deps.counted('unauthorized');
      return reply.code(401).header('www-authenticate', 'Bearer').send(errorBody(`POST ${ADMIN_DRAIN_PATH} needs Authorization: Bearer <service token>`, 'invalid_request_error', 'invalid_service_token'));
    }
    try {
      const report = await deps.drain('admin');
      deps.counted(report.timedOut ? 'timed_out' : 'drained');
      return reply.send({ object: 'drain', ...report });
    } catch (error) {
      deps.counted('failed');
      return reply.code(500).send(errorBody(`the drain failed: ${error instanceof Error ? error.message : String(error)}`, 'server_error', 'drain_failed'));
    }
  });
}

function errorBody(message: string, type: string, code: string) {
  return { error: { message, type, param: null, code } };
}
