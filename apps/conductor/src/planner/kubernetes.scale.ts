import { type AppsV1Api, type ConfigurationOptions, type KubeConfig, type V1Scale } from '@kubernetes/client-node';
import { type ScaleError, type ScalePort, type ScaleState, type ScaleTarget } from '@tsukimi/planner';
import { err, ok, type Result } from '@tsukimi/result';
import { isKubernetesCallTimeout, kubernetesCallTimeout } from '../kubernetes/kubernetes.call-timeout';
import { kubernetesClient } from '../kubernetes/kubernetes.client';

/** Maps the API's answer about `what` to the port's errors: 404 not-found, 401/403 forbidden, anything else (no answer in time included) unavailable. */
export function scaleErrorOf(what: string, error: unknown, timeoutMs: number): ScaleError {
  if (error instanceof kubernetesClient().ApiException) {
    const code = error.code === 404 ? 'not-found' : error.code === 401 || error.code === 403 ? 'forbidden' : 'unavailable';
    return { code, message: `${what}: the API server answered ${error.code}` };
  }
  if (isKubernetesCallTimeout(error)) return { code: 'unavailable', message: `${what}: the API server did not answer within ${timeoutMs} ms` };
  return { code: 'unavailable', message: `${what}: ${error instanceof Error ? error.message : String(error)}` };
}

const stateOf = (scale: V1Scale): ScaleState => ({ specReplicas: scale.spec?.replicas ?? 0, statusReplicas: scale.status?.replicas ?? 0 });

/**
 * The scale subresource of Deployments and StatefulSets in one namespace, through
 * @kubernetes/client-node: what the HorizontalPodAutoscaler reads and writes. A write is a JSON
 * merge patch of `spec.replicas` alone, so it races with nothing else on the object and needs
 * only `patch` on `deployments/scale` and `statefulsets/scale`. Each call is aborted after
 * `callTimeoutMs` (the leader's, `leaseCallTimeoutMs`): the planner acts one tick at a time, so a
 * call the API server never answers would stop every later tick, and a write landing after its
 * leader stopped acting could follow another leader's.
 */
export class KubernetesScale implements ScalePort {
  private readonly api: AppsV1Api;
  private readonly timeout: ConfigurationOptions;

  constructor(
    kubeConfig: KubeConfig,
    private readonly namespace: string,
    private readonly callTimeoutMs: number,
  ) {
    this.api = kubeConfig.makeApiClient(kubernetesClient().AppsV1Api);
    this.timeout = kubernetesCallTimeout(callTimeoutMs);
  }

  async read(target: ScaleTarget): Promise<Result<ScaleState, ScaleError>> {
    const request = { name: target.name, namespace: this.namespace };
    try {
      const scale = target.kind === 'Deployment' ? await this.api.readNamespacedDeploymentScale(request, this.timeout) : await this.api.readNamespacedStatefulSetScale(request, this.timeout);
      return ok(stateOf(scale));
    } catch (error) {
      return err(scaleErrorOf(`${target.kind}/${target.name}`, error, this.callTimeoutMs));
    }
  }

  async write(target: ScaleTarget, replicas: number): Promise<Result<ScaleState, ScaleError>> {
    const request = { name: target.name, namespace: this.namespace, body: { spec: { replicas } } };
    const { setHeaderOptions, PatchStrategy } = kubernetesClient();
    const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch, this.timeout);
    try {
      const scale = target.kind === 'Deployment' ? await this.api.patchNamespacedDeploymentScale(request, options) : await this.api.patchNamespacedStatefulSetScale(request, options);
      return ok(stateOf(scale));
    } catch (error) {
      return err(scaleErrorOf(`${target.kind}/${target.name}`, error, this.callTimeoutMs));
    }
  }
}
