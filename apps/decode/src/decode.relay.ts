import { status } from '@grpc/grpc-js';
import { type ServiceTokens } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { type RelayHandler, RelayServer } from '@tsukimi/transfer';
import { type DecodeConfig } from './decode.config';
import { type DecodeGrpcHandlers } from './decode.grpc-handlers';

export interface DecodeRelay {
  readonly server: RelayServer;
  /** Hands streams to the handlers from now on and reports the port in Describe. */
  serve(handlers: DecodeGrpcHandlers): void;
}

/**
 * The token relay, listening before the app starts so that the port is known when Describe is
 * first answered; until `serve`, a stream is refused as unavailable (the conductor cannot have
 * learnt the port yet, so none comes). Exits when the port is taken: a flag names a bad port.
 */
export async function listenRelayOrExit(config: DecodeConfig, tokens: ServiceTokens | undefined, logger: Logger): Promise<DecodeRelay | undefined> {
  if (!config.relay) return undefined;
  let handler: RelayHandler = (_request, stream) => stream.fail(status.UNAVAILABLE, 'the decode instance is starting');
  const server = new RelayServer({ handler: (request, stream) => handler(request, stream), ...(tokens ? { secrets: tokens } : {}) });
  const listening = await server.listen(config.relayPort, config.host);
  if (!listening.ok) {
    logger.error('token relay cannot listen (--relay-port)', { reason: listening.error });
    process.exit(1);
  }
  const port = listening.value;
  logger.info('token relay listening', { host: config.host, port });
  return {
    server,
    serve: (handlers) => {
      handler = handlers.relayHandler();
      handlers.relayPort = port;
    },
  };
}
