import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type ApiError, internal, invalidJson, invalidRequest, routeNotFound } from '@tsukimi/openai';

interface HttpReply {
  code(status: number): HttpReply;
  headers(values: Readonly<Record<string, string>>): HttpReply;
  send(body: unknown): void;
}

export interface FastifyLikeError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly name?: string;
  readonly message: string;
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) in OpenAI's error format. */
export function fastifyErrorToApi(error: FastifyLikeError): ApiError {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.name === 'SyntaxError') return invalidJson();
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return { ...invalidRequest(error.message, null), status };
  return internal();
}

/** Sends an error in OpenAI's shape, or any other error body with its status and headers. */
export function sendApiError(reply: HttpReply, error: Pick<ApiError, 'status' | 'headers'> & { readonly body: unknown }): void {
  reply.code(error.status).headers(error.headers).send(error.body);
}

/**
 * Every error a request meets becomes OpenAI-style JSON, never Nest's or Fastify's own shape:
 * Nest hands Fastify's errors (a body that is not JSON, too large, a wrong content type) to the
 * global filters as HTTP exceptions, and anything a route throws is a 500.
 */
@Catch()
export class OpenAiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<HttpReply>();
    const request = http.getRequest<{ method: string; url: string }>();
    const error = exception as { getStatus?: () => number; message?: string };
    const status = typeof error.getStatus === 'function' ? error.getStatus() : 500;
    if (status === 404) return sendApiError(reply, routeNotFound(request.method, request.url));
    if (status === 400 && /JSON/.test(error.message ?? '')) return sendApiError(reply, invalidJson());
    if (status >= 400 && status < 500) return sendApiError(reply, fastifyErrorToApi({ statusCode: status, message: error.message ?? 'bad request' }));
    sendApiError(reply, internal());
  }
}
