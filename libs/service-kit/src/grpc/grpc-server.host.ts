import { Server, ServerCredentials, type ServerOptions } from '@grpc/grpc-js';
import { type Logger } from '@tsukimi/telemetry';
import { type ServiceTokens } from '../auth/service-token.port';
import { requireServiceToken } from './grpc-auth.guard';
import { type GrpcServiceBinding } from './grpc-binding.model';
import { guardHandlers } from './grpc-handler.guard';

/** Calls without one of `tokens` are refused (UNAUTHENTICATED) and reported to `onRefused`. */
export interface GrpcServerAuth {
  readonly tokens: Pick<ServiceTokens, 'accepts'>;
  readonly onRefused: () => void;
}

/**
 * The service's gRPC server, a plain grpc-js `Server` run beside the Nest HTTP app: it binds
 * the port itself (so port 0 reports the port chosen), and drains with `tryShutdown` (no new
 * calls; running calls and streams finish) bounded by the caller's timeout, then `forceShutdown`.
 */
export class GrpcServerHost {
  private readonly server: Server;

  constructor(bindings: readonly GrpcServiceBinding[], logger: Logger, options: ServerOptions = {}, auth?: GrpcServerAuth) {
    this.server = new Server(options);
    for (const { definition, implementation } of bindings) {
      const checked = auth === undefined ? implementation : requireServiceToken(implementation, auth.tokens, auth.onRefused);
      this.server.addService(definition, guardHandlers(definition, checked, logger));
    }
  }

  /** Resolves with the bound port. */
  bind(host: string, port: number): Promise<number> {
    const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    return new Promise((resolve, reject) => {
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error, boundPort) => {
        if (error) reject(error);
        else resolve(boundPort);
      });
    });
  }

  /** Stops accepting calls at once; resolves when every running call has finished. */
  drain(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }

  /** Cancels every running call: the drain ran out of time, or the service failed to start. */
  forceClose(): void {
    this.server.forceShutdown();
  }
}
