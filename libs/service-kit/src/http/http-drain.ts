import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Socket } from 'node:net';
import { type FastifyInstance } from 'fastify';
import { ADMIN_DRAIN_PATH } from './admin-drain.route';

/** Probes keep answering on connections that are still open, so a drain is observable; the drain call waits on the drain, so it is not refused by it. */
const EXEMPT_PATHS = new Set(['/healthz', '/readyz', '/metrics', ADMIN_DRAIN_PATH]);
const DRAINING_BODY = { error: { message: 'the service is shutting down', type: 'unavailable', code: 'draining' } };

const pathOf = (url: string) => url.split('?', 1)[0] ?? '';

/**
 * Graceful stop of the HTTP side, in two steps. `refuseNew`: a request that arrives gets 503 with
 * `Connection: close`, every response sent says `Connection: close` so its connection ends with
 * it, and in-flight requests run to completion (`idle` says when); the listener stays, so probes,
 * scrapes and the drain call itself still reach a drained service. `drain`: the listener is closed
 * (new connections are refused) and idle keep-alive connections with it.
 *
 * Done here rather than by `fastify.close()`, because Nest's `app.close()` runs the modules'
 * destroy hooks before it closes the HTTP server: requests must drain while providers still work.
 */
export class HttpDrain {
  private draining = false;
  /** The listener is closing: a connection is closed as soon as nothing is in progress on it. */
  private closing = false;
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  /**
   * Requests in progress on each open connection, probes included. Node's `closeIdleConnections`
   * leaves alone a connection that has never carried a request: an HTTP client may open one
   * beside a stream it aborted (undici does), and the drain would wait on it until its timeout.
   * Counting here lets the drain close every connection with nothing in progress.
   */
  private readonly inProgress = new Map<Socket, number>();

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.inProgress.set(socket, 0);
      socket.once('close', () => this.inProgress.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      this.inProgress.set(socket, (this.inProgress.get(socket) ?? 0) + 1);
      response.once('close', () => {
        if (!this.inProgress.has(socket)) return;
        const left = (this.inProgress.get(socket) ?? 1) - 1;
        this.inProgress.set(socket, left);
        // The response has reached the kernel: closing its connection now loses none of it.
        if (this.closing && left === 0) setImmediate(() => socket.destroy());
      });
    });
  }

  /** Adds the hooks; call before the app is initialised. */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (EXEMPT_PATHS.has(pathOf(request.url))) {
        done();
        return;
      }
      if (this.draining) {
        void reply.code(503).header('connection', 'close').send(DRAINING_BODY);
        return;
      }
      // The raw response's close ends every request, streamed or hijacked ones included.
      this.inFlight += 1;
      reply.raw.once('close', () => this.finished());
      done();
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

  /** Refuses new requests from now on (503), listener kept; idempotent. */
  refuseNew(): void {
    this.draining = true;
    this.server.closeIdleConnections();
  }

  /** Resolves once no request other than probes, scrapes and drain calls is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Refuses new requests and stops accepting connections at once; resolves when the last open connection has closed. */
  drain(): Promise<void> {
    this.refuseNew();
    this.closing = true;
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) resolve();
      else this.server.close(() => resolve());
    });
    this.server.closeIdleConnections();
    for (const [socket, requests] of this.inProgress) if (requests === 0) socket.destroy();
    return closed;
  }

  /** Cuts every connection that is still open: the drain ran out of time. */
  forceClose(): void {
    this.server.closeAllConnections();
  }

  private finished(): void {
    this.inFlight -= 1;
    if (this.inFlight > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
