import { type ConfigurationOptions, type CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { type ScaleError } from '@tsukimi/planner';
import { err, ok, type Result } from '@tsukimi/result';
import { kubernetesCallTimeout } from '../kubernetes/kubernetes.call-timeout';
import { kubernetesClient } from '../kubernetes/kubernetes.client';
import { scaleErrorOf } from './kubernetes.scale';
import { POD_DELETION_COST, type PodDeletionCostPort, VICTIM_DELETION_COST } from './pod-deletion-cost.port';

/**
 * Pod deletion cost through @kubernetes/client-node: a JSON merge patch of the one annotation
 * (null removes it), so it races with nothing else on the Pod and needs only `patch` on pods.
 * A Pod marked before and gone since (404) is forgotten without error. Each call is aborted after
 * `callTimeoutMs`, as the scale subresource's are.
 */
export class KubernetesPodDeletionCost implements PodDeletionCostPort {
  private readonly api: CoreV1Api;
  private readonly marked = new Set<string>();
  private readonly timeout: ConfigurationOptions;

  constructor(
    kubeConfig: KubeConfig,
    private readonly namespace: string,
    private readonly callTimeoutMs: number,
  ) {
    this.api = kubeConfig.makeApiClient(kubernetesClient().CoreV1Api);
    this.timeout = kubernetesCallTimeout(callTimeoutMs);
  }

  async mark(pods: readonly string[]): Promise<Result<void, ScaleError>> {
    const victims = new Set(pods);
    for (const pod of this.marked) {
      if (victims.has(pod)) continue;
      const unmarked = await this.patch(pod, null);
      if (!unmarked.ok && unmarked.error.code !== 'not-found') return unmarked;
      this.marked.delete(pod);
    }
    for (const pod of victims) {
      const marked = await this.patch(pod, VICTIM_DELETION_COST);
      if (!marked.ok) return marked;
      this.marked.add(pod);
    }
    return ok(undefined);
  }

  private async patch(pod: string, cost: string | null): Promise<Result<void, ScaleError>> {
    const body = { metadata: { annotations: { [POD_DELETION_COST]: cost } } };
    try {
      const { setHeaderOptions, PatchStrategy } = kubernetesClient();
      await this.api.patchNamespacedPod({ name: pod, namespace: this.namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch, this.timeout));
      return ok(undefined);
    } catch (error) {
      return err(scaleErrorOf(`Pod/${pod}`, error, this.callTimeoutMs));
    }
  }
}
