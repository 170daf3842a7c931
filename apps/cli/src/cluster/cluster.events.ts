import { type ServiceRole } from './cluster.plan';
import { type ServiceExit } from '@tsukimi/service-kit';

/** A running service as the launcher reports it. */
export interface ServiceInfo {
  readonly name: string;
  readonly role: ServiceRole;
  readonly pid: number | undefined;
  /** Where to reach its HTTP and gRPC ports (loopback, unless it listens on every interface). */
  readonly host: string;
  readonly httpPort: number;
  readonly grpcPort: number | undefined;
  readonly dataPort: number | undefined;
  readonly logFile: string;
}

export interface StoppedService extends ServiceExit {
  readonly name: string;
  /** True when it ignored SIGTERM past the stop timeout and was killed. */
  readonly killed: boolean;
}

/** Progress while a cluster starts and stops, for a launcher to show. */
export type ClusterEvent =
  | { readonly kind: 'model'; readonly path: string; readonly generated: boolean }
  | { readonly kind: 'log-dir'; readonly dir: string }
  | { readonly kind: 'service-token'; readonly file: string }
  /** `restart`: which restart of the service this is, when it is one. */
  | { readonly kind: 'service-ready'; readonly service: ServiceInfo; readonly restart?: number }
  /** A service died once the cluster was up; `restart` says when it is started again, undefined when it cannot be. */
  | { readonly kind: 'service-exited'; readonly name: string; readonly exit: ServiceExit; readonly restart: { readonly attempt: number; readonly delayMs: number } | undefined }
  | { readonly kind: 'service-stopped'; readonly service: StoppedService };

/** One line per event, as `tsukimi up` prints them. */
export function describeEvent(event: ClusterEvent): string {
  switch (event.kind) {
    case 'model':
      return `${event.generated ? 'generated the tiny model into' : 'model'} ${event.path}`;
    case 'log-dir':
      return `service logs in ${event.dir}`;
    case 'service-token':
      return `service token in ${event.file} (scrape /metrics with Authorization: Bearer <it>)`;
    case 'service-ready': {
      const s = event.service;
      const ports = [`http ${s.httpPort}`, s.grpcPort === undefined ? '' : `grpc ${s.grpcPort}`, s.dataPort === undefined ? '' : `data ${s.dataPort}`];
      const restarted = event.restart === undefined ? '' : `  (restart ${event.restart})`;
      return `${s.name.padEnd(10)} ready  pid ${s.pid ?? '?'}  ${s.host}  ${ports.filter(Boolean).join('  ')}${restarted}`;
    }
    case 'service-exited': {
      const { restart } = event;
      const next = restart
        ? `restarting in ${restart.delayMs / 1000} s (restart ${restart.attempt})`
        : 'not restarted: it hosts several instances on ports chosen at start';
      return `${event.name.padEnd(10)} exited (${describeExit(event.exit)}); ${next}; the others keep serving`;
    }
    case 'service-stopped':
      return `${event.service.name.padEnd(10)} stopped (${describeExit(event.service)}${event.service.killed ? ', killed after the stop timeout' : ''})`;
  }
}

export function describeExit(exit: ServiceExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  return exit.code === null ? 'did not start' : `exit code ${exit.code}`;
}
