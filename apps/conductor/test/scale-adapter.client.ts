import { type ScaleError, type ScalePort, type ScaleState, type ScaleTarget } from '@tsukimi/planner';
import { type Result } from '@tsukimi/result';
import { type PodDeletionCostPort } from '../src/planner/pod-deletion-cost.port';
import { AdapterProcess } from './adapter.process';

/**
 * A ScalePort (and PodDeletionCostPort) whose every call runs in `scale-adapter-process.ts`, i.e.
 * the real KubernetesScale and KubernetesPodDeletionCost doing real HTTP; this side only relays the
 * calls and their results.
 */
export class ScaleAdapterClient implements ScalePort, PodDeletionCostPort {
  private constructor(private readonly relay: AdapterProcess) {}

  /** The adapters abort each call after `callTimeoutMs`. */
  static async start(kubeconfig: string, namespace: string, callTimeoutMs = 5_000): Promise<ScaleAdapterClient> {
    return new ScaleAdapterClient(await AdapterProcess.start('scale-adapter-process.ts', kubeconfig, [namespace, String(callTimeoutMs)]));
  }

  read(target: ScaleTarget): Promise<Result<ScaleState, ScaleError>> {
    return this.relay.call({ op: 'read', target });
  }

  write(target: ScaleTarget, replicas: number): Promise<Result<ScaleState, ScaleError>> {
    return this.relay.call({ op: 'write', target, replicas });
  }

  mark(pods: readonly string[]): Promise<Result<void, ScaleError>> {
    return this.relay.call({ op: 'mark', pods });
  }

  stop(): Promise<void> {
    return this.relay.stop();
  }
}
