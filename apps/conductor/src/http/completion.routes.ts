import { type ServerResponse } from 'node:http';
import { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { asAnthropicError, type Endpoint } from '@tsukimi/conductor';
import { type ApiError, internal } from '@tsukimi/openai';
import { TRACEPARENT } from '@tsukimi/tracing';
import { type ConductorConfig } from '../conductor.config';
import { type TenantGate } from '../tenancy/tenant.gate';
import { type CompletionService, type RequestHeaders } from './completion.service';
import { MESSAGES_PATH } from './anthropic-errors';
import { fastifyErrorToApi, sendApiError } from './openai-errors';

const ROUTES: readonly (readonly [string, Endpoint])[] = [
  ['/v1/completions', 'completions'],
  ['/v1/chat/completions', 'chat'],
  [MESSAGES_PATH, 'messages'],
];

/**
 * The completion endpoints (OpenAI's two and Anthropic's Messages) as plain Fastify routes: every
 * request on them runs the whole request path, and Nest's router, guards, pipes and interceptors
 * around each one cost CPU that buys nothing here. Fastify still parses and limits the body; its
 * errors (a body that is not JSON, too large, a wrong content type) answer in the endpoint's
 * error format.
 */
export function registerCompletionRoutes(fastify: FastifyInstance, completions: CompletionService, config: ConductorConfig, tenants: TenantGate): void {
  const headersOf = (request: FastifyRequest): RequestHeaders => ({
    ...tenants.tenancyOf(request),
    priority: header(request, config.priorityHeader),
    sessionId: header(request, config.sessionHeader),
    traceparent: header(request, TRACEPARENT),
  });
  for (const [url, endpoint] of ROUTES) {
    const shaped = (error: ApiError) => (endpoint === 'messages' ? asAnthropicError(error) : error);
    fastify.route({
      method: 'POST',
      url,
      errorHandler: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => sendApiError(reply, shaped(fastifyErrorToApi(error))),
      handler: async (request, reply) => {
        // The service writes the response itself, headers and events as they come.
        reply.hijack();
        try {
          await completions.handle(endpoint, request.body, headersOf(request), reply.raw);
        } catch {
          // A bug on the request path: the client gets a 500 in the endpoint's format (or the stream ends), never a hang.
          answerInternalError(reply.raw, shaped(internal()));
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

function answerInternalError(raw: ServerResponse, { status, body }: { status: number; body: unknown }): void {
  if (!raw.headersSent) {
    raw.writeHead(status, { 'content-type': 'application/json' });
    raw.end(JSON.stringify(body));
  } else if (!raw.writableEnded) raw.end();
}
