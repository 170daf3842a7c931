import { type V1Pod } from '@kubernetes/client-node';
import { type PodView } from '@tsukimi/conductor';

/**
 * The few facts discovery reads from a Pod. Objects from a list come deserialized and those
 * from a watch as plain JSON, so only fields that read the same both ways are used.
 */
export function podView(pod: V1Pod): PodView {
  const namedPorts = new Map<string, number>();
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) if (port.name) namedPorts.set(port.name, port.containerPort);
  }
  return {
    name: pod.metadata?.name ?? '',
    ip: pod.status?.podIP || undefined,
    ready: (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    terminating: Boolean(pod.metadata?.deletionTimestamp),
    namedPorts,
  };
}
