import { err, ok, type Result } from '@tsukimi/result';
import { type ScaleError, type ScalePort, type ScaleState, type ScaleTarget } from '../scale.port';

const keyOf = (target: ScaleTarget) => `${target.kind}/${target.name}`;

/**
 * The scale subresource in memory, for planner tests and the local cluster's supervisor. It
 * passes the same contract suite as the Kubernetes adapter. Status follows spec at once.
 */
export class InMemoryScale implements ScalePort {
  private readonly replicas = new Map<string, number>();

  /** Creates a target with its replicas; a target never created reads as not-found. */
  create(target: ScaleTarget, replicas: number): void {
    this.replicas.set(keyOf(target), replicas);
  }

  async read(target: ScaleTarget): Promise<Result<ScaleState, ScaleError>> {
    const replicas = this.replicas.get(keyOf(target));
    if (replicas === undefined) return err({ code: 'not-found', message: `${keyOf(target)} not found` });
    return ok({ specReplicas: replicas, statusReplicas: replicas });
  }

  async write(target: ScaleTarget, replicas: number): Promise<Result<ScaleState, ScaleError>> {
    if (!this.replicas.has(keyOf(target))) return err({ code: 'not-found', message: `${keyOf(target)} not found` });
    this.replicas.set(keyOf(target), replicas);
    return this.read(target);
  }
}
