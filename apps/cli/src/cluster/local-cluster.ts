import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureTinyModel } from '../model/model-cache';
import { ClusterStartError } from './cluster-start.error';
import { type ClusterEvent, type ServiceInfo, type StoppedService } from './cluster.events';
import { compileClusterOptions, type LocalClusterOptions } from './cluster.options';
import { type ServiceRole } from './cluster.plan';
import { ClusterRun, type UnexpectedExit } from './cluster.run';
import { writeServiceTokenFile } from './service-token.file';

const ROOT = path.resolve(__dirname, '../../../..');
const ROLES: readonly ServiceRole[] = ['kvpool', 'prefill', 'decode', 'conductor'];

export interface StartLocalClusterOptions extends LocalClusterOptions {
  /** The services' environment and where the model cache is found; `process.env` when absent. */
  readonly env?: NodeJS.ProcessEnv;
  readonly onEvent?: (event: ClusterEvent) => void;
  /** Aborting it during start-up stops what has started; the start then fails with code `aborted`. */
  readonly signal?: AbortSignal;
}

export { type UnexpectedExit };

export interface LocalCluster {
  /** The OpenAI API base URL, e.g. `http://127.0.0.1:8000/v1`. */
  readonly endpoint: string;
  readonly modelName: string;
  readonly logDir: string;
  /** The services' shared token (`--service-token-file`), which `/metrics` scrapes must send; undefined without `serviceToken`. */
  readonly serviceTokenFile: string | undefined;
  readonly services: readonly ServiceInfo[];
  /** Settles when a service exits on its own; never once `stop()` has begun. */
  readonly unexpectedExit: Promise<UnexpectedExit>;
  /** Stops every service, the conductor first and the pool last; safe to call more than once. */
  stop(): Promise<StoppedService[]>;
}

/**
 * Starts kvpool, then the prefill and decode instances, then the conductor, each as a child
 * process on free ports, and resolves once every `/readyz` answers 200 and the conductor lists
 * the model. On failure it stops whatever it started and throws a ClusterStartError.
 */
export async function startLocalCluster(options: StartLocalClusterOptions = {}): Promise<LocalCluster> {
  const compiled = compileClusterOptions(options);
  if (!compiled.ok) throw new ClusterStartError('invalid-options', compiled.error);
  const c = compiled.value;
  const env = options.env ?? process.env;
  const emit = options.onEvent ?? (() => undefined);
  const missing = ROLES.map((role) => `apps/${role}/src/main.ts`).filter((entry) => !fs.existsSync(path.join(ROOT, entry)));
  if (missing.length > 0) throw new ClusterStartError('missing-service', `service entry not found: ${missing.join(', ')}`);

  const model = c.modelPath === undefined ? ensureTinyModel(env) : { path: path.resolve(c.modelPath), generated: false };
  emit({ kind: 'model', path: model.path, generated: model.generated });
  const logDir = c.logDir !== undefined ? path.resolve(c.logDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-up-'));
  fs.mkdirSync(logDir, { recursive: true });
  emit({ kind: 'log-dir', dir: logDir });
  const serviceTokenFile = c.serviceToken ? writeServiceTokenFile(logDir) : undefined;
  if (serviceTokenFile !== undefined) emit({ kind: 'service-token', file: serviceTokenFile });

  if (options.signal?.aborted) throw new ClusterStartError('aborted', 'start-up interrupted before any service started');
  const run = new ClusterRun({ ...c, serviceTokenFile }, { root: ROOT, logDir, env }, emit);
  const abort = () => void run.stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  const started = await run.start(model.path);
  options.signal?.removeEventListener('abort', abort);
  if (!started.ok) {
    await run.stop();
    throw options.signal?.aborted ? new ClusterStartError('aborted', 'start-up interrupted; every service started has been stopped') : started.error;
  }
  return { ...started.value, logDir, serviceTokenFile, services: run.infos, unexpectedExit: run.unexpectedExit, stop: () => run.stop() };
}
