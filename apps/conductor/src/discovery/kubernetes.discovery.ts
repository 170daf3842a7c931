import { type Informer, type KubeConfig, type ObjectCache, type V1Pod } from '@kubernetes/client-node';
import { desiredInstances, diffInstances, type InstancePort, masterAddresses, podInstance, type PoolMasters } from '@tsukimi/conductor';
import { type InstanceId, type InstanceRole } from '@tsukimi/scheduler';
import { type Logger } from '@tsukimi/telemetry';
import { kubernetesClient } from '../kubernetes/kubernetes.client';
import { podView } from './pod.mapper';

/** The part of the instance registry discovery writes to. */
export interface DiscoveredInstances {
  add(id: InstanceId, role: InstanceRole): void;
  remove(id: InstanceId): void;
}

export interface KubernetesDiscoveryOptions {
  readonly namespace: string;
  readonly selectors: Readonly<Record<InstanceRole, string>>;
  readonly port: InstancePort;
  /** Wait before listing again after the API server failed a list or a watch. */
  readonly retryDelayMs: number;
  /** With it, the kvpool master Pods the selector finds are kept in `into` as well. */
  readonly masters?: { readonly selector: string; readonly port: InstancePort; readonly into: PoolMasters };
}

type PodInformer = Informer<V1Pod> & ObjectCache<V1Pod>;
/** What one informer watches: one role's instances, or the kvpool masters. */
type PodSource = InstanceRole | 'master';

/**
 * Keeps the registry's instances (and, when asked, the kvpool masters) equal to the ready, not
 * terminating Pods the selectors find: one client-node informer per role and one for masters
 * (list, then watch from the list's resourceVersion; a 410 Gone lists again, a watch the server
 * ends is resumed from the last event or bookmark). A failed list or a watch broken by an error
 * is retried after `retryDelayMs`; meanwhile the last known Pods stand, and probes still take an
 * unreachable instance out of routing.
 */
export class KubernetesDiscovery {
  private readonly informers = new Map<PodSource, PodInformer>();
  private readonly current = new Map<InstanceId, InstanceRole>();
  private readonly podNames = new Map<InstanceId, string>();
  private readonly httpAddresses = new Map<InstanceId, string>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    kubeConfig: KubeConfig,
    private readonly registry: DiscoveredInstances,
    private readonly logger: Logger,
    private readonly options: KubernetesDiscoveryOptions,
  ) {
    const { CoreV1Api, makeInformer } = kubernetesClient();
    const api = kubeConfig.makeApiClient(CoreV1Api);
    const path = `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods`;
    const selectors: [PodSource, string][] = [['prefill', options.selectors.prefill], ['decode', options.selectors.decode]];
    if (options.masters) selectors.push(['master', options.masters.selector]);
    for (const [source, labelSelector] of selectors) {
      const pods = makeInformer<V1Pod>(kubeConfig, path, () => api.listNamespacedPod({ namespace: options.namespace, labelSelector }), labelSelector);
      pods.on('change', () => this.reconcile());
      pods.on('error', (error: unknown) => this.retry(source, pods, error));
      this.informers.set(source, pods);
    }
  }

  /** Lists every source's Pods and starts watching; resolves once all lists are applied. */
  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all([...this.informers.values()].map((pods) => pods.start()));
    this.reconcile();
  }

  /** The Pod an instance runs in, as of the last list or watch event: what scale-in marks for removal. */
  podNameOf(id: InstanceId): string | undefined {
    return this.podNames.get(id);
  }

  /** `ip:port` of the instance's Pod port named `http` (its probes, metrics and drain call), as of the last list or watch event. */
  httpAddressOf(id: InstanceId): string | undefined {
    return this.httpAddresses.get(id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    await Promise.all([...this.informers.values()].map((pods) => pods.stop()));
  }

  private reconcile(): void {
    const pods = (source: PodSource) => this.informers.get(source)?.list(this.options.namespace).map(podView) ?? [];
    const masters = this.options.masters;
    if (masters) masters.into.update(masterAddresses(pods('master'), masters.port));
    const instancePods = { prefill: pods('prefill'), decode: pods('decode') };
    this.podNames.clear();
    this.httpAddresses.clear();
    for (const pod of [...instancePods.prefill, ...instancePods.decode]) {
      const id = podInstance(pod, this.options.port);
      if (id === undefined) continue;
      this.podNames.set(id, pod.name);
      const httpPort = pod.namedPorts.get('http');
      if (pod.ip !== undefined && httpPort !== undefined) this.httpAddresses.set(id, pod.ip.includes(':') ? `[${pod.ip}]:${httpPort}` : `${pod.ip}:${httpPort}`);
    }
    const desired = desiredInstances(instancePods, this.options.port);
    const changes = diffInstances(this.current, desired);
    for (const id of changes.remove) {
      this.registry.remove(id);
      this.logger.info('instance left discovery', { instance: id, role: this.current.get(id) });
      this.current.delete(id);
    }
    for (const { id, role } of changes.add) {
      this.registry.add(id, role);
      this.current.set(id, role);
      this.logger.info('instance discovered', { instance: id, role });
    }
  }

  private retry(source: PodSource, pods: PodInformer, error: unknown): void {
    if (this.stopped) return;
    this.logger.warn('pod watch failed, retrying', { source, reason: error instanceof Error ? error.message : String(error), retryDelayMs: this.options.retryDelayMs });
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      if (this.stopped) return;
      pods.start().catch((failure: unknown) => this.retry(source, pods, failure));
    }, this.options.retryDelayMs);
    this.retries.add(timer);
  }
}
