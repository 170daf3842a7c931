import { type InstanceId, type InstanceRole, instanceId } from '@tsukimi/scheduler';

/** What discovery needs of one pod, mapped from the Kubernetes object at the edge. */
export interface PodView {
  readonly name: string;
  /** The pod's IP; absent until the pod is scheduled and has one. */
  readonly ip: string | undefined;
  /** The pod's Ready condition is True. */
  readonly ready: boolean;
  /** The pod has a deletionTimestamp: it is shutting down. */
  readonly terminating: boolean;
  /** Container ports by name, across the pod's containers. */
  readonly namedPorts: ReadonlyMap<string, number>;
}

/** Which port of a pod to dial: a number, or the name of a container port. */
export type InstancePort = { readonly kind: 'number'; readonly port: number } | { readonly kind: 'name'; readonly name: string };

/** `--instance-grpc-port` text: digits are a port number, anything else a container port's name. */
export function instancePort(text: string): InstancePort {
  return /^[0-9]+$/.test(text) ? { kind: 'number', port: Number(text) } : { kind: 'name', name: text };
}

/** The instance a pod stands for, or undefined while it must get no new requests (no IP, not ready, terminating, no such port). */
export function podInstance(pod: PodView, port: InstancePort): InstanceId | undefined {
  if (!pod.ip || !pod.ready || pod.terminating) return undefined;
  const number = port.kind === 'number' ? port.port : pod.namedPorts.get(port.name);
  if (number === undefined) return undefined;
  const host = pod.ip.includes(':') ? `[${pod.ip}]` : pod.ip;
  return instanceId(`${host}:${number}`);
}

/** The instances that should be registered, from the pods each role's selector finds. */
export function desiredInstances(pods: Readonly<Record<InstanceRole, readonly PodView[]>>, port: InstancePort): Map<InstanceId, InstanceRole> {
  const desired = new Map<InstanceId, InstanceRole>();
  for (const role of ['prefill', 'decode'] as const) {
    for (const pod of pods[role]) {
      const id = podInstance(pod, port);
      if (id !== undefined && !desired.has(id)) desired.set(id, role);
    }
  }
  return desired;
}

/** What to add to and remove from the registry to go from `current` to `desired`. */
export interface InstanceChanges {
  readonly add: readonly { readonly id: InstanceId; readonly role: InstanceRole }[];
  readonly remove: readonly InstanceId[];
}

/** An instance whose role changed (an IP reused by a pod of the other role) is removed and added again. */
export function diffInstances(current: ReadonlyMap<InstanceId, InstanceRole>, desired: ReadonlyMap<InstanceId, InstanceRole>): InstanceChanges {
  const remove = [...current].filter(([id, role]) => desired.get(id) !== role).map(([id]) => id);
  const add = [...desired].filter(([id, role]) => current.get(id) !== role).map(([id, role]) => ({ id, role }));
  return { add, remove };
}
