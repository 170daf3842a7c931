import * as fs from 'node:fs';
import { type InstanceRegistry, instancePort, PoolMasters } from '@tsukimi/conductor';
import { type InstanceId, instanceId, type InstanceRole } from '@tsukimi/scheduler';
import { type Logger } from '@tsukimi/telemetry';
import { type ConductorConfig } from '../conductor.config';
import { type InstanceClients } from '../gateways/instance-clients';
import { kubernetesClient } from '../kubernetes/kubernetes.client';
import { type DiscoveredInstances, KubernetesDiscovery } from './kubernetes.discovery';

const IN_CLUSTER_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
const RETRY_DELAY_MS = 1000;

/** How the conductor finds its instances, started once the logger exists and stopped at shutdown. */
export interface InstanceDiscovery {
  start(logger: Logger): Promise<void>;
  stop(): Promise<void>;
  /** The Pod an instance runs in; undefined without Kubernetes discovery. */
  podNameOf(id: InstanceId): string | undefined;
  /** `ip:port` of the instance's HTTP port (where its drain call is); undefined without Kubernetes discovery. */
  httpAddressOf(id: InstanceId): string | undefined;
}

/**
 * The kvpool masters whose index the conductor follows: `--kvpool-address` when given; else,
 * with Kubernetes discovery, the master Pods `--kvpool-selector` finds (none until discovery
 * starts); else none, and no index is followed.
 */
export function poolMasters(config: ConductorConfig): PoolMasters | undefined {
  if (config.kvpoolAddress) return new PoolMasters(config.kvpoolAddress.map((a) => `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`));
  return config.discovery === 'kubernetes' ? new PoolMasters() : undefined;
}

/**
 * The discovery `--discovery` names. Static registers `--prefill` and `--decode` at once and
 * needs decode addresses, and prefill ones too under `--disaggregation always` (otherwise decode
 * instances alone can serve every request); kubernetes reads its kubeconfig the usual way (KUBECONFIG, ~/.kube/config, or
 * the Pod's service account), and keeps `masters` too unless they were given by address. Bad
 * settings throw here, naming the key, so the conductor fails at boot. An instance that leaves
 * goes from the registry and has its gRPC clients closed once their calls end.
 */
export function instanceDiscovery(config: ConductorConfig, registry: InstanceRegistry, clients: InstanceClients, masters?: PoolMasters): InstanceDiscovery {
  if (config.discovery === 'static') {
    if (config.decode.length === 0) throw new Error('decode: static discovery needs at least one address (--decode host:port)');
    if (config.prefill.length === 0 && config.disaggregation === 'always') {
      throw new Error('prefill: static discovery with --disaggregation always needs at least one address (--prefill host:port)');
    }
    for (const address of config.prefill) registry.add(instanceId(address), 'prefill');
    for (const address of config.decode) registry.add(instanceId(address), 'decode');
    return { start: () => Promise.resolve(), stop: () => Promise.resolve(), podNameOf: () => undefined, httpAddressOf: () => undefined };
  }
  const kubeConfig = new (kubernetesClient().KubeConfig)();
  kubeConfig.loadFromDefault();
  const namespace = config.discoveryNamespace ?? ownNamespace() ?? kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
  const instances: DiscoveredInstances = {
    add: (id: InstanceId, role: InstanceRole) => {
      clients.admit(id);
      registry.add(id, role);
    },
    remove: (id: InstanceId) => {
      registry.remove(id);
      clients.release(id);
    },
  };
  const discoversMasters = masters !== undefined && config.kvpoolAddress === undefined;
  let running: KubernetesDiscovery | undefined;
  return {
    start: async (logger) => {
      running = new KubernetesDiscovery(kubeConfig, instances, logger, {
        namespace,
        selectors: { prefill: config.prefillSelector, decode: config.decodeSelector },
        port: instancePort(config.instanceGrpcPort),
        retryDelayMs: RETRY_DELAY_MS,
        ...(discoversMasters ? { masters: { selector: config.kvpoolSelector, port: instancePort(config.kvpoolGrpcPort), into: masters } } : {}),
      });
      logger.info('discovering instances from pods', {
        namespace,
        prefillSelector: config.prefillSelector,
        decodeSelector: config.decodeSelector,
        ...(discoversMasters ? { kvpoolSelector: config.kvpoolSelector } : {}),
      });
      await running.start();
    },
    podNameOf: (id) => running?.podNameOf(id),
    httpAddressOf: (id) => running?.httpAddressOf(id),
    stop: async () => {
      await running?.stop();
    },
  };
}

/** The namespace of the Pod the conductor runs in, when it runs in one. */
function ownNamespace(): string | undefined {
  try {
    return fs.readFileSync(IN_CLUSTER_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
