import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTinyModel, tinyModelId } from '@tsukimi/llama-model';
import { httpGet, sampleValue, ServiceProcess } from '@tsukimi/service-kit/testing';

const APPS = path.resolve(__dirname, '..', '..');
const LOOPBACK = ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0'];
/** How long a service may take to start: a cluster's processes start together, on a machine other tests load too. */
const START_TIMEOUT_MS = 60_000;

/** One of the apps as a child process, resolved once it has started. */
function startApp(app: string, args: readonly string[], env?: NodeJS.ProcessEnv, ownSession?: boolean): Promise<ServiceProcess> {
  return ServiceProcess.start({ entry: path.join(APPS, app, 'src', 'main.ts'), args, startTimeoutMs: START_TIMEOUT_MS, ...(env ? { env } : {}), ...(ownSession ? { ownSession } : {}) });
}

export interface ClusterUnderTestOptions {
  readonly prefill: number;
  readonly decode: number;
  /** Extra flags per service kind. */
  readonly kvpoolArgs?: readonly string[];
  /** Storage nodes joined to the kvpool (`pool-node-<i>`), started before the instances; with `kvpoolArgs: ['--role', 'master']` the pool's only nodes. */
  readonly poolNodes?: number;
  readonly engineArgs?: readonly string[];
  /** Flags of the prefill instances only, after `engineArgs`. */
  readonly prefillArgs?: readonly string[];
  /** Flags of the decode instances only, after `engineArgs`. */
  readonly decodeArgs?: readonly string[];
  readonly conductorArgs?: readonly string[];
  /** The conductor's `--probe-timeout-ms`: 500 when absent, so that a dead instance shows within a second; longer where a loaded machine must not have live ones taken for dead. */
  readonly probeTimeoutMs?: number;
  /** The conductor's `--disaggregation`; `always` when absent, so prefill instances see every request. */
  readonly disaggregation?: 'never' | 'always' | 'auto';
  /** A second model served beside the first: one prefill and one decode instance on this GGUF (default: the tiny model of `seed`). */
  readonly secondModel?: { readonly seed: number; readonly model?: Uint8Array; readonly engineArgs?: readonly string[] };
  /**
   * Each service in a session of its own, as `tsukimi up` starts them (`ServiceProcess`'s
   * `ownSession`): the kernel then shares the CPU between the services as between Pods, not as
   * one group of processes. For benches that time one service's work beside another's.
   */
  readonly ownSessions?: boolean;
}

/** How a conductor beside the cluster's reaches the prefill instances, and how often it probes them. */
export interface ConductorLinks {
  readonly prefillAddresses?: readonly string[];
  /** 200 when absent. */
  readonly probeIntervalMs?: number;
}

interface InstancesCheck {
  readonly checks?: { readonly instances?: { readonly details?: { readonly prefill?: number; readonly decode?: number } } };
}

/**
 * A whole Tsukimi on loopback for integration tests: one kvpool, N prefill and M decode
 * processes and a conductor, each a real child process on free ports, on a freshly generated
 * tiny model. The conductor probes every 200 ms so failures show within a second.
 */
export class ClusterUnderTest {
  /** Processes started in place of stopped ones: stopped with the rest. */
  private readonly inPlace: ServiceProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly modelPath: string,
    readonly modelId: string,
    readonly kvpool: ServiceProcess,
    readonly prefill: readonly ServiceProcess[],
    readonly decode: readonly ServiceProcess[],
    readonly conductor: ServiceProcess,
    readonly poolNodes: readonly ServiceProcess[],
    private readonly options: ClusterUnderTestOptions,
  ) {}

  static async start(options: ClusterUnderTestOptions): Promise<ClusterUnderTest> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-cluster-'));
    const modelPath = path.join(dir, 'tiny.gguf');
    fs.writeFileSync(modelPath, generateTinyModel());
    const started: ServiceProcess[] = [];
    const start = async (app: string, args: readonly string[]) => {
      const service = await startApp(app, [...LOOPBACK, ...args], undefined, options.ownSessions);
      started.push(service);
      return service;
    };
    // Starts several at once and waits for every one to settle, so that a failure cannot leave a
    // sibling still starting after the clean-up below has run (it would outlive the test).
    const startAll = async (apps: readonly (readonly [string, readonly string[]])[]) => {
      const settled = await Promise.allSettled(apps.map(([app, args]) => start(app, args)));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((s) => (s as PromiseFulfilledResult<ServiceProcess>).value);
    };
    try {
      const kvpool = await start('kvpool', options.kvpoolArgs ? [...options.kvpoolArgs] : ['--dram-bytes', '64MiB']);
      const poolNodes = await startAll(Array.from({ length: options.poolNodes ?? 0 }, (_, i) => ['kvpool', poolNodeArgs(kvpool, i)] as const));
      const pool = ['--model-path', modelPath, '--kvpool-address', `127.0.0.1:${kvpool.grpcPort}`, ...(options.engineArgs ?? [])];
      const instances = await startAll([
        ...Array.from({ length: options.prefill }, (_, i) => ['prefill', [...pool, ...(options.prefillArgs ?? []), '--instance-id', `prefill-${i}`]] as const),
        ...Array.from({ length: options.decode }, (_, i) => ['decode', [...pool, ...(options.decodeArgs ?? []), '--instance-id', `decode-${i}`]] as const),
      ]);
      const prefill = instances.slice(0, options.prefill);
      const decode = instances.slice(options.prefill);
      if (options.secondModel) {
        const second = path.join(dir, 'second.gguf');
        fs.writeFileSync(second, options.secondModel.model ?? generateTinyModel({ seed: options.secondModel.seed }));
        const args = ['--model-path', second, '--kvpool-address', `127.0.0.1:${kvpool.grpcPort}`, ...(options.secondModel.engineArgs ?? [])];
        const pair = await startAll([['prefill', [...args, '--instance-id', 'prefill-second']], ['decode', [...args, '--instance-id', 'decode-second']]]);
        prefill.push(...pair.slice(0, 1));
        decode.push(...pair.slice(1));
      }
      const conductor = await start('conductor', [...conductorArgs(kvpool, prefill, decode, options.disaggregation ?? 'always', options), ...(options.conductorArgs ?? [])]);
      const cluster = new ClusterUnderTest(dir, modelPath, '', kvpool, prefill, decode, conductor, poolNodes, options);
      const extra = options.secondModel ? 1 : 0;
      await cluster.waitForRoutable({ prefill: options.prefill + extra, decode: options.decode + extra });
      // With a second model, /v1/models lists whichever was described first: find the first model's name by its id.
      const models = (JSON.parse((await httpGet(conductor.httpPort, '/v1/models')).body) as { data: { id: string }[] }).data.map((m) => m.id);
      const modelId = models.includes(tinyModelId()) ? tinyModelId() : models[0]!;
      return new ClusterUnderTest(dir, modelPath, modelId, kvpool, prefill, decode, conductor, poolNodes, options);
    } catch (error) {
      for (const service of started) service.kill();
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.conductor.httpPort}/v1`;
  }

  /**
   * A second conductor over the same instances and pool, differing in `--disaggregation` and
   * `extraArgs`: it follows the pool's index from a snapshot taken as it starts. `links` may give
   * addresses in place of the prefill instances' own (a proxy before each) and probes further
   * apart, so that the conductor learns of a fault on a link from a call rather than a probe. The
   * caller stops it.
   */
  async conductorBeside(disaggregation: 'never' | 'always' | 'auto', extraArgs: readonly string[] = [], links: ConductorLinks = {}): Promise<ServiceProcess> {
    const args = [...LOOPBACK, ...conductorArgs(this.kvpool, this.prefill, this.decode, disaggregation, { ...this.options, ...links }), ...extraArgs];
    const conductor = await startApp('conductor', args, undefined, this.options.ownSessions);
    try {
      await this.waitForRoutable({ prefill: this.prefill.length, decode: this.decode.length }, 20_000, conductor);
      return conductor;
    } catch (error) {
      conductor.kill();
      throw error;
    }
  }

  /**
   * A second conductor over this cluster's pool that finds the instances as Kubernetes discovery
   * does, from the Pods of the API server `kubeconfig` points at (a fake one on loopback), probing
   * every 200 ms; the Pods carry the instances' ports named `grpc` and `http`. The caller stops it.
   */
  async conductorOnKubernetes(kubeconfig: string, extraArgs: readonly string[] = []): Promise<ServiceProcess> {
    const file = path.join(this.dir, `kubeconfig-${Date.now()}`);
    fs.writeFileSync(file, kubeconfig);
    const discovery = ['--discovery', 'kubernetes', '--instance-grpc-port', 'grpc', '--kvpool-address', `127.0.0.1:${this.kvpool.grpcPort}`];
    const probes = ['--probe-interval-ms', '200', '--probe-timeout-ms', String(this.options.probeTimeoutMs ?? 500), '--disaggregation', this.options.disaggregation ?? 'always'];
    return startApp('conductor', [...LOOPBACK, ...discovery, ...probes, ...extraArgs], { ...process.env, KUBECONFIG: file }, this.options.ownSessions);
  }

  /**
   * A conductor in place of a stopped one: this cluster's flags on the same HTTP port, so that
   * clients reach it at the address they had. Resolves once it listens.
   */
  conductorInPlace(stopped: ServiceProcess): Promise<ServiceProcess> {
    const args = ['--host', '127.0.0.1', '--http-port', String(stopped.httpPort), '--grpc-port', '0', ...conductorArgs(this.kvpool, this.prefill, this.decode, this.options.disaggregation ?? 'always', this.options), ...(this.options.conductorArgs ?? [])];
    return this.startInPlace('conductor', args);
  }

  /** An instance in place of a stopped one: the same role, id, flags and ports, which the conductor was given at start. */
  instanceInPlace(role: 'prefill' | 'decode', stopped: ServiceProcess, instanceId: string): Promise<ServiceProcess> {
    const roleArgs = (role === 'prefill' ? this.options.prefillArgs : this.options.decodeArgs) ?? [];
    return this.startInPlace(role, [
      '--host', '127.0.0.1', '--http-port', String(stopped.httpPort), '--grpc-port', String(stopped.grpcPort),
      '--model-path', this.modelPath, '--kvpool-address', `127.0.0.1:${this.kvpool.grpcPort}`,
      ...(this.options.engineArgs ?? []), ...roleArgs, '--instance-id', instanceId,
    ]);
  }

  /** Storage node `index` in place of a stopped one: the same id and ports, its data plane's included. */
  async poolNodeInPlace(stopped: ServiceProcess, index: number): Promise<ServiceProcess> {
    const dataPort = (await stopped.waitForLog('data plane listening'))['dataPort'];
    const ports = ['--host', '127.0.0.1', '--http-port', String(stopped.httpPort), '--data-port', String(dataPort)];
    return this.startInPlace('kvpool', [...ports, ...poolNodeArgs(this.kvpool, index)]);
  }

  private async startInPlace(app: string, args: readonly string[]): Promise<ServiceProcess> {
    const service = await startApp(app, args, undefined, this.options.ownSessions);
    this.inPlace.push(service);
    return service;
  }

  /** Resolves once the conductor (this cluster's, or `conductor`) routes to exactly this many instances of each role. */
  async waitForRoutable(expected: { prefill: number; decode: number }, timeoutMs = 20_000, conductor = this.conductor): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const response = await httpGet(conductor.httpPort, '/readyz');
      last = response.body;
      const details = (JSON.parse(response.body) as InstancesCheck).checks?.instances?.details;
      if (details?.prefill === expected.prefill && details.decode === expected.decode) return;
      if (Date.now() > deadline) throw new Error(`conductor never routed to ${JSON.stringify(expected)}; last /readyz: ${last}`);
      await new Promise<void>((resolve) => setTimeout(resolve, 50));
    }
  }

  /** One sample of a service's /metrics; 0 when the series has not been written yet. */
  async metric(service: ServiceProcess, series: string): Promise<number> {
    const text = (await httpGet(service.httpPort, '/metrics')).body;
    return sampleValue(text, series) ?? 0;
  }

  /** Resolves once `service`'s series satisfies `done` (for what a service does in the background). */
  async waitForMetric(service: ServiceProcess, series: string, done: (value: number) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.metric(service, series);
      if (done(value)) return;
      if (Date.now() > deadline) throw new Error(`${series} stayed at ${value}`);
      await new Promise<void>((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The sum of one series over several services. */
  async metricSum(services: readonly ServiceProcess[], series: string): Promise<number> {
    const values = await Promise.all(services.map((s) => this.metric(s, series)));
    return values.reduce((a, b) => a + b, 0);
  }

  /** SIGTERM to everything still running (conductor first), then waits for every exit. */
  async stop(): Promise<void> {
    const order = [this.conductor, ...this.inPlace, ...this.prefill, ...this.decode, ...this.poolNodes, this.kvpool];
    for (const service of order) service.signal('SIGTERM');
    await Promise.all(order.map((service) => service.waitForExit(20_000).catch(() => undefined)));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Storage node `index`'s flags: joined to the kvpool, heartbeating every 100 ms so that it shows in the pool soon after it starts. */
function poolNodeArgs(kvpool: ServiceProcess, index: number): string[] {
  return ['--role', 'node', '--node-id', `pool-node-${index}`, '--master-address', `127.0.0.1:${kvpool.grpcPort}`, '--dram-bytes', '64MiB', '--heartbeat-interval-ms', '100'];
}

/** A conductor's flags over these instances (or `links.prefillAddresses` in place of the prefill instances'): probes every 200 ms unless told, so failures show within a second. */
function conductorArgs(
  kvpool: ServiceProcess,
  prefill: readonly ServiceProcess[],
  decode: readonly ServiceProcess[],
  disaggregation: 'never' | 'always' | 'auto',
  links: ConductorLinks & Pick<ClusterUnderTestOptions, 'probeTimeoutMs'>,
): string[] {
  const prefillAddresses = links.prefillAddresses ?? prefill.map((s) => `127.0.0.1:${s.grpcPort}`);
  return [
    ...(prefillAddresses.length > 0 ? ['--prefill', prefillAddresses.join(',')] : []),
    '--decode', decode.map((s) => `127.0.0.1:${s.grpcPort}`).join(','),
    '--kvpool-address', `127.0.0.1:${kvpool.grpcPort}`,
    '--probe-interval-ms', String(links.probeIntervalMs ?? 200),
    '--probe-timeout-ms', String(links.probeTimeoutMs ?? 500),
    '--disaggregation', disaggregation,
  ];
}
