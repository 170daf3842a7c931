import { type Server } from 'node:http';
import { type FastifyInstance } from 'fastify';

/** Probes keep answering on connections that are still open, so a drain is observable. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const DRAINING_BODY = { error: { message: 'the service is shutting down', type: 'unavailable', code: 'draining' } };

/**
 * Graceful stop of the HTTP side. Once draining: the listener is closed (new connections are
 * refused), idle keep-alive connections are closed, a request that still arrives on an open
 * connection gets 503 with `Connection: close`, and every response sent says `Connection: close`
 * so its connection ends with it. In-flight requests run to completion.
 *
 * Done here rather than by `fastify.close()`, because Nest's `app.close()` runs the modules'
 * destroy hooks before it closes the HTTP server: requests must drain while providers still work.
 */
export class HttpDrain {
  private draining = false;

  constructor(private readonly server: Server) {}

  /** Adds the hooks; call before the app is initialised. */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!this.draining || PROBE_PATHS.has(request.url.split('?', 1)[0] ?? '')) {
        done();
        return;
      }
      void reply.code(503).header('connection', 'close').send(DRAINING_BODY);
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.draining && !reply.raw.headersSent) void reply.header('connection', 'close');
      done(null, payload);
    });
    fastify.addHook('onResponse', (_request, _reply, done) => {
      // The connection becomes idle only after this hook; reap it on the next turn.
      if (this.draining) setImmediate(() => this.server.closeIdleConnections());
      done();
    });
  }

  /** Stops accepting connections at once; resolves when the last open connection has closed. */
  drain(): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) resolve();
      else this.server.close(() => resolve());
    });
    this.server.closeIdleConnections();
    return closed;
  }

  /** Cuts every connection that is still open: the drain ran out of time. */
  forceClose(): void {
    this.server.closeAllConnections();
  }
}
