import type * as KubernetesClient from '@kubernetes/client-node';

/**
 * @kubernetes/client-node, loaded on first use: about 1 s of CPU at start-up, which a conductor
 * that neither discovers instances in Kubernetes nor scales them would spend for nothing.
 */
export function kubernetesClient(): typeof KubernetesClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@kubernetes/client-node') as typeof KubernetesClient;
}
