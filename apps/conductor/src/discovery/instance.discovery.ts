import * as fs from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { type InstanceRegistry, instancePort } from '@tsukimi/conductor';
import { instanceId } from '@tsukimi/scheduler';
import { type Logger } from '@tsukimi/telemetry';
import { type ConductorConfig } from '../conductor.config';
import { KubernetesDiscovery } from './kubernetes.discovery';

const IN_CLUSTER_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
const RETRY_DELAY_MS = 1000;

/** How the conductor finds its instances, started once the logger exists and stopped at shutdown. */
export interface InstanceDiscovery {
  start(logger: Logger): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The discovery `--discovery` names. Static registers `--prefill` and `--decode` at once and
 * needs both; kubernetes reads its kubeconfig the usual way (KUBECONFIG, ~/.kube/config, or
 * the Pod's service account). Bad settings throw here, naming the key, so the conductor
 * fails at boot.
 */
export function instanceDiscovery(config: ConductorConfig, registry: InstanceRegistry): InstanceDiscovery {
  if (config.discovery === 'static') {
    for (const key of ['prefill', 'decode'] as const) {
      if (config[key].length === 0) throw new Error(`${key}: static discovery needs at least one address (--${key} host:port)`);
    }
    for (const address of config.prefill) registry.add(instanceId(address), 'prefill');
    for (const address of config.decode) registry.add(instanceId(address), 'decode');
    return { start: () => Promise.resolve(), stop: () => Promise.resolve() };
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  const namespace = config.discoveryNamespace ?? ownNamespace() ?? kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
  let running: KubernetesDiscovery | undefined;
  return {
    start: async (logger) => {
      running = new KubernetesDiscovery(kubeConfig, registry, logger, {
        namespace,
        selectors: { prefill: config.prefillSelector, decode: config.decodeSelector },
        port: instancePort(config.instanceGrpcPort),
        retryDelayMs: RETRY_DELAY_MS,
      });
      logger.info('discovering instances from pods', { namespace, prefillSelector: config.prefillSelector, decodeSelector: config.decodeSelector });
      await running.start();
    },
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
