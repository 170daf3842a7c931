import { type ServerResponse } from 'node:http';
import { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Endpoint } from '@tsukimi/conductor';
import { internal } from '@tsukimi/openai';
import { type ConductorConfig } from '../conductor.config';
import { type TenantGate } from '../tenancy/tenant.gate';
import { type CompletionService, type RequestHeaders } from './completion.service';
import { fastifyErrorToApi, sendApiError } from './openai-errors';

const ROUTES: readonly (readonly [string, Endpoint])[] = [
  ['/v1/completions', 'completions'],
  ['/v1/chat/completions', 'chat'],
];

/**
 * The two completion endpoints as plain Fastify routes: every request on them runs the whole
 * request path, and Nest's router, guards, pipes and interceptors around each one cost CPU that
 * buys nothing here. Fastify still parses and limits the body; its errors (a body that is not
 * JSON, too large, a wrong content type) answer in OpenAI's error format as on every other route.
 */
export function registerCompletionRoutes(fastify: FastifyInstance, completions: CompletionService, config: ConductorConfig, tenants: TenantGate): void {
  const headersOf = (request: FastifyRequest): RequestHeaders => ({
    ...tenants.tenancyOf(request),
    priority: header(request, config.priorityHeader),
    sessionId: header(request, config.sessionHeader),
  });
  for (const [url, endpoint] of ROUTES) {
    fastify.route({
      method: 'POST',
      url,
      errorHandler: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => sendApiError(reply, fastifyErrorToApi(error)),
      handler: async (request, reply) => {
        // The service writes the response itself, headers and events as they come.
        reply.hijack();
        try {
          await completions.handle(endpoint, request.body, headersOf(request), reply.raw);
        } catch {
          // A bug on the request path: the client gets a 500 in OpenAI's format (or the stream ends), never a hang.
          answerInternalError(reply.raw);
        }
      },
    });
  }
}

/** A header's value; Fastify names headers in lower case, and a repeated one counts as absent. */
function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

function answerInternalError(raw: ServerResponse): void {
  if (!raw.headersSent) {
    const { status, body } = internal();
    raw.writeHead(status, { 'content-type': 'application/json' });
    raw.end(JSON.stringify(body));
  } else if (!raw.writableEnded) raw.end();
}
