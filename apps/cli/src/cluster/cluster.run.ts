import { err, ok, type Result } from '@tsukimi/result';
import { ClusterStartError } from './cluster-start.error';
import { type ClusterEvent, describeExit, type ServiceInfo, type StoppedService } from './cluster.events';
import { type CompiledClusterOptions } from './cluster.options';
import { conductorSpec, instanceSpecs, kvpoolNodeSpecs, kvpoolSpecs, LOOPBACK, stopOrder, type ServiceRole, type ServiceSpec } from './cluster.plan';
import { answers200, firstModelId, pollUntil } from './readiness.poll';
import { type ServiceExit, SupervisedService, type SupervisorOptions } from './service.supervisor';

export interface UnexpectedExit extends ServiceExit {
  readonly service: string;
}

/** Where the launcher dials a service listening on `host`. */
const dialHost = (host: string) => (host === '0.0.0.0' || host === '::' ? LOOPBACK : host);
const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** The services of one cluster, from the first spawn to the last exit. */
export class ClusterRun {
  readonly infos: ServiceInfo[] = [];
  readonly unexpectedExit: Promise<UnexpectedExit>;
  private readonly services: SupervisedService[] = [];
  private reportExit: (exit: UnexpectedExit) => void = () => undefined;
  private stopping: Promise<StoppedService[]> | undefined;
  private readonly deadlineMs: number;
  private readonly killAll = () => this.services.forEach((s) => s.signal('SIGKILL'));

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
    return ok({ endpoint: `http://${urlHost(o.host)}:${conductor.httpPort}/v1`, modelName: modelName! });
  }

  stop(): Promise<StoppedService[]> {
    this.stopping ??= this.stopAll();
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
    const spawned = specs.map((spec) => SupervisedService.spawn(spec, this.supervisor));
    for (const service of spawned) {
      this.services.push(service);
      void service.exited.then((exit) => {
        if (!this.stopping) this.reportExit({ service: service.spec.name, ...exit });
      });
    }
    const outcomes = await Promise.all(spawned.map((service) => this.awaitReady(service)));
    const infos: ServiceInfo[] = [];
    for (const outcome of outcomes) {
      if (!outcome.ok) return outcome;
      infos.push(...outcome.value);
    }
    return ok(infos);
  }

  /** One info per instance the process hosts (one for a plain service), each ready under its own ports. */
  private async awaitReady(service: SupervisedService): Promise<Result<ServiceInfo[], ClusterStartError>> {
    const anyExit = this.anyExit();
    const started = await Promise.race([service.started(Math.max(0, this.deadlineMs - performance.now())), anyExit.then(() => undefined)]);
    if (!started?.ok) return err(await this.failure(service.spec.name, started ? started.error.kind : 'exited', 'start'));
    const host = service.spec.role === 'conductor' ? dialHost(this.options.host) : LOOPBACK;
    const infos: ServiceInfo[] = [];
    for (const { instanceId, ...ports } of started.value) {
      const name = service.spec.instanceIds && instanceId !== undefined ? instanceId : service.spec.name;
      const readyz = `http://${urlHost(host)}:${ports.httpPort}/readyz`;
      const ready = await pollUntil(() => answers200(readyz), this.deadlineMs, anyExit);
      if (ready !== 'ready') return err(await this.failure(service.spec.name, ready, `become ready (${name})`));
      const info: ServiceInfo = { name, role: service.spec.role, pid: service.pid, host, logFile: service.logFile, ...ports };
      this.infos.push(info);
      this.emit({ kind: 'service-ready', service: info });
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
