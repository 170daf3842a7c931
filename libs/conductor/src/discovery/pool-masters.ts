import { type InstancePort, podInstance, type PodView } from './pod-instances';

type Listener = (addresses: readonly string[]) => void;

/**
 * The kvpool masters' gRPC addresses (host:port) the conductor follows: fixed by
 * `--kvpool-address`, or kept by Kubernetes discovery equal to the master Pods that are ready
 * and not terminating. Listeners hear of every change of the set, not of updates that leave
 * it as it was.
 */
export class PoolMasters {
  private addresses: readonly string[];
  private readonly listeners = new Set<Listener>();

  constructor(initial: readonly string[] = []) {
    this.addresses = [...initial];
  }

  current(): readonly string[] {
    return this.addresses;
  }

  update(addresses: readonly string[]): void {
    if (addresses.length === this.addresses.length && addresses.every((a, i) => a === this.addresses[i])) return;
    this.addresses = [...addresses];
    for (const listener of [...this.listeners]) listener(this.addresses);
  }

  /** Calls `listener` on every change until the returned function is called. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The addresses of the master Pods that may take calls, in Pod name order: a StatefulSet's
 * ordinals, so the order holds while the set does.
 */
export function masterAddresses(pods: readonly PodView[], port: InstancePort): string[] {
  const ordered = [...pods].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const addresses: string[] = [];
  for (const pod of ordered) {
    const address = podInstance(pod, port);
    if (address !== undefined && !addresses.includes(address)) addresses.push(address);
  }
  return addresses;
}
