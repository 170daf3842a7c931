import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { blockHoldings, type BlockLocator, type FollowableIndex, INDEX_API_VERSION, type IndexLookupV1, parseLookupBody, parseResumeCursor, type ResumeCursor, serveIndexStream } from '@tsukimi/kv-store';
import { bearerTokenOf, type ServiceTokens } from '@tsukimi/service-kit';

/** Between keep-alive comments on an idle stream: well inside the idle timeouts of common proxies (60 s). */
const KEEPALIVE_MS = 15_000;

export interface PoolIndexApiDeps {
  readonly locator: BlockLocator;
  readonly index: FollowableIndex;
  /** Whether this master leads: a standby's metadata may lag, so it answers 503 and the caller asks the leader. */
  readonly leads: () => boolean;
  /** Absent: the pool runs without service tokens and the routes are open, as its gRPC services are. */
  readonly tokens: Pick<ServiceTokens, 'accepts'> | undefined;
}

/**
 * The pool master's index read API, v1, for the cluster-wide view (service token only): where
 * blocks are held by key, per tier and node, from the master's own metadata; and its index event
 * log as server-sent events, resumable from any id the log still holds.
 */
export function registerPoolIndexApi(fastify: FastifyInstance, deps: PoolIndexApiDeps): void {
  fastify.post(`/index/${INDEX_API_VERSION}/lookup`, async (request, reply) => {
    if (!allowed(request, reply, deps)) return;
    const parsed = parseLookupBody(request.body, false);
    if (!parsed.ok || parsed.value.kind !== 'keys') return error(reply, 400, parsed.ok ? 'Give `block_keys`.' : parsed.error.message, 'invalid_request_error', parsed.ok ? 'block_keys' : parsed.error.param);
    const located = await deps.locator.locate(parsed.value.keys);
    const answer: IndexLookupV1 = {
      object: 'index.lookup',
      version: INDEX_API_VERSION,
      epoch: located.epoch,
      last_event_id: located.lastEventId,
      model: null,
      block_size_tokens: null,
      prompt_tokens: null,
      ...blockHoldings(parsed.value.keys, located.holdings, { showPlacement: true }),
    };
    return reply.header('x-tsukimi-index-api-version', INDEX_API_VERSION).send(answer);
  });
  fastify.get(`/index/${INDEX_API_VERSION}/events`, async (request, reply) => {
    if (!allowed(request, reply, deps)) return;
    const named = request.headers['last-event-id'] ?? (request.query as Record<string, unknown> | undefined)?.['after'];
    let cursor: ResumeCursor | undefined;
    if (typeof named === 'string' && named !== '') {
      const parsed = parseResumeCursor(named);
      if (!parsed.ok) return error(reply, 400, `Last-Event-ID: ${parsed.error}.`, 'invalid_request_error', 'Last-Event-ID');
      cursor = parsed.value;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-tsukimi-index-api-version': INDEX_API_VERSION });
    const stop = serveIndexStream({ write: (text) => void raw.write(text), end: () => raw.end(), backlogBytes: () => raw.writableLength }, deps.index, cursor, (beat) => {
      const timer = setInterval(beat, KEEPALIVE_MS);
      return () => clearInterval(timer);
    });
    raw.on('close', stop);
    raw.on('error', stop);
  });
}

/** Whether the call may go on; if not, the refusal is sent. */
function allowed(request: FastifyRequest, reply: FastifyReply, deps: PoolIndexApiDeps): boolean {
  const presented = bearerTokenOf(request.headers.authorization);
  if (deps.tokens !== undefined && (presented === undefined || !deps.tokens.accepts(presented))) {
    void error(reply.header('www-authenticate', 'Bearer'), 401, 'The index API needs Authorization: Bearer <service token>.', 'invalid_request_error', null, 'invalid_service_token');
    return false;
  }
  if (!deps.leads()) {
    void error(reply.header('retry-after', '1'), 503, 'This kvpool master is a standby: ask the leader.', 'server_error', null);
    return false;
  }
  return true;
}

function error(reply: FastifyReply, status: number, message: string, type: string, param: string | null, code: string | null = null): FastifyReply {
  return reply.code(status).send({ error: { message, type, param, code } });
}
