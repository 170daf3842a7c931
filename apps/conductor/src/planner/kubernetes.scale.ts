import { type AppsV1Api, type KubeConfig, type V1Scale } from '@kubernetes/client-node';
import { type ScaleError, type ScalePort, type ScaleState, type ScaleTarget } from '@tsukimi/planner';
import { err, ok, type Result } from '@tsukimi/result';
import { kubernetesClient } from '../kubernetes/kubernetes.client';

/** Maps the API's answer to the port's errors: 404 not-found, 401/403 forbidden, anything else unavailable. */
function scaleError(target: ScaleTarget, error: unknown): ScaleError {
  const what = `${target.kind}/${target.name}`;
  if (error instanceof kubernetesClient().ApiException) {
    const code = error.code === 404 ? 'not-found' : error.code === 401 || error.code === 403 ? 'forbidden' : 'unavailable';
    return { code, message: `${what}: the API server answered ${error.code}` };
  }
  return { code: 'unavailable', message: `${what}: ${error instanceof Error ? error.message : String(error)}` };
}

const stateOf = (scale: V1Scale): ScaleState => ({ specReplicas: scale.spec?.replicas ?? 0, statusReplicas: scale.status?.replicas ?? 0 });

/**
 * The scale subresource of Deployments and StatefulSets in one namespace, through
 * @kubernetes/client-node: what the HorizontalPodAutoscaler reads and writes. A write is a JSON
 * merge patch of `spec.replicas` alone, so it races with nothing else on the object and needs
 * only `patch` on `deployments/scale` and `statefulsets/scale`.
 */
export class KubernetesScale implements ScalePort {
  private readonly api: AppsV1Api;

  constructor(
    kubeConfig: KubeConfig,
    private readonly namespace: string,
  ) {
    this.api = kubeConfig.makeApiClient(kubernetesClient().AppsV1Api);
  }

  async read(target: ScaleTarget): Promise<Result<ScaleState, ScaleError>> {
    const request = { name: target.name, namespace: this.namespace };
    try {
      const scale = target.kind === 'Deployment' ? await this.api.readNamespacedDeploymentScale(request) : await this.api.readNamespacedStatefulSetScale(request);
      return ok(stateOf(scale));
    } catch (error) {
      return err(scaleError(target, error));
    }
  }

  async write(target: ScaleTarget, replicas: number): Promise<Result<ScaleState, ScaleError>> {
    const request = { name: target.name, namespace: this.namespace, body: { spec: { replicas } } };
    const { setHeaderOptions, PatchStrategy } = kubernetesClient();
    const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    try {
      const scale = target.kind === 'Deployment' ? await this.api.patchNamespacedDeploymentScale(request, options) : await this.api.patchNamespacedStatefulSetScale(request, options);
      return ok(stateOf(scale));
    } catch (error) {
      return err(scaleError(target, error));
    }
  }
}
