import { status } from '@grpc/grpc-js';
import { field } from '@tsukimi/config';
import { type ServiceTokens } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { type RelayHandler, RelayServer } from '@tsukimi/transfer';
import { type InstanceRole } from '@tsukimi/scheduler';

/** The relay's flags, for an instance whose `call` streams it can carry beside gRPC. */
export function relaySchema(call: 'Decode' | 'Prefill') {
  return {
    relay: field.boolean({
      default: true,
      description: `Serve ${call} streams over the relay (length-prefixed frames, one TCP connection per conductor) beside gRPC; the conductor reads them there when the instance reports the relay's port`,
    }),
    relayPort: field.int({ min: 0, max: 65535, default: 0, description: 'Port of the relay on --host (0: any free port; the instance reports it to the conductor in Describe)' }),
  };
}

export interface InstanceRelay {
  readonly server: RelayServer;
  readonly port: number;
  /** Hands streams to `handler` from now on. */
  serve(handler: RelayHandler): void;
}

/**
 * The instance's relay, listening before the app starts so that the port is known when Describe is
 * first answered; until `serve`, a stream is refused as unavailable (the conductor cannot have
 * learnt the port yet, so none comes). Undefined with `--relay false`. Exits when the port is
 * taken: a flag names a bad port.
 */
export async function listenRelayOrExit(
  role: InstanceRole,
  config: { readonly relay: boolean; readonly relayPort: number; readonly host: string },
  tokens: ServiceTokens | undefined,
  logger: Logger,
): Promise<InstanceRelay | undefined> {
  if (!config.relay) return undefined;
  let handler: RelayHandler = (_request, stream) => stream.fail(status.UNAVAILABLE, `the ${role} instance is starting`);
  const server = new RelayServer({ handler: (request, stream) => handler(request, stream), ...(tokens ? { secrets: tokens } : {}) });
  const listening = await server.listen(config.relayPort, config.host);
  if (!listening.ok) {
    logger.error('relay cannot listen (--relay-port)', { reason: listening.error });
    process.exit(1);
  }
  const port = listening.value;
  logger.info('relay listening', { host: config.host, port });
  return { server, port, serve: (served) => (handler = served) };
}
