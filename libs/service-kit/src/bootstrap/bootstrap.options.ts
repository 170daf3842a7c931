import { type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { type FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ServerOptions } from '@grpc/grpc-js';
import { type Clock, type LineSink, type Logger } from '@tsukimi/telemetry';
import { type TracingHandle } from '@tsukimi/tracing';
import { type ServiceTokens } from '../auth/service-token.port';
import { type ServiceConfig } from '../config/service-config.schema';
import { type GrpcServiceBinding } from '../grpc/grpc-binding.model';
import { type ServiceRuntime } from '../runtime/service-runtime';

export interface GrpcOptions {
  /** Called once the app is initialised, so handlers can come from DI: `app.get(PrefillGrpcHandlers)`. */
  readonly services: (app: INestApplicationContext) => readonly GrpcServiceBinding[];
  /** grpc-js channel options, e.g. `{ 'grpc.max_receive_message_length': 64 << 20 }`. */
  readonly serverOptions?: ServerOptions;
}

export interface BootstrapOptions {
  /** Short service name, the `service` key of every log line: `prefill`. */
  readonly service: string;
  /** The app's root module. */
  readonly module: Type<unknown> | DynamicModule;
  /** The shared keys of the service's configuration (see `serviceSchema`). */
  readonly config: Pick<ServiceConfig, 'host' | 'httpPort' | 'grpcPort' | 'logLevel' | 'shutdownTimeoutMs'>;
  /** Serve gRPC on `config.grpcPort`; no gRPC server when absent. */
  readonly grpc?: GrpcOptions;
  /** Where JSON log lines go; stdout when absent. Ignored when `logger` is given. */
  readonly logSink?: LineSink;
  /** Replaces the JSON logger built from `logSink` and `config.logLevel`. */
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Drain and exit on SIGTERM and SIGINT; true by default. Off for services started inside tests. */
  readonly handleSignals?: boolean;
  /** See `ServiceRuntimeOptions`. */
  readonly readinessCheckTimeoutMs?: number;
  /**
   * Peers must show one of these: gRPC calls without it end UNAUTHENTICATED, `/metrics` answers
   * 401. Every peer is trusted when absent (see `openServiceTokensOrExit`).
   */
  readonly serviceTokens?: Pick<ServiceTokens, 'accepts'>;
  /** Options for fastify itself, e.g. `{ bodyLimit: 8 << 20 }`. */
  readonly fastify?: ConstructorParameters<typeof FastifyAdapter>[0];
  /**
   * The process's tracing (`startServiceTracingOrExit`): its batched spans are flushed when the
   * service stops, after the drain and the app's close, at most `TRACE_FLUSH_TIMEOUT_MS`.
   * Absent while tracing is off.
   */
  readonly tracing?: Pick<TracingHandle, 'flush'> | undefined;
  /**
   * The service's own drain work, run once when its in-flight work has finished (or been cut),
   * whether the drain came from a signal or from `POST /admin/drain`, and before the app closes:
   * a prefill instance hands its engine's blocks to the pool, a storage node moves its blocks to
   * other nodes. What it returns is the drain report's `handedOver`.
   */
  readonly onDrained?: () => Promise<HandedOver | undefined>;
  /**
   * Run first in a drain asked for (`POST /admin/drain`), while the service is still ready and
   * serving: a prefill instance copies its hot blocks to the pool here, so that none is missing
   * from the pool while its traffic moves to other instances. `onDrained` then hands over what
   * came since. A signal skips it: the service stops taking work at once and `onDrained` hands
   * over everything.
   */
  readonly beforeDrain?: () => Promise<void>;
  /** App-wide setup before listening: global pipes, filters, CORS. */
  readonly configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/** How a shutdown went. */
export interface ShutdownReport {
  /** The signal, or what the caller of `close` gave. */
  readonly reason: string;
  readonly drainMs: number;
  /** In-flight requests or calls were cut off when `shutdownTimeoutMs` ran out. */
  readonly timedOut: boolean;
}

/** What a service's drain work moved elsewhere (blocks, bytes, what was left), as its drain reports it. */
export type HandedOver = Readonly<Record<string, number | boolean>>;

/** How a drain went: what a shutdown reports, and what the service handed over. */
export interface DrainReport extends ShutdownReport {
  /** Absent where the service has no drain work of its own. */
  readonly handedOver?: HandedOver;
}

/** A started service: its bound ports, its runtime, and the way to stop it. */
export interface RunningService {
  readonly app: NestFastifyApplication;
  readonly runtime: ServiceRuntime;
  readonly httpPort: number;
  /** Undefined when the service serves no gRPC. */
  readonly grpcPort: number | undefined;
  /**
   * Turns readiness false, stops accepting HTTP connections and gRPC calls, waits for in-flight
   * ones up to `shutdownTimeoutMs`, cuts the rest, then closes the app (Nest shutdown hooks run)
   * and flushes the spans still batched (bounded by `TRACE_FLUSH_TIMEOUT_MS`).
   * Idempotent: every call returns the same report. Does not exit the process.
   */
  close(reason?: string): Promise<ShutdownReport>;
  /**
   * Everything `close` does before the app closes: readiness false, new work refused, in-flight
   * work finished (cut at `shutdownTimeoutMs`), then the service's `onDrained` work. The HTTP
   * listener stays up for probes and scrapes. Runs once: a later `drain` or `close` does not repeat it.
   */
  drain(reason?: string): Promise<DrainReport>;
}
