import { err, ok, type Result } from '@tsukimi/result';
import { ClusterStartError } from './cluster-start.error';
import { type ClusterEvent, describeExit, type ServiceInfo, type StoppedService } from './cluster.events';
import { type CompiledClusterOptions } from './cluster.options';
import { conductorSpec, instanceSpecs, kvpoolNodeSpecs, kvpoolSpecs, LOOPBACK, stopOrder, type ServiceRole, type ServiceSpec } from './cluster.plan';
import { pinPorts } from './pinned-ports';
import { answers200, firstModelId, pollUntil, type ReadyOutcome } from './readiness.poll';
import { RestartBackoff } from './restart.backoff';
import { type ServiceExit } from '@tsukimi/service-kit';
import { type StartedPorts, SupervisedService, type SupervisorOptions } from './service.supervisor';

export interface UnexpectedExit extends ServiceExit {
  readonly service: string;
}

/** Where the launcher dials a service listening on `host`. */
const dialHost = (host: string) => (host === '0.0.0.0' || host === '::' ? LOOPBACK : host);
const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

type ReadyFailure = { readonly outcome: Exclude<ReadyOutcome, 'ready'>; readonly what: string };

/**
 * The services of one cluster, from the first spawn to the last exit. Once the cluster is up, a
 * service that dies is restarted on the ports it had, with backoff, while the others keep
 * serving (unless `restart` is off: then its death is reported and the caller stops the rest).
 */
export class ClusterRun {
  readonly infos: ServiceInfo[] = [];
  readonly unexpectedExit: Promise<UnexpectedExit>;
  private readonly services: SupervisedService[] = [];
  private readonly startedPorts = new Map<SupervisedService, readonly StartedPorts[]>();
  private readonly backoffs = new Map<string, RestartBackoff>();
  private serving = false;
  private reportExit: (exit: UnexpectedExit) => void = () => undefined;
  private stopping: Promise<StoppedService[]> | undefined;
  private readonly deadlineMs: number;
  private readonly killAll = () => this.services.forEach((s) => s.signal('SIGKILL'));
  private markStopping: () => void = () => undefined;
  private readonly whenStopping = new Promise<void>((resolve) => (this.markStopping = resolve));

  constructor(
    private readonly options: CompiledClusterOptions,
    private readonly supervisor: SupervisorOptions,
    private readonly emit: (event: ClusterEvent) => void,
  ) {
    this.deadlineMs = performance.now() + options.readyTimeoutMs;
    this.unexpectedExit = new Promise((resolve) => (this.reportExit = resolve));
    // Children have their own process group; if this process exits without stopping them, they must not linger.
    process.on('exit', this.killAll);
  }

  async start(modelPath: string): Promise<Result<{ endpoint: string; modelName: string }, ClusterStartError>> {
    const o = this.options;
    const pools = await this.bringUp(kvpoolSpecs(o));
    if (!pools.ok) return pools;
    const poolAddress = `${LOOPBACK}:${pools.value[0]!.grpcPort}`;
    const nodes = await this.bringUp(kvpoolNodeSpecs(o, poolAddress));
    if (!nodes.ok) return nodes;
    const instances = await this.bringUp(instanceSpecs(o, modelPath, poolAddress));
    if (!instances.ok) return instances;
    const grpcOf = (role: ServiceRole) => instances.value.filter((s) => s.role === role).map((s) => `${LOOPBACK}:${s.grpcPort}`);
    const front = await this.bringUp([conductorSpec(o, grpcOf('prefill'), grpcOf('decode'), poolAddress)]);
    if (!front.ok) return front;
    const conductor = front.value[0]!;
    const base = `http://${urlHost(conductor.host)}:${conductor.httpPort}/v1`;
    let modelName: string | undefined;
    const listed = await pollUntil(async () => (modelName = await firstModelId(base)) !== undefined, this.deadlineMs, this.anyExit());
    if (listed !== 'ready') return err(await this.failure(conductor.name, listed, 'list the model'));
    this.serving = true;
    return ok({ endpoint: `http://${urlHost(o.host)}:${conductor.httpPort}/v1`, modelName: modelName! });
  }

  stop(): Promise<StoppedService[]> {
    if (!this.stopping) {
      this.stopping = this.stopAll();
      this.markStopping();
    }
    return this.stopping;
  }

  private async stopAll(): Promise<StoppedService[]> {
    const stopped: StoppedService[] = [];
    for (const group of stopOrder(this.services)) {
      await Promise.all(
        group.map(async (service) => {
          const exit = await service.stop(this.options.stopTimeoutMs);
          const report = { name: service.spec.name, ...exit };
          stopped.push(report);
          this.emit({ kind: 'service-stopped', service: report });
        }),
      );
    }
    process.off('exit', this.killAll);
    return stopped;
  }

  /** Spawns the specs together and waits for each to start and report ready. */
  private async bringUp(specs: readonly ServiceSpec[]): Promise<Result<ServiceInfo[], ClusterStartError>> {
    if (this.stopping) return err(new ClusterStartError('aborted', 'start-up interrupted'));
    const spawned = specs.map((spec) => this.spawn(spec));
    const outcomes = await Promise.all(spawned.map((service) => this.awaitReady(service, this.deadlineMs, this.anyExit())));
    const infos: ServiceInfo[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (!outcome.ok) return err(await this.failure(spawned[i]!.spec.name, outcome.error.outcome, outcome.error.what));
      infos.push(...outcome.value);
    }
    return ok(infos);
  }

  private spawn(spec: ServiceSpec): SupervisedService {
    const service = SupervisedService.spawn(spec, this.supervisor);
    this.services.push(service);
    void service.exited.then((exit) => {
      if (this.stopping) return;
      if (this.serving && this.options.restart) void this.restart(service, exit);
      else this.reportExit({ service: service.spec.name, ...exit });
    });
    return service;
  }

  /**
   * Starts a dead service again on its ports after its backoff, in place of the old one. A
   * restart that fails to come up is killed, and its exit schedules the next, later try.
   */
  private async restart(dead: SupervisedService, exit: ServiceExit): Promise<void> {
    const name = dead.spec.name;
    const spec = pinPorts(dead.spec, this.startedPorts.get(dead) ?? []);
    if (!spec) {
      this.emit({ kind: 'service-exited', name, exit, restart: undefined });
      return;
    }
    const backoff = this.backoffs.get(name) ?? new RestartBackoff();
    this.backoffs.set(name, backoff);
    const restart = backoff.next(performance.now());
    this.emit({ kind: 'service-exited', name, exit, restart });
    await this.unlessStopping(restart.delayMs);
    if (this.stopping) return;
    this.services.splice(this.services.indexOf(dead), 1);
    this.startedPorts.delete(dead);
    const next = this.spawn(spec);
    const ready = await this.awaitReady(next, performance.now() + this.options.readyTimeoutMs, next.exited, restart.attempt);
    if (ready.ok) backoff.started(performance.now());
    else if (ready.error.outcome === 'timeout') next.signal('SIGKILL');
  }

  /** Resolves after `delayMs`, or as soon as the cluster starts stopping. */
  private async unlessStopping(delayMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, delayMs))), this.whenStopping]);
    clearTimeout(timer);
  }

  /**
   * One info per instance the process hosts (one for a plain service), each ready under its own
   * ports; `exited` (this service's exit, or any service's during start-up) ends the wait.
   */
  private async awaitReady(service: SupervisedService, deadlineMs: number, exited: Promise<unknown>, restart?: number): Promise<Result<ServiceInfo[], ReadyFailure>> {
    const started = await Promise.race([service.started(Math.max(0, deadlineMs - performance.now())), exited.then(() => undefined)]);
    if (!started?.ok) return err({ outcome: started ? started.error.kind : 'exited', what: 'start' });
    this.startedPorts.set(service, started.value);
    const host = service.spec.role === 'conductor' ? dialHost(this.options.host) : LOOPBACK;
    const infos: ServiceInfo[] = [];
    for (const { instanceId, ...ports } of started.value) {
      const name = service.spec.instanceIds && instanceId !== undefined ? instanceId : service.spec.name;
      const readyz = `http://${urlHost(host)}:${ports.httpPort}/readyz`;
      const ready = await pollUntil(() => answers200(readyz), deadlineMs, exited);
      if (ready !== 'ready') return err({ outcome: ready, what: `become ready (${name})` });
      const info: ServiceInfo = { name, role: service.spec.role, pid: service.pid, host, logFile: service.logFile, ...ports };
      const known = this.infos.findIndex((i) => i.name === name);
      if (known >= 0) this.infos[known] = info;
      else this.infos.push(info);
      this.emit({ kind: 'service-ready', service: info, ...(restart === undefined ? {} : { restart }) });
      infos.push(info);
    }
    return ok(infos);
  }

  /** Settles with the first service to exit, of those spawned so far. */
  private anyExit(): Promise<SupervisedService> {
    return Promise.race(this.services.map((service) => service.exited.then(() => service)));
  }

  /** Names the service to blame: the one that exited if any did, else the one that was waited on. */
  private async failure(waitedOn: string, outcome: 'exited' | 'timeout', what: string): Promise<ClusterStartError> {
    const exitedFirst = outcome === 'exited' ? await this.anyExit() : undefined;
    if (exitedFirst) {
      const exit = await exitedFirst.exited;
      const { name } = exitedFirst.spec;
      const details = { service: name, exit, lastLines: exitedFirst.lastLines(), logFile: exitedFirst.logFile };
      return new ClusterStartError('exited', `${name} exited during start-up (${describeExit(exit)})`, details);
    }
    const service = this.services.find((s) => s.spec.name === waitedOn)!;
    const seconds = this.options.readyTimeoutMs / 1000;
    const details = { service: waitedOn, lastLines: service.lastLines(), logFile: service.logFile };
    return new ClusterStartError('not-ready', `${waitedOn} did not ${what} within ${seconds} s`, details);
  }
}
