import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type FollowableIndex, INDEX_API_VERSION, parseResumeCursor, type ResumeCursor, serveIndexStream } from '@tsukimi/kv-store';
import { invalidRequest } from '@tsukimi/openai';
import { sendApiError } from '../http/openai-errors';

/** Between keep-alive comments on an idle stream: well inside the idle timeouts of common proxies (60 s). */
const KEEPALIVE_MS = 15_000;

/**
 * `GET /index/v1/events` on a reply: resumes after `Last-Event-ID` (or the `after` query), else
 * starts with a snapshot. Answers 400 to a resume position that is not one.
 */
export function serveIndexEvents(request: FastifyRequest, reply: FastifyReply, index: FollowableIndex): void {
  const query = request.query as Record<string, unknown> | undefined;
  const named = request.headers['last-event-id'] ?? query?.['after'];
  let cursor: ResumeCursor | undefined;
  if (typeof named === 'string' && named !== '') {
    const parsed = parseResumeCursor(named);
    if (!parsed.ok) return sendApiError(reply, invalidRequest(`Last-Event-ID: ${parsed.error}.`, 'Last-Event-ID'));
    cursor = parsed.value;
  }
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-tsukimi-index-api-version': INDEX_API_VERSION });
  const stop = serveIndexStream(
    { write: (text) => void raw.write(text), end: () => raw.end(), backlogBytes: () => raw.writableLength },
    index,
    cursor,
    (beat) => {
      const timer = setInterval(beat, KEEPALIVE_MS);
      return () => clearInterval(timer);
    },
  );
  raw.on('close', stop);
  raw.on('error', stop);
}
